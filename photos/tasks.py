"""Background work on photos, through Django's tasks framework (settings.TASKS).

check_photo follows every upload: the request checked the file's header only (type,
pixel count), so the task decodes the stored original to the end; a photo that fails is
marked "damaged" (check_status, with the reason in check_error) for the organisers and
is never published; one that passes is published if its uploader asked for that, and
gets its renditions from the same decode if the public may see it.

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

from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.decoding import InvalidPhoto
from photos.imaging import placeholder_color
from photos.models import Photo
from photos.renditions import DecodedOriginal, PhotoNotPublic, build_renditions, decode_original
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
    return _build(photo_id, attempt=attempt)


def _build(photo_id: int, *, attempt: int, decoded: DecodedOriginal | None = None) -> str:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "gone"
    try:
        if not public_photo_ids([photo_id]):
            raise PhotoNotPublic  # before the costly part; build_renditions checks again
        build_renditions(photo, decoded)
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


@task
def check_photo(photo_id: int, publish: bool = False, attempt: int = 1) -> str:
    """Decode the original of the new photo `photo_id` to the end; return what followed.

    Side effects: a damaged original marks the photo's check "failed" with the reason
    (it stays unpublished; "failed" is returned); a readable one marks it "passed" with
    its placeholder colour, publishes it when `publish` (the uploader may publish, and
    the photo is still pending), then its renditions are built as by
    build_photo_renditions, from the decode done here. An original the storage cannot
    give is tried again later, as rendition builds are, and marked "failed" after the
    last attempt. A photo deleted meanwhile is skipped ("gone").
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "gone"
    try:
        decoded = decode_original(photo)
    except InvalidPhoto as error:
        record_check(photo_id, error.message)
        return CheckStatus.FAILED
    except Exception as error:
        if attempt < settings.PHOTO_RENDITION_ATTEMPTS:
            enqueue_check(photo_id, publish=publish, attempt=attempt + 1)
        else:
            record_check(photo_id, f"{type(error).__name__}: {error}")
        raise
    with transaction.atomic():
        if not lock_photos([photo_id]):
            return "gone"
        record_check(photo_id, "", color=placeholder_color(decoded.image))
        if publish:
            pending = Photo.objects.filter(pk=photo_id, status=PhotoStatus.PENDING)
            pending.update(status=PhotoStatus.PUBLISHED)
    return _build(photo_id, attempt=1, decoded=decoded)


def record_check(photo_id: int, error: str, *, color: str = "") -> None:
    """The check's outcome on the photo: passed (with its colour) when `error` is empty."""
    if error:
        logger.warning("Photo %s failed its check: %s", photo_id, error)
        fields = {"check_status": CheckStatus.FAILED, "check_error": error[:MAX_ERROR_LENGTH]}
    else:
        fields = {"check_status": CheckStatus.PASSED, "check_error": "", "placeholder_color": color}
    Photo.objects.filter(pk=photo_id).update(**fields, updated_at=timezone.now())


def enqueue_check(photo_id: int, *, publish: bool, attempt: int = 1):
    """Enqueue check_photo for one photo, deferred for a retry where possible."""
    return _deferred(check_photo, attempt).enqueue(photo_id, publish=publish, attempt=attempt)


def mark_withdrawn(photo_id: int) -> None:
    """A photo found not public: no renditions, and the status says so (not "pending")."""
    with transaction.atomic():
        locked = lock_photos([photo_id])
        # Published again meanwhile: that publication enqueued its own build.
        if locked and not public_photo_ids(locked):
            withdraw_renditions(photo_ids=locked)


def enqueue_renditions(photo_id: int, *, attempt: int = 1):
    """Enqueue build_photo_renditions for one photo, deferred for a retry where possible."""
    return _deferred(build_photo_renditions, attempt).enqueue(photo_id, attempt=attempt)


def _deferred(planned, attempt: int):
    """`planned` (a task) to run after RETRY_DELAYS' wait for `attempt`, where possible."""
    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1] if attempt > 1 else 0
    if delay and planned.get_backend().supports_defer:
        planned = planned.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return planned


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
