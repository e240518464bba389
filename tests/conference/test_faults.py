"""Faults, tested: the database connection cut, the media disk full, the worker killed.

Each test is bounded in time. The S3 endpoint stopped during an upload is in
tests/photos/test_s3.py.
"""

import datetime
import errno
import io
import os
import select
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from conference.ops.worker_recovery import delete_orphan_renditions, requeue_stale_tasks
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition
from photos.services import add_photo
from photos.tasks import enqueue_renditions
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    StaffFactory,
)
from tests.photos.test_upload import image_bytes, stored_files

# --- PostgreSQL drops the app's connection ----------------------------------------------


def wsgi_get(path: str) -> int:
    """One request through Django's WSGI handler, as a granian worker makes it.

    Unlike the test client, this sends request_started to close_old_connections, the
    hook that makes persistent connections and their health checks work.
    """
    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()  # sends request_finished
    return int(statuses[0].split()[0])


def admin_params() -> dict:
    """Connection parameters for a second connection to the test database, beside Django's."""
    return {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in {"host", "port", "user", "password", "dbname"}
    }


def terminate_backend(pid: int) -> None:
    """What a PostgreSQL restart does to the app's connection: the server ends it."""
    params = admin_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    # The server ends the backend asynchronously.
    deadline = time.monotonic() + 10
    with psycopg.connect(**params, autocommit=True) as admin:
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.fixture
def persistent_connections(monkeypatch):
    """The production database settings: connections kept across requests, health checked."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    EditionFactory(slug="pgconf-2019", name="PGConf 2019")
    yield
    connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_ended_by_server_next_request_reconnects(persistent_connections):
    assert wsgi_get("/") == 200
    assert connection.connection is not None  # kept open after the request
    old_pid = connection.connection.info.backend_pid

    terminate_backend(old_pid)

    assert wsgi_get("/") == 200
    assert connection.connection.info.backend_pid != old_pid
    assert wsgi_get("/pgconf-2019/") == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_ended_without_health_checks_recovers_after_one_error(
    persistent_connections, monkeypatch
):
    # Without health checks a request may meet the dead connection and fail; Django then
    # closes it at the end of that request, so at most one request is lost.
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert wsgi_get("/") == 200
    terminate_backend(connection.connection.info.backend_pid)

    statuses = [wsgi_get("/"), wsgi_get("/")]

    assert statuses in ([500, 200], [200, 200])


def last_statement_of(pid: int) -> str:
    """The last statement backend `pid` ran, as PostgreSQL's own statistics tell."""
    params = admin_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        (query,) = admin.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone()
    return query


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_check_of_a_live_idle_connection_sends_nothing():
    """conference.db.postgresql: nothing on the socket, no SELECT 1 round trip."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last statement before the check'")
    pid = connection.connection.info.backend_pid

    assert connection.is_usable() is True
    assert last_statement_of(pid) == "SELECT 'the last statement before the check'"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_check_asks_the_server_when_something_waits_on_the_socket():
    with connection.cursor() as cursor:
        cursor.execute("LISTEN archive_health_check_test")
    pid = connection.connection.info.backend_pid
    params = admin_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("NOTIFY archive_health_check_test")
    # The notification arrives on the idle connection's socket.
    readable, _, _ = select.select([connection.connection.fileno()], [], [], 5)
    assert readable

    assert connection.is_usable() is True
    assert last_statement_of(pid) == "SELECT 1"
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN *")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_check_finds_a_connection_the_server_ended(persistent_connections):
    connection.ensure_connection()
    terminate_backend(connection.connection.info.backend_pid)

    assert connection.is_usable() is False


# --- The media disk full -----------------------------------------------------------------


class _FillsUp:
    """File content whose first chunk is written and whose second finds the disk full."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        yield self.content.read(1024)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDiskStorage(FileSystemStorage):
    """A filesystem storage on a disk that fills up halfway through every file.

    Tests run as root here, where a read-only folder does not stop a write, so the disk
    fills up in this storage instead: Django's own code writes part of the file, then the
    write fails with ENOSPC as it would on a full disk.
    """

    def _save(self, name, content):
        return super()._save(name, _FillsUp(content))


