"""Background work on photos, through Django's tasks framework (settings.TASKS).

build_photo_renditions builds one photo's renditions. It runs at once in development and
tests (the immediate backend) and in `manage.py db_worker` in production (the database
backend). Neither retries a failed task by itself, so the task does: a failed attempt
enqueues the next one, later each time, up to settings.PHOTO_RENDITION_ATTEMPTS; the last
failure marks the photo failed, with the error shown in the admin.

Re-running the task is safe (a killed worker's task may run again): build_renditions
replaces the photo's rendition rows in one transaction, one row per width and format.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from photos.choices import RenditionsStatus
from photos.decoding import InvalidPhoto
from photos.models import Photo
from photos.renditions import PhotoNotPublic, build_renditions
from photos.visibility import lock_photos, public_photo_ids, withdraw_renditions

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, ... where the backend can defer (the database one):
# a storage outage or a restarting database gets a few minutes to come back.
RETRY_DELAYS = (30, 300, 1800)

# The admin shows the error; a traceback-sized text helps nobody there.
MAX_ERROR_LENGTH = 1000


@task
def build_photo_renditions(photo_id: int, attempt: int = 1) -> str:
    """Build the renditions of photo `photo_id`; return its renditions_status.

    Side effects: see build_renditions; on failure, records the error on the photo and
    enqueues the next attempt (the photo stays "pending") or, after the last attempt or
    for an original that cannot be decoded, marks it "failed". Re-raises the error, so
    that the task's own result says it failed. A photo deleted meanwhile is skipped; one
    the public may not see (any more) gets no renditions and is marked "withdrawn".
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "gone"
    try:
        if not public_photo_ids([photo_id]):
            raise PhotoNotPublic  # before the costly part; build_renditions checks again
        build_renditions(photo)
    except Photo.DoesNotExist:  # deleted while its renditions were being made
        return "gone"
    except PhotoNotPublic:
        # Unpublished, rejected or moved after this build was enqueued: its renditions
        # must not come back (photos.visibility); publishing it enqueues a build anew.
        mark_withdrawn(photo_id)
        return RenditionsStatus.WITHDRAWN
    except Exception as error:
        # An original that does not decode will not decode next time either.
        retry = not isinstance(error, InvalidPhoto) and attempt < settings.PHOTO_RENDITION_ATTEMPTS
        record_failure(photo_id, error, final=not retry)
        if retry:
            enqueue_renditions(photo_id, attempt=attempt + 1)
        raise
    return RenditionsStatus.READY


def mark_withdrawn(photo_id: int) -> None:
    """A photo found not public: no renditions, and the status says so (not "pending")."""
    with transaction.atomic():
        locked = lock_photos([photo_id])
        # Published again meanwhile: that publication enqueued its own build.
        if locked and not public_photo_ids(locked):
            withdraw_renditions(photo_ids=locked)


def enqueue_renditions(photo_id: int, *, attempt: int = 1):
    """Enqueue build_photo_renditions for one photo, deferred for a retry where possible."""
    planned = build_photo_renditions
    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1] if attempt > 1 else 0
    if delay and planned.get_backend().supports_defer:
        planned = planned.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return planned.enqueue(photo_id, attempt=attempt)


def record_failure(photo_id: int, error: Exception, *, final: bool) -> None:
    """Keep the error on the photo: "failed" after the last attempt, "pending" before."""
    message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
    logger.warning("Renditions of photo %s failed: %s", photo_id, message)
    status = RenditionsStatus.FAILED if final else RenditionsStatus.PENDING
    # Its own transaction: the build's transaction rolled back, this must stay.
    with transaction.atomic():
        Photo.objects.filter(pk=photo_id).update(
            renditions_status=status, renditions_error=message, updated_at=timezone.now()
        )
