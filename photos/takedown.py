"""Takedown requests: an attendee asks for a photo to be taken down, an organiser acts on it."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.functions import Now

from photos.choices import PhotoStatus
from photos.models import Photo, TakedownRequest, TakedownStatus
from photos.services import set_photos_status


def request_takedown(*, photo: Photo, reason: str, contact: str = "") -> TakedownRequest:
    """Record a request to take `photo` down. Side effects: one TakedownRequest row, open.

    The photo stays as it is: only an organiser hides it (see hide_photos_and_close).
    """
    return TakedownRequest.objects.create(photo=photo, reason=reason, contact=contact)


def hide_photos_and_close(*, requests: Iterable[TakedownRequest], handled_by) -> int:
    """Reject the photos of `requests` and mark those requests done, by `handled_by`, now.

    Side effects, in one transaction: the photos become rejected (so no public page shows
    them any more) and lose their public rendition files (see set_photos_status), and
    every open request of those photos, not only the ones passed, is closed as done,
    since the photo they ask about is gone. Requests already declined
    are marked done too: the photo is hidden after all. Returns how many photos were
    hidden (photos already rejected are not counted).
    """
    photo_ids = {request.photo_id for request in requests}
    with transaction.atomic():
        # Their public rendition files go too: a taken-down photo must not stay reachable.
        hidden = set_photos_status(
            photos=Photo.objects.filter(pk__in=photo_ids), status=PhotoStatus.REJECTED
        )
        TakedownRequest.objects.filter(photo_id__in=photo_ids).exclude(
            status=TakedownStatus.DONE
        ).update(status=TakedownStatus.DONE, handled_by=handled_by, handled_at=Now())
    return hidden
