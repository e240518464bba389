"""The worker killed while it reads a slide deck (as tests/conference/test_faults.py does
for photo renditions): the task is requeued, the page images it wrote without rows are
deleted, and the retry leaves one row per page and image, the files exactly the rows'.

The kill lands at a known point, not after a sleep: a second connection holds the deck's
row lock, so the worker draws every page, writes the images to the media storage, then
waits for that lock before its transaction writes the rows; it is killed while it waits.
"""

import datetime
import os
import signal
import time

import psycopg
import pytest
from django.core.files.storage import default_storage, storages
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conference.ops.worker_recovery import (
    delete_orphan_slide_images,
    delete_orphan_slide_pdfs,
    requeue_stale_tasks,
)
from talks.decks.models import DeckStatus, SlideDeck, SlideImage
from talks.decks.services import upload_slides
from talks.decks.tasks import enqueue_fetch
from tests.conference.test_faults import admin_params, run_worker_to_end, start_worker, wait_for
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload
from tests.talks.decks.rows import ready_deck


def page_images(tmp_path, deck_id: int) -> list[str]:
    folder = tmp_path / "media" / "slide-pages" / str(deck_id)
    return sorted(f"slide-pages/{deck_id}/{path.name}" for path in folder.glob("*"))


def blocked_by(locker: psycopg.Connection) -> bool:
    """Whether another backend (the worker's) waits for a lock `locker` holds."""
    # From a connection of its own: a transaction reads pg_stat_activity once and keeps it.
    with psycopg.connect(**admin_params(), autocommit=True) as watcher:
        query = "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))"
        return watcher.execute(query, [locker.info.backend_pid]).fetchone()[0] > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_reading_slides_task_requeued_no_orphan_images(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    talk = TalkFactory()  # public: its pages get images
    slide_deck = upload_slides(talk=talk, file=upload(deck("first words", "second words")))
    task = DBTaskResult.objects.get()

    with psycopg.connect(**admin_params()) as locker:
        locker.execute("SELECT 1 FROM talks_slidedeck WHERE id = %s FOR UPDATE", [slide_deck.pk])
        worker = start_worker(tmp_path)
        try:
            wait_for(lambda: blocked_by(locker), timeout=120, step=0.1)
            worker.send_signal(signal.SIGKILL)
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.communicate(timeout=10)
        locker.rollback()
    assert worker.returncode == -signal.SIGKILL

    # Killed mid-task: the images are written, no row points at them, the task is RUNNING.
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    slide_deck.refresh_from_db()
    assert (slide_deck.status, slide_deck.pages.count()) == (DeckStatus.PENDING, 0)
    orphans = page_images(tmp_path, slide_deck.pk)
    assert len(orphans) == 3 * 5  # three pages, five sizes and formats each

    requeued = requeue_stale_tasks(older_than=datetime.timedelta(0))
    assert [row.pk for row in requeued] == [task.pk]
    assert page_images(tmp_path, slide_deck.pk) == []
    assert run_worker_to_end(tmp_path) == ""

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2  # the killed worker and the one that finished it
    slide_deck.refresh_from_db()
    assert (slide_deck.status, slide_deck.page_count) == (DeckStatus.READY, 3)
    assert sorted(slide_deck.pages.values_list("number", flat=True)) == [1, 2, 3]
    images = SlideImage.objects.filter(page__deck=slide_deck)
    keys = list(images.values_list("page__number", "kind", "format"))
    assert len(keys) == len(set(keys)) == 15
    # The files are exactly the rows' files: nothing the killed reading wrote is left.
    assert page_images(tmp_path, slide_deck.pk) == sorted(images.values_list("file", flat=True))


@pytest.mark.django_db
def test_orphan_slide_images_deleted_rows_files_kept(tmp_path):
    slide_deck = ready_deck(TalkFactory(), ["kept"])
    kept = list(SlideImage.objects.values_list("file", flat=True))
    for name in kept:
        default_storage.save(name, upload(b"image"))
    orphan = default_storage.save(f"slide-pages/{slide_deck.pk}/1-thumb-dead.webp", upload(b"x"))
    other = SlideDeck.objects.create(talk=TalkFactory())
    untouched = default_storage.save(f"slide-pages/{other.pk}/1-thumb-x.webp", upload(b"x"))

    deleted = delete_orphan_slide_images(deck_ids=[slide_deck.pk])

    assert deleted == [orphan]
    assert page_images(tmp_path, slide_deck.pk) == sorted(kept)
    assert page_images(tmp_path, other.pk) == [untouched]  # no task for it: left alone


def written_hours_ago(storage, name: str, hours: float) -> None:
    when = time.time() - hours * 3600
    os.utime(storage.path(name), (when, when))


@pytest.mark.django_db
def test_requeued_fetch_deletes_pdfs_no_deck_points_at(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    private = storages["private"]
    slide_deck = ready_deck(TalkFactory(slides_url="https://example.org/s.pdf"), ["x"], pdf=b"%PDF")
    # What a fetch killed between writing its PDF and saving the deck leaves: a file no
    # deck knows. And one a fetch running now has just written.
    dead = private.save("slide-decks/dead.pdf", upload(b"%PDF dead"))
    running = private.save("slide-decks/running.pdf", upload(b"%PDF running"))
    for name in (slide_deck.pdf.name, dead):
        written_hours_ago(private, name, 2)
    enqueue_fetch(slide_deck.pk)
    DBTaskResult.objects.get().claim("worker-1")

    half_an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=30)
    assert delete_orphan_slide_pdfs(written_before=half_an_hour_ago) == [dead]
    assert private.exists(running)  # younger than the cutoff: perhaps a live fetch's

    requeue_stale_tasks(older_than=datetime.timedelta(0))
    assert sorted(private.listdir("slide-decks")[1]) == [slide_deck.pdf.name.split("/")[1]]