class NoSpaceStorage(FileSystemStorage):
    """A filesystem storage that cannot create a single file: no space, no inodes."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def storage_settings(settings, tmp_path, alias, backend):
    folder = "media" if alias == "default" else "private-media"
    options = {"location": tmp_path / folder}
    if alias == "private":
        options["base_url"] = None
    settings.STORAGES = {
        **settings.STORAGES,
        alias: {"BACKEND": f"{__name__}.{backend.__name__}", "OPTIONS": options},
    }


def upload(client, gallery):
    data = image_bytes("JPEG", size=(1000, 700))
    return client.post(
        reverse("photo-staff:upload-file"),
        # Published at once: only then are its renditions built (and can fail) at upload.
        {"gallery": gallery.pk, "files": SimpleUploadedFile("IMG_0001.jpg", data), "publish": "on"},
    )


@pytest.fixture
def uploader(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


# Committed for real: the renditions task runs once the upload commits, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("alias", ["private", "default"])
def test_disk_full_on_media_refuses_upload_keeps_nothing(uploader, settings, tmp_path, alias):
    storage_settings(settings, tmp_path, alias, NoSpaceStorage)
    gallery = GalleryFactory()

    response = upload(uploader, gallery)

    assert response.status_code == 503
    assert response.json()["error"].endswith("was not saved. Please try again later.")
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert stored_files(tmp_path) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("alias", ["private", "default"])
def test_disk_filling_up_during_write_refuses_upload(uploader, settings, tmp_path, alias):
    storage_settings(settings, tmp_path, alias, FullDiskStorage)
    gallery = GalleryFactory()

    response = upload(uploader, gallery)

    assert response.status_code == 503
    assert "was not saved" in response.json()["error"]
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_disk_filling_up_during_write_leaves_no_partial_file(uploader, settings, tmp_path):
    storage_settings(settings, tmp_path, "private", FullDiskStorage)

    upload(uploader, GalleryFactory())

    assert stored_files(tmp_path) == []


# --- The rendition worker killed mid-task -----------------------------------------------


def big_photo_bytes() -> bytes:
    """A 12-megapixel photo of noise: seconds of work for the rendition build."""
    noise = Image.effect_noise((4000, 3000), 64).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def start_worker(tmp_path) -> subprocess.Popen:
    """`manage.py db_worker` in its own process, on the test database and media folders."""
    environment = {
        **os.environ,
        "TASKS_BACKEND": "database",
        "EMBEDDED_POSTGRES_DB": connection.settings_dict["NAME"],
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--interval=0", "--no-startup-delay"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def run_worker_to_end(tmp_path) -> str:
    """Run a worker until the queue is empty; return its errors (empty when it succeeded)."""
    worker = start_worker(tmp_path)
    _, errors = worker.communicate(timeout=120)
    return "" if worker.returncode == 0 else errors.decode()


def wait_for(condition, *, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)
    return result


def rendition_files(tmp_path, photo) -> list[str]:
    folder = tmp_path / "media" / "renditions" / str(photo.pk)
    return sorted(f"renditions/{photo.pk}/{path.name}" for path in folder.glob("*"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_mid_task_task_requeued_no_duplicate_renditions(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    photo = add_photo(
        gallery=GalleryFactory(),
        file=SimpleUploadedFile("big.jpg", big_photo_bytes()),
        status=PhotoStatus.PUBLISHED,
    )
    task = DBTaskResult.objects.get()

    worker = start_worker(tmp_path)
    try:
        # The task first decodes the upload (a fraction of a second) and marks the check
        # passed; the kill lands in what follows, the renditions' build (seconds).
        wait_for(
            lambda: Photo.objects.filter(pk=photo.pk, check_status=CheckStatus.PASSED).exists(),
            timeout=60,
        )
        time.sleep(0.1)  # into the build: resizing and encoding 12 megapixels
        worker.send_signal(signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.communicate(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    # Killed mid-task: the row stays RUNNING; the photo passed its check and was published
    # (the uploader may publish) but has no renditions yet.
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PUBLISHED, CheckStatus.PASSED)
    assert photo.renditions.count() == 0
    # A worker started again does not pick up a RUNNING task by itself...
    assert run_worker_to_end(tmp_path) == ""
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING

    # ...the operator's recovery step puts it back in the queue.
    requeued = requeue_stale_tasks(older_than=datetime.timedelta(0))
    assert [row.pk for row in requeued] == [task.pk]
    assert run_worker_to_end(tmp_path) == ""

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2  # the killed worker and the one that finished it
    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.READY
    rows = list(photo.renditions.values_list("width", "format"))
    assert len(rows) == len(set(rows))
    assert {width for width, _ in rows} == {480, 960, 1600, 2400}
    # The files are exactly the rows' files: nothing the killed build wrote is left.
    assert rendition_files(tmp_path, photo) == sorted(
        photo.renditions.values_list("file", flat=True)
    )


@pytest.mark.django_db
def test_orphan_rendition_files_deleted_rows_files_kept(tmp_path):
    rendition = RenditionFactory()
    storage = rendition.file.storage
    orphan = storage.save(f"renditions/{rendition.photo_id}/480-dead.webp", ContentFile(b"x"))

    deleted = delete_orphan_renditions(photo_ids=[rendition.photo_id])

    assert deleted == [orphan]
    assert rendition_files(tmp_path, rendition.photo) == [rendition.file.name]


@pytest.mark.django_db
def test_requeue_leaves_recently_started_tasks_running(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    photo = PhotoFactory()
    enqueue_renditions(photo.pk)
    task = DBTaskResult.objects.get()
    task.claim("worker-1")

    assert requeue_stale_tasks(older_than=datetime.timedelta(minutes=30)) == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
