"""Recovering the task queue after a worker died mid-task.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed by SIGKILL, the OOM killer or a lost machine leaves the row RUNNING
forever, and the photo it was building stays "pending". requeue_stale_tasks puts such
rows back in the queue. Running a rendition build again is safe (photos.renditions
replaces a photo's rows, one per width and format); what a killed build may leave
behind are rendition files it wrote before its transaction committed, which
delete_orphan_renditions removes. See docs/operations.md for when to run it.
"""

import datetime

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference.db.stored_files import delete_quietly
from photos.models import Rendition

# The tasks that write rendition files: a build, and the check that builds after it.
RENDITIONS_TASKS = {"photos.tasks.build_photo_renditions", "photos.tasks.check_photo"}
RENDITIONS_FOLDER = "renditions"


def requeue_stale_tasks(*, older_than: datetime.timedelta) -> list[DBTaskResult]:
    """Put back in the queue every task RUNNING since longer than `older_than`.

    Side effects: in one transaction, sets those rows READY again (worker_ids keeps the
    dead worker's id, for the record); then deletes the orphan rendition files of the
    photos their rendition builds were for. Returns the requeued rows. Choose
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
    photo_ids = [
        row.args_kwargs["args"][0]
        for row in stale
        if row.task_path in RENDITIONS_TASKS and row.args_kwargs.get("args")
    ]
    delete_orphan_renditions(photo_ids=photo_ids)
    return stale


def delete_orphan_renditions(*, photo_ids) -> list[str]:
    """Delete the files under renditions/<id>/ that no Rendition row points at.

    Returns the names deleted. Only for photos no build is running for: a running
    build's files have no rows until its transaction commits.
    """
    storage = Rendition._meta.get_field("file").storage
    deleted = []
    for photo_id in photo_ids:
        folder = f"{RENDITIONS_FOLDER}/{int(photo_id)}"
        try:
            _, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        kept = set(Rendition.objects.filter(photo_id=photo_id).values_list("file", flat=True))
        orphans = [f"{folder}/{name}" for name in files if f"{folder}/{name}" not in kept]
        failed = delete_quietly(storage, orphans)
        deleted += [name for name in orphans if name not in failed]
    return deleted
