"""Writes of photo moderation that touch several rows: moving photos and choosing covers."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Now

from conference.web.archive_version import ArchiveVersion
from photos.models import Gallery, Photo
from photos.services import refresh_public_renditions


def move_photos(*, photos: Iterable[Photo], gallery: Gallery) -> int:
    """Move `photos` into `gallery`, after its last photo, keeping their order.

    Side effects, in one transaction: each photo's gallery and position change; a gallery
    that had one of them as its cover loses that cover (a cover is one of the gallery's
    own photos); a photo tagged with a talk of another edition than the new gallery's
    loses that tag; their public renditions follow what the public may now see (moved into
    an unpublished gallery, they are withdrawn; into a public one, built: see
    refresh_public_renditions). Photos already in `gallery` are left alone. Returns how
    many moved.
    """
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        # Locks the target row: two moves into one gallery cannot take the same positions.
        gallery = Gallery.objects.select_for_update().get(pk=gallery.pk)
        moving = list(
            Photo.objects.select_for_update(of=("self",))
            .filter(pk__in=[photo.pk for photo in photos])
            .exclude(gallery=gallery)
            .select_related("talk")
            .order_by("gallery_id", "position", "taken_at", "pk")
        )
        if not moving:
            return 0
        last = gallery.photos.aggregate(last=Max("position"))["last"]
        start = 0 if last is None else last + 1
        for offset, photo in enumerate(moving):
            photo.gallery = gallery
            photo.position = start + offset
            if photo.talk is not None and photo.talk.edition_id != gallery.edition_id:
                photo.talk = None
        Photo.objects.bulk_update(moving, ["gallery", "position", "talk"])
        Photo.objects.filter(pk__in=[photo.pk for photo in moving]).update(updated_at=Now())
        Gallery.objects.filter(cover__in=moving).exclude(pk=gallery.pk).update(
            cover=None, updated_at=Now()
        )
        refresh_public_renditions(photo_ids=[photo.pk for photo in moving])
    return len(moving)


def use_as_covers(*, photos: Iterable[Photo]) -> list[Gallery]:
    """Make each photo the cover of its own gallery; returns the galleries changed.

    When several photos of one gallery are given, the first of them wins.
    Side effects, in one transaction: one UPDATE of Gallery.cover per gallery. The public
    shows a cover only while it is a published photo (see photos.readers).
    """
    chosen: dict[int, Photo] = {}
    for photo in photos:
        chosen.setdefault(photo.gallery_id, photo)
    with transaction.atomic():
        for gallery_id, photo in chosen.items():
            Gallery.objects.filter(pk=gallery_id).update(cover=photo, updated_at=Now())
    return list(Gallery.objects.filter(pk__in=chosen).order_by("title_en", "title_ru"))
