"""Recovering the task queue after a worker died mid-task.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed by SIGKILL, the OOM killer or a lost machine leaves the row RUNNING
forever, and the photo or slide deck it was building stays "pending". requeue_stale_tasks
puts such rows back in the queue. Running a rendition build or a deck's reading again is
safe (photos.renditions replaces a photo's rows, one per width and format;
talks.decks.extraction a deck's pages, one per page); what a killed task may leave behind
are files it wrote before its transaction committed: rendition files, which
delete_orphan_renditions removes, and slide page images, which delete_orphan_slide_images
removes. The background tagging of a topic's talks (talks.topic_tagging.retag_topics) and
the related talks' refresh keep their work in tables (talks_staletopic,
talks_stalerelatedtalk) whose rows go only with the transaction that did the work, and
write no files: requeueing them is all they need. See docs/operations.md for when to run it.
"""

import datetime

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference.db.stored_files import delete_quietly
from photos.models import Rendition
from talks.decks.models import SlideDeck, SlideImage

# The tasks that write rendition files: a build, and the check that builds after it.
RENDITIONS_TASKS = {"photos.tasks.build_photo_renditions", "photos.tasks.check_photo"}
RENDITIONS_FOLDER = "renditions"
# The tasks that write slide page images (the fetch reads the deck after it), by deck id;
# the images go under slide-pages/<deck id>/ (talks.decks.models.slide_image_upload_to).
SLIDES_TASKS = {"talks.decks.tasks.extract_slide_deck", "talks.decks.tasks.fetch_slide_deck"}
SLIDES_FOLDER = "slide-pages"
# A fetch keeps the PDF it brought under slide-decks/ (talks.decks.models.deck_upload_to).
FETCH_TASK = "talks.decks.tasks.fetch_slide_deck"
DECKS_FOLDER = "slide-decks"


def requeue_stale_tasks(*, older_than: datetime.timedelta) -> list[DBTaskResult]:
    """Put back in the queue every task RUNNING since longer than `older_than`.

    Side effects: in one transaction, sets those rows READY again (worker_ids keeps the
    dead worker's id, for the record); then deletes the orphan rendition files of the
    photos their rendition builds were for, and the orphan page images of the slide
    decks their deck tasks were for, and (if a fetch was among them) the kept PDFs no
    deck points at that were written before the cutoff. Returns the requeued rows. Choose
    `older_than` well above the longest task (a rendition build takes seconds): a task
    still running on a live worker would run twice, which is safe but wasteful.
    """
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lt=cutoff
            )
        )
        DBTaskResult.objects.filter(pk__in=[row.pk for row in stale]).update(
            status=TaskResultStatus.READY, started_at=None
        )
    delete_orphan_renditions(photo_ids=_first_arguments(stale, RENDITIONS_TASKS))
    delete_orphan_slide_images(deck_ids=_first_arguments(stale, SLIDES_TASKS))
    if _first_arguments(stale, {FETCH_TASK}):
        delete_orphan_slide_pdfs(written_before=cutoff)
    return stale


def _first_arguments(rows: list[DBTaskResult], task_paths: set[str]) -> list:
    """The first argument (a photo's or deck's id) of the rows of the tasks `task_paths`."""
    return [
        row.args_kwargs["args"][0]
        for row in rows
        if row.task_path in task_paths and row.args_kwargs.get("args")
    ]


def delete_orphan_renditions(*, photo_ids) -> list[str]:
    """Delete the files under renditions/<id>/ that no Rendition row points at.

    Returns the names deleted. Only for photos no build is running for: a running
    build's files have no rows until its transaction commits.
    """
    storage = Rendition._meta.get_field("file").storage
    deleted = []
    for photo_id in photo_ids:
        rows = Rendition.objects.filter(photo_id=photo_id)
        kept = set(rows.values_list("file", flat=True))
        deleted += _delete_unowned(storage, f"{RENDITIONS_FOLDER}/{int(photo_id)}", kept)
    return deleted


def delete_orphan_slide_images(*, deck_ids) -> list[str]:
    """Delete the files under slide-pages/<id>/ that no SlideImage row points at.

    Returns the names deleted. Only for decks no task is reading: a running reading's
    images have no rows until its transaction commits.
    """
    storage = SlideImage._meta.get_field("file").storage
    deleted = []
    for deck_id in deck_ids:
        rows = SlideImage.objects.filter(page__deck_id=deck_id)
        kept = set(rows.values_list("file", flat=True))
        deleted += _delete_unowned(storage, f"{SLIDES_FOLDER}/{int(deck_id)}", kept)
    return deleted


def delete_orphan_slide_pdfs(*, written_before: datetime.datetime) -> list[str]:
    """Delete the PDFs under slide-decks/ that no deck points at and that were written
    before `written_before`; return the names deleted.

    A fetch writes its PDF, then saves the deck pointing at it: a fetch killed between
    the two leaves a file with a random name no deck knows. Younger files may belong to
    a fetch still running, so only those older than the stale tasks are deleted.
    """
    storage = SlideDeck._meta.get_field("pdf").storage
    kept = set(SlideDeck.objects.exclude(pdf="").values_list("pdf", flat=True))
    try:
        _, files = storage.listdir(DECKS_FOLDER)
    except FileNotFoundError:
        return []
    names = [f"{DECKS_FOLDER}/{name}" for name in files if f"{DECKS_FOLDER}/{name}" not in kept]
    orphans = [name for name in names if storage.get_modified_time(name) < written_before]
    failed = delete_quietly(storage, orphans)
    return [name for name in orphans if name not in failed]


def _delete_unowned(storage, folder: str, kept: set[str]) -> list[str]:
    """Delete the files of `folder` whose names are not in `kept`; return those deleted."""
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    orphans = [f"{folder}/{name}" for name in files if f"{folder}/{name}" not in kept]
    failed = delete_quietly(storage, orphans)
    return [name for name in orphans if name not in failed]
