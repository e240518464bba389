import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition
from photos.services import add_photo
from photos.tasks import build_photo_renditions
from tests.factories import GalleryFactory, PhotoFactory, jpeg_bytes
from tests.photos.test_upload import image_bytes, stored_files

pytestmark = pytest.mark.django_db

PHOTOS = reverse("admin:photos_photo_changelist")


@pytest.fixture
def finished():
    """The results of every task that finishes during the test, in order."""
    results = []

    def collect(sender, task_result, **kwargs):
        results.append(task_result)

    task_finished.connect(collect)
    yield results
    task_finished.disconnect(collect)


@pytest.fixture
def public_storage_broken(settings, tmp_path):
    """The public storage's folder is a file: every rendition write fails."""
    blocked = tmp_path / "media"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }
    return blocked


def rendition_files(tmp_path) -> list[str]:
    return [name for name in stored_files(tmp_path) if name.startswith("media/")]


def test_build_task_twice_keeps_one_row_per_size_and_deletes_old_files(
    tmp_path, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(original=ContentFile(jpeg_bytes(1000, 750), name="p.jpg"))

    with django_capture_on_commit_callbacks(execute=True):
        first = build_photo_renditions.enqueue(photo.pk)
    first_rows = sorted(Rendition.objects.values_list("width", "format"))
    first_files = rendition_files(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        second = build_photo_renditions.enqueue(photo.pk)

    assert (first.status, second.status) == (TaskResultStatus.SUCCESSFUL,) * 2
    assert second.return_value == RenditionsStatus.READY
    assert sorted(Rendition.objects.values_list("width", "format")) == first_rows
    assert {width for width, _ in first_rows} == {480, 960}
    # The second run's files replaced the first run's: those are gone from storage.
    files = rendition_files(tmp_path)
    assert len(files) == len(first_rows)
    assert set(files).isdisjoint(first_files)
    assert sorted(f"media/{name}" for name in Rendition.objects.values_list("file", flat=True)) == (
        files
    )
    photo.refresh_from_db()
    assert (photo.renditions_status, photo.renditions_error) == (RenditionsStatus.READY, "")


def test_build_task_failing_is_retried_then_marked_failed(
    public_storage_broken, finished, settings
):
    settings.PHOTO_RENDITION_ATTEMPTS = 3
    photo = PhotoFactory()

    build_photo_renditions.enqueue(photo.pk)

    # Three attempts (the immediate backend cannot defer them), each a failed task.
    assert [result.kwargs.get("attempt", 1) for result in finished] == [3, 2, 1]
    assert {result.status for result in finished} == {TaskResultStatus.FAILED}
    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.FAILED
    assert photo.renditions_error.startswith("NotADirectoryError: ")
    assert not Rendition.objects.exists()


def test_build_task_damaged_original_not_retried(finished):
    photo = PhotoFactory(original=ContentFile(jpeg_bytes(800, 600)[:1500], name="p.jpg"))

    build_photo_renditions.enqueue(photo.pk)

    assert len(finished) == 1
    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.FAILED
    assert photo.renditions_error == (
        "InvalidPhoto: This image file is damaged or incomplete, so it cannot be read."
    )


def test_build_task_for_deleted_photo_does_nothing():
    photo = PhotoFactory()
    photo_id = photo.pk
    photo.delete()

    result = build_photo_renditions.enqueue(photo_id)

    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "gone")


def test_failed_renditions_visible_in_admin_and_rebuilt_by_action(
    admin_client, public_storage_broken, django_capture_on_commit_callbacks
):
    failing = PhotoFactory(caption="Closing party")
    fine = PhotoFactory(caption="Opening keynote")
    with django_capture_on_commit_callbacks(execute=True):
        build_photo_renditions.enqueue(failing.pk)
    Photo.objects.filter(pk=fine.pk).update(renditions_status=RenditionsStatus.READY)

    listed = admin_client.get(PHOTOS, {"renditions_status__exact": "failed"})

    assert [photo.caption for photo in listed.context["cl"].result_list] == ["Closing party"]
    assert "NotADirectoryError: " in listed.text
    assert "Rebuild renditions of selected photos" in listed.text

    # The storage is back: the admin action rebuilds them.
    public_storage_broken.unlink()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            PHOTOS,
            {"action": "rebuild_renditions", "_selected_action": [failing.pk]},
            follow=True,
        )

    assert "The renditions of 1 photo will be rebuilt." in response.text
    failing.refresh_from_db()
    assert (failing.renditions_status, failing.renditions_error) == (RenditionsStatus.READY, "")
    assert failing.renditions.count() > 0


def test_photo_changelist_links_upload_page(admin_client):
    gallery = GalleryFactory()

    response = admin_client.get(PHOTOS, {"gallery__id__exact": gallery.pk})

    assert f'href="{reverse("photo-staff:upload")}?gallery={gallery.pk}"' in response.text


# --- the database backend and its worker ----------------------------------------------


def run_worker() -> None:
    """What `manage.py db_worker --batch` runs, in this process (no signal handlers)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_backend_queues_the_check_and_renditions_for_the_worker(database_queue):
    photo = add_photo(gallery=GalleryFactory(), file=_upload(), status=PhotoStatus.PUBLISHED)

    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs) == (
        "photos.tasks.check_photo",
        {"args": [photo.pk], "kwargs": {"publish": True, "attempt": 1}},
    )
    photo.refresh_from_db()
    # Not public until the worker has decoded the whole file.
    assert (photo.status, photo.check_status) == (PhotoStatus.PENDING, CheckStatus.CHECKING)
    assert (photo.renditions_status, photo.renditions.count()) == (RenditionsStatus.WITHDRAWN, 0)

    run_worker()

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PUBLISHED, CheckStatus.PASSED)
    assert photo.renditions_status == RenditionsStatus.READY
    assert photo.renditions.count() > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_backend_failure_enqueues_a_later_attempt(database_queue, public_storage_broken):
    photo = add_photo(gallery=GalleryFactory(), file=_upload(), status=PhotoStatus.PUBLISHED)

    run_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": [photo.pk], "kwargs": {"attempt": 2}}
    # Deferred: the worker's batch run did not pick it up, a later run will.
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=20)
    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.PENDING
    assert photo.renditions_error.startswith("NotADirectoryError: ")


def _upload():
    return SimpleUploadedFile("a.jpg", image_bytes("JPEG"))
