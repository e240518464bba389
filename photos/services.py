"""Writes that touch photos, their files and their renditions together."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import ArchiveVersion
from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Gallery, Photo, Rendition
from photos.renditions import (
    InvalidPhoto,
    accepted_formats,
    build_renditions,
    open_image,
    read_metadata,
)
from photos.storage import delete_quietly
from photos.tasks import enqueue_renditions

__all__ = [
    "InvalidPhoto",
    "add_photo",
    "check_upload",
    "discard_photo",
    "request_renditions",
    "set_photos_status",
]


def check_upload(file) -> str:
    """Check that an uploaded file is a photo we accept; return its Pillow format id.

    Reads and decodes the whole file (a header can look fine in front of a truncated body).
    Raises InvalidPhoto when the file is over settings.PHOTO_MAX_UPLOAD_BYTES, is not a
    JPEG, PNG or WebP (or AVIF/HEIC where this Pillow reads them), claims more pixels than
    Image.MAX_IMAGE_PIXELS, or does not decode. No side effects beyond reading the file.
    """
    return _decode_upload(file).format


def too_large(size: int) -> InvalidPhoto:
    """The error for a file of `size` bytes over settings.PHOTO_MAX_UPLOAD_BYTES."""
    message = _("This file is %(size)s; photos may be at most %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.PHOTO_MAX_UPLOAD_BYTES),
    }
    return InvalidPhoto(message, code="file_too_large")


def _decode_upload(file):
    if file.size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise too_large(file.size)
    # Not image.close(): Pillow would close the uploaded file with it.
    return open_image(file)


def add_photo(
    *,
    gallery: Gallery,
    file,
    uploaded_by=None,
    status: str = PhotoStatus.PENDING,
    caption: str = "",
    alt_text: str = "",
    credit: str = "",
    build_now: bool = False,
) -> Photo:
    """Add an uploaded image to `gallery` as a new photo; its renditions follow.

    Side effects: stores the file as a private original (under a random name and an
    extension matching its real format, never the uploaded name) and creates the Photo row
    with what the image tells at once (upright width and height, taken_at from EXIF, the
    placeholder colour), in one transaction; then, once that commits, enqueues the task
    that builds the renditions (photos.tasks). With build_now=True the renditions are
    built in the same transaction instead (the demo loader: complete photos whatever the
    task backend). If anything fails, the original is deleted again and no row is left.

    Raises InvalidPhoto (see check_upload) before anything is written, and the storage's
    own error (photos.storage.STORAGE_ERRORS) when the original cannot be stored. Files
    written here are not removed if a transaction around this call rolls back later;
    callers that wrap several photos in one transaction clean up after themselves.
    """
    image = _decode_upload(file)
    extension = accepted_formats()[image.format]
    metadata = read_metadata(image)
    photo = Photo(
        gallery=gallery,
        uploaded_by=uploaded_by,
        status=status,
        caption=caption,
        alt_text=alt_text,
        credit=credit,
    )
    # The name is chosen before writing (a random one, see original_upload_to), so that a
    # write that fails half-way (a full disk) leaves no partial file under a name we lost.
    name = photo.original.field.generate_filename(photo, f"upload{extension}")
    try:
        with transaction.atomic():
            file.seek(0)
            photo.original.name = photo.original.storage.save(name, file)
            photo.width, photo.height = metadata.width, metadata.height
            photo.taken_at = metadata.taken_at
            photo.placeholder_color = metadata.placeholder_color
            photo.save()
            if build_now:
                build_renditions(photo)
            else:
                request_renditions(photos=[photo])
    except BaseException:
        # build_renditions removes its own files when it fails; the original is ours to remove.
        delete_quietly(photo.original.storage, [photo.original.name or name])
        raise
    return photo


def request_renditions(*, photos) -> int:
    """Mark `photos` as waiting for renditions and enqueue a build of each on commit.

    For new photos and for the admin's "rebuild" action. Returns how many were marked.
    The enqueueing runs after the surrounding transaction commits (a worker must find the
    rows) and is robust: if the queue cannot be reached, the photo stays "pending" and an
    organiser can rebuild it later.
    """
    ids = [photo.pk for photo in photos]
    Photo.objects.filter(pk__in=ids).update(
        renditions_status=RenditionsStatus.PENDING, renditions_error="", updated_at=timezone.now()
    )
    for photo in photos:
        photo.renditions_status, photo.renditions_error = RenditionsStatus.PENDING, ""
    for photo_id in ids:
        transaction.on_commit(partial(enqueue_renditions, photo_id), robust=True)
    return len(ids)


def set_photos_status(*, photos, status: str) -> int:
    """Move `photos` (an iterable of photos or a queryset) to moderation `status`.

    The one way a photo's status changes after upload: the admin's publish and reject
    actions, its change form and takedowns all come here. Side effects, in one
    transaction: one UPDATE of the photos not yet in `status`; a photo that leaves
    "published", and every photo rejected (also one rejected already), loses its
    renditions (see withdraw_renditions: rows now, public files once committed); a photo
    that becomes "published" without renditions gets a build enqueued on commit (see
    request_renditions). Returns how many photos changed status.
    """
    ids = [photo.pk for photo in photos]
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        changing = dict(
            Photo.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=status)
            .values_list("pk", "status")
        )
        Photo.objects.filter(pk__in=changing).update(status=status, updated_at=timezone.now())
        if status == PhotoStatus.PUBLISHED:
            # A photo rejected or taken down lost its renditions: its pages need them back.
            request_renditions(photos=Photo.objects.filter(pk__in=changing, renditions=None))
        elif status == PhotoStatus.REJECTED:
            # Every one of them, also those rejected already: a photo rejected before
            # rejecting withdrew renditions still has them, and rejecting again cleans up.
            withdraw_renditions(photo_ids=ids)
        else:
            # Rendition files have public addresses, which visitors and search engines keep.
            left = [pk for pk, was in changing.items() if was == PhotoStatus.PUBLISHED]
            withdraw_renditions(photo_ids=left)
    return len(changing)


def withdraw_renditions(*, photo_ids) -> int:
    """Delete the renditions of the photos `photo_ids`, rows now and files once committed.

    For a photo rejected or taken down (see set_photos_status): hiding it from every page
    is not enough, its renditions had public addresses that search engines and visitors
    may keep. The photos' renditions_status becomes "withdrawn"; publishing one again
    builds them anew. Returns the rendition rows deleted.
    """
    if not photo_ids:
        return 0
    renditions = Rendition.objects.filter(photo_id__in=photo_ids)
    names = list(renditions.values_list("file", flat=True))
    deleted, _ = renditions.delete()
    Photo.objects.filter(pk__in=photo_ids).update(
        renditions_status=RenditionsStatus.WITHDRAWN, renditions_error="", updated_at=timezone.now()
    )
    storage = Rendition._meta.get_field("file").storage
    transaction.on_commit(partial(delete_quietly, storage, names), robust=True)
    return deleted


def discard_photo(*, photo: Photo) -> list[str]:
    """Delete `photo`, its renditions and their files, as if it had never been uploaded.

    For an upload whose renditions could not be built while the uploader waited. Side
    effects: deletes the Photo row (and its Rendition rows) in one transaction, then the
    original and rendition files. Returns the names of files that could not be deleted
    (the storage is failing); they are logged.
    """
    with transaction.atomic():
        renditions = list(Rendition.objects.filter(photo=photo).values_list("file", flat=True))
        original = photo.original.name
        storage = photo.original.storage
        photo.delete()
    failed = delete_quietly(storage, [original])
    failed += delete_quietly(Rendition._meta.get_field("file").storage, renditions)
    return failed
