"""Rebuilding the public dump in the background when the archive changes, coalesced.

PostgreSQL's triggers change the archive version (conference.web.archive_version) with
every write a public page could show. After each request that may write (any method but
GET, HEAD, OPTIONS and TRACE: the admin, moderation, uploads, imports from the admin),
DumpOnChangeMiddleware asks request_rebuild() whether the version differs from the one the
published dump was built from. If so, and no rebuild is queued yet, one is queued: the
DumpState row's `requested_at` is set by a conditional UPDATE, which only one of several
concurrent requests wins, so that a burst of saves queues one build, not one per save.
Where the task backend can defer (the database one), the build waits
DUMP["REBUILD_DELAY_SECONDS"] for the burst to end. The task clears `requested_at` before
it reads, so a write during a build queues the next one.

Writes outside requests (management commands, psql, the rendition worker) are picked up
by the next request that writes, or by `manage.py build_dump` (docs/dump.md).
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from conference.dump.build import build, publish
from conference.dump.models import DumpState
from conference.web.archive_version import ArchiveVersion

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
STALE_AFTER = datetime.timedelta(hours=1)


@task
def rebuild_dump() -> str:
    """Build the dump and publish it; return "published", "unchanged" or "superseded"."""
    DumpState.objects.filter(pk=1).update(requested_at=None)
    built = build()
    state, changed = publish(built)
    if changed:
        return "published"
    return "unchanged" if state.archive_version == built.archive_version else "superseded"


def request_rebuild() -> bool:
    """Queue rebuild_dump once the surrounding transaction commits, if the archive
    changed since the published dump and no rebuild is queued; return whether it was."""
    if not settings.DUMP["REBUILD_ON_CHANGE"]:
        return False
    version = ArchiveVersion.current()
    now = timezone.now()
    # A request older than STALE_AFTER was lost (a worker's queue emptied): claimed anew.
    unclaimed = Q(requested_at__isnull=True) | Q(requested_at__lt=now - STALE_AFTER)
    claimed = (
        DumpState.objects.filter(unclaimed, pk=1)
        .exclude(archive_version=version)
        .update(requested_at=now)
    )
    if not claimed:
        if DumpState.objects.filter(pk=1).exists():
            return False
        # No dump was ever built here: the first request after a write builds one.
        _, claimed = DumpState.objects.get_or_create(pk=1, defaults={"requested_at": now})
        if not claimed:
            return False
    transaction.on_commit(_enqueue, robust=True)
    return True


def _enqueue():
    planned = rebuild_dump
    delay = settings.DUMP["REBUILD_DELAY_SECONDS"]
    if delay > 0 and planned.get_backend().supports_defer:
        planned = planned.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return planned.enqueue()


class DumpOnChangeMiddleware:
    """After a request that may have written the archive, request_rebuild(). Its failure
    (the database gone) is logged, never the request's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            try:
                request_rebuild()
            except DatabaseError:
                logger.exception("Could not queue a rebuild of the public data dump.")
        return response
