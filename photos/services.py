"""Writes that touch photos, their files and their renditions together."""

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.renditions import InvalidPhoto, accepted_formats, build_renditions, open_image

__all__ = ["InvalidPhoto", "add_photo", "check_upload"]


def check_upload(file) -> str:
    """Check that an uploaded file is a photo we accept; return its Pillow format id.

    Reads and decodes the whole file (a header can look fine in front of a truncated body).
    Raises InvalidPhoto when the file is over settings.PHOTO_MAX_UPLOAD_BYTES, is not a
    JPEG, PNG or WebP (or AVIF/HEIC where this Pillow reads them), claims more pixels than
    Image.MAX_IMAGE_PIXELS, or does not decode. No side effects beyond reading the file.
    """
    limit = settings.PHOTO_MAX_UPLOAD_BYTES
    if file.size > limit:
        message = _("This file is %(size)s; photos may be at most %(limit)s.") % {
            "size": filesizeformat(file.size),
            "limit": filesizeformat(limit),
        }
        raise InvalidPhoto(message, code="file_too_large")
    # Not image.close(): Pillow would close the uploaded file with it.
    return open_image(file).format


def add_photo(
    *,
    gallery: Gallery,
    file,
    uploaded_by=None,
    status: str = PhotoStatus.PENDING,
    caption: str = "",
    alt_text: str = "",
    credit: str = "",
) -> Photo:
    """Add an uploaded image to `gallery` as a new photo, with all its renditions.

    Side effects: stores the file as a private original (under a random name and an
    extension matching its real format, never the uploaded name), creates the Photo row and
    its Rendition rows and writes the rendition files, all in one transaction. If anything
    fails, every file written here is deleted again and no row is left behind.

    Raises InvalidPhoto (see check_upload) before anything is written. Files written here
    are not removed if a transaction around this call rolls back later; callers that wrap
    several photos in one transaction clean up after themselves.
    """
    extension = accepted_formats()[check_upload(file)]
    photo = Photo(
        gallery=gallery,
        uploaded_by=uploaded_by,
        status=status,
        caption=caption,
        alt_text=alt_text,
        credit=credit,
    )
    try:
        with transaction.atomic():
            file.seek(0)
            photo.original.save(f"upload{extension}", file, save=False)
            photo.save()
            build_renditions(photo)
    except BaseException:
        # build_renditions removes its own files when it fails; the original is ours to remove.
        if photo.original.name:
            photo.original.storage.delete(photo.original.name)
        raise
    return photo
