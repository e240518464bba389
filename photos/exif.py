"""Reading a photo's EXIF: when it was taken, and which way up it stands.

Uploaded metadata is often malformed, so every reader here falls back to "unknown"
instead of refusing the photo.
"""

import datetime
import logging

from django.utils import timezone
from PIL import ExifTags, Image, ImageOps

logger = logging.getLogger(__name__)

EXIF_DATETIME_FORMAT = "%Y:%m:%d %H:%M:%S"

# EXIF orientations that turn the picture by a quarter: its upright width is its height.
QUARTER_TURNS = {5, 6, 7, 8}


def read_exif(image: Image.Image) -> Image.Exif:
    """The image's EXIF, or an empty one: broken EXIF must not stop a photo from showing."""
    try:
        return image.getexif()
    except Exception:  # uploaded metadata is often malformed, in every way imaginable
        logger.warning("Unreadable EXIF data ignored.", exc_info=True)
        return Image.Exif()


def upright_size(image: Image.Image, exif: Image.Exif) -> tuple[int, int]:
    """The image's width and height once its EXIF orientation is applied."""
    width, height = image.size
    if exif.get(ExifTags.Base.Orientation) in QUARTER_TURNS:
        return height, width
    return width, height


def read_taken_at(
    exif: Image.Exif, zone: datetime.tzinfo | None = None
) -> datetime.datetime | None:
    """When the photo was taken, from DateTimeOriginal (or DateTime), timezone-aware.

    Cameras record local wall-clock time and rarely an offset; without OffsetTimeOriginal the
    time is read in `zone`, the venue's (conference.zones.edition_zone: a camera at 31C3
    showed Hamburg's clock), or else the current time zone, the site's.
    """
    details = exif.get_ifd(ExifTags.IFD.Exif)
    for date_tag, offset_tag, tags in (
        (ExifTags.Base.DateTimeOriginal, ExifTags.Base.OffsetTimeOriginal, details),
        (ExifTags.Base.DateTime, ExifTags.Base.OffsetTime, exif),
    ):
        taken_at = _parse_exif_datetime(tags.get(date_tag), details.get(offset_tag), zone)
        if taken_at:
            return taken_at
    return None


def _parse_exif_datetime(value, offset, zone) -> datetime.datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        naive = datetime.datetime.strptime(value.strip("\x00 "), EXIF_DATETIME_FORMAT)
    except ValueError:  # "0000:00:00 00:00:00" and other placeholders
        return None
    zone = _parse_exif_offset(offset) or zone or timezone.get_current_timezone()
    return timezone.make_aware(naive, zone)


def _parse_exif_offset(offset) -> datetime.tzinfo | None:
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    if not isinstance(offset, str):
        return None
    try:
        parsed = datetime.datetime.strptime(offset.strip("\x00 "), "%z")
    except ValueError:
        return None
    return parsed.tzinfo


def upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, so the pixels stand the way the photographer held the camera."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # see read_exif
        logger.warning("EXIF orientation ignored: unreadable.", exc_info=True)
        return image
