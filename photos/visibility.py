"""Which photos may have public rendition files, and withdrawing the files of the others.

Rendition files have public addresses (on S3 or behind a CDN) that anyone who once had
them keeps, protected by nothing but a short random part of the name. So they exist only
for photos the public may see, Photo.objects.published(): a published photo in a
published gallery of a published edition. Everything that changes one of those three
(a photo's status or gallery, a gallery's or an edition's publication) ends in
photos.services.refresh_public_renditions, which withdraws or rebuilds with this module.
Organisers see the other photos through the permission-checked preview (photos/previews.py).

It also holds those rules as SQL fragments (GALLERY_IS_PUBLIC, PHOTO_IS_PUBLIC), the one
copy the statements of photos/readers/ compose.
"""

from django.db.models import Q
from django.utils import timezone

from conference.db.stored_files import delete_on_commit
from conference.web.archive_version import ArchiveVersion
from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition

# The same rules in SQL, for the readers of photos/readers/ (and the talk page, which
# asks whether a talk has photos): tests/photos/test_visibility_sql.py holds each to its
# QuerySet method. Constant text, no parameters: the statements keep constant shapes.
#
# Gallery.objects.published() for the row `gallery` whose edition is joined as `edition`.
GALLERY_IS_PUBLIC = "gallery.is_published AND edition.is_published"
# Photo.objects.published() for the row `photo`, with its gallery joined as `gallery` and
# the gallery's edition as `edition`.
PHOTO_IS_PUBLIC = f"photo.status = '{PhotoStatus.PUBLISHED.value}' AND {GALLERY_IS_PUBLIC}"


def lock_photos(photo_ids) -> list[int]:
    """Lock the photos `photo_ids` that still exist, in key order; return their ids.

    Call inside transaction.atomic(). The archive version is locked first (see
    ArchiveVersion.lock_for_write), then the rows in one order, so that two writers
    locking overlapping sets wait for each other instead of deadlocking. A rendition
    build locks its photo too (photos.renditions), so it cannot store renditions of a
    photo while its visibility is changing.
    """
    ArchiveVersion.lock_for_write()
    rows = Photo.objects.select_for_update(of=("self",)).filter(pk__in=list(photo_ids))
    return list(rows.order_by("pk").values_list("pk", flat=True))


def public_photo_ids(photo_ids) -> set[int]:
    """Those of `photo_ids` the public may see (and so may have public renditions)."""
    return set(
        Photo.objects.published().filter(pk__in=list(photo_ids)).values_list("pk", flat=True)
    )


def withdraw_renditions(*, photo_ids) -> int:
    """Delete the renditions of the photos `photo_ids`, rows now and files once committed.

    For photos the public may no longer see (rejected, back to pending, taken down, in a
    gallery or an edition unpublished): hiding them from every page is not enough, their
    renditions had public addresses that search engines and visitors may keep. The
    photos' renditions_status becomes "withdrawn"; when the public may see one again, its
    renditions are built anew. Photos withdrawn already are left alone. Returns the
    rendition rows deleted. Files stay if the transaction rolls back.
    """
    photo_ids = list(photo_ids)
    if not photo_ids:
        return 0
    renditions = Rendition.objects.filter(photo_id__in=photo_ids)
    names = list(renditions.values_list("file", flat=True))
    deleted, _ = renditions.delete()
    Photo.objects.filter(pk__in=photo_ids).filter(
        ~Q(renditions_status=RenditionsStatus.WITHDRAWN) | ~Q(renditions_error="")
    ).update(
        renditions_status=RenditionsStatus.WITHDRAWN, renditions_error="", updated_at=timezone.now()
    )
    delete_on_commit(Rendition._meta.get_field("file").storage, names)
    return deleted
