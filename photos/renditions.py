"""Public renditions of a photo, built with Pillow only.

The original stays private (it keeps GPS positions and camera serial numbers); the public
only ever sees these copies: upright (EXIF orientation applied), sRGB, in the widths of
RENDITION_WIDTHS that the original can fill, in AVIF (where this Pillow has it), WebP and
JPEG, and with no metadata at all.

build_renditions(photo) is the one entry point with side effects. It reads the original
through its storage (filesystem or S3), so a background task (photos/tasks.py) can call it
with nothing but the photo. Everything else is a pure function of an image; read_metadata
gives what an upload records at once, before any rendition exists.
"""

import datetime
import io
import logging
import warnings
from dataclasses import dataclass
from functools import cache, partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError, features

from conference.models import ArchiveVersion
from photos.choices import RENDITION_WIDTHS, RenditionFormat, RenditionsStatus
from photos.models import Photo, Rendition
from photos.storage import delete_quietly

logger = logging.getLogger(__name__)

# Pillow's own default. Used when someone sets Image.MAX_IMAGE_PIXELS = None: a photo archive
# never needs to decode an unlimited number of pixels from an upload.
FALLBACK_MAX_PIXELS = 89_478_485

# Pillow format ids we accept, and the extension an original of that format is stored under.
# MPO is how Pillow reports JPEGs with an embedded second picture (many cameras write them).
BASE_FORMATS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}
OPTIONAL_FORMATS = {"AVIF": ".avif", "HEIF": ".heic"}

# Encoder settings per rendition format: good quality at web sizes, and fast enough that a
# gallery of 1600 px photos renders in well under a second per photo.
SAVE_OPTIONS = {
    RenditionFormat.AVIF: {"quality": 60, "speed": 7},
    RenditionFormat.WEBP: {"quality": 80, "method": 4},
    RenditionFormat.JPEG: {"quality": 82, "optimize": True, "progressive": True},
}

EXIF_DATETIME_FORMAT = "%Y:%m:%d %H:%M:%S"


class InvalidPhoto(ValueError):
    """A file we refuse as a photo. str(error) is a message for the person who sent it."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class PhotoNotPublic(Exception):
    """The photo is not public (any more): it may have no public renditions (photos.visibility)."""


@dataclass(frozen=True)
class PhotoMetadata:
    """What an upload records about a photo at once: upright size, time taken, colour."""

    width: int
    height: int
    taken_at: datetime.datetime | None
    placeholder_color: str


@dataclass(frozen=True)
class EncodedRendition:
    """One rendition's bytes, before it is stored."""

    width: int
    height: int
    format: RenditionFormat
    data: bytes


# --- Opening uploads safely --------------------------------------------------------------


@cache
def avif_supported() -> bool:
    """Whether this Pillow reads and writes AVIF (built into Pillow's wheels since 11.2)."""
    supported = features.check("avif")
    if not supported:
        logger.warning("This Pillow has no AVIF support; photos get WebP and JPEG renditions.")
    return bool(supported)


def accepted_formats() -> dict[str, str]:
    """Pillow format id -> stored extension, for every format an upload may have here."""
    Image.init()
    formats = dict(BASE_FORMATS)
    if avif_supported():
        formats["AVIF"] = OPTIONAL_FORMATS["AVIF"]
    # HEIC only through the pillow-heif plugin, when it is installed and registered.
    if "HEIF" in Image.ID:
        formats["HEIF"] = OPTIONAL_FORMATS["HEIF"]
    return formats


def accepted_format_names() -> str:
    """For messages: "JPEG, PNG, WebP or AVIF"."""
    formats = accepted_formats()
    names = ["JPEG", "PNG", "WebP"]
    if "AVIF" in formats:
        names.append("AVIF")
    if "HEIF" in formats:
        names.append("HEIC")
    return _(" or ").join((", ".join(names[:-1]), names[-1]))


def pixel_limit() -> int:
    return Image.MAX_IMAGE_PIXELS or FALLBACK_MAX_PIXELS


def open_image(fp, *, at_least: int | None = None) -> Image.Image:
    """Decode an image file completely, or raise InvalidPhoto saying why not.

    Refuses formats outside accepted_formats() before decoding a pixel, then images with
    more pixels than pixel_limit() (decompression bombs: a few kB of PNG can claim
    gigapixels), then files that do not decode to the end (truncated or damaged). With
    `at_least`, a JPEG may be decoded at 1/2 to 1/8 scale, no side under that many
    pixels (Pillow's draft mode: far faster, for previews).
    """
    fp.seek(0)
    try:
        # Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises only above; we
        # want an error for both. The explicit size check below is the guard that holds even
        # when another thread changes the warning filters meanwhile (they are process-wide).
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fp, formats=[f for f in accepted_formats() if f in Image.OPEN])
            _check_pixels(image)
            if at_least:
                image.draft(None, (at_least, at_least))
            image.load()
    except InvalidPhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except UnidentifiedImageError as error:
        raise _unsupported_format(fp) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise InvalidPhoto(
            _("This image file is damaged or incomplete, so it cannot be read."),
            code="damaged",
        ) from error
    return image


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width * height > pixel_limit():
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> InvalidPhoto:
    limit = round(pixel_limit() / 1_000_000, 1)
    if width and height:
        message = _(
            "This image is %(width)s × %(height)s pixels; photos may have at most "
            "%(limit)s million pixels."
        ) % {"width": width, "height": height, "limit": limit}
    else:
        message = _("This image has too many pixels; photos may have at most %(limit)s million.")
        message %= {"limit": limit}
    return InvalidPhoto(message, code="too_many_pixels")


def _unsupported_format(fp) -> InvalidPhoto:
    detected = _detect_format(fp)
    accepted = accepted_format_names()
    if detected:
        message = _("%(format)s images are not accepted; please upload %(accepted)s.") % {
            "format": detected,
            "accepted": accepted,
        }
        return InvalidPhoto(message, code="unsupported_format")
    message = _("This file is not an image; please upload %(accepted)s.") % {"accepted": accepted}
    return InvalidPhoto(message, code="not_an_image")


def _detect_format(fp) -> str | None:
    """Name the format of a refused file for the error message. Reads its header only."""
    fp.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(fp) as probe:
                return probe.format
    except Exception:  # any failure here only means "we cannot name it"
        return None


# --- Pure functions of an image ----------------------------------------------------------


def read_exif(image: Image.Image) -> Image.Exif:
    """The image's EXIF, or an empty one: broken EXIF must not stop a photo from showing."""
    try:
        return image.getexif()
    except Exception:  # uploaded metadata is often malformed, in every way imaginable
        logger.warning("Unreadable EXIF data ignored.", exc_info=True)
        return Image.Exif()


def read_taken_at(exif: Image.Exif) -> datetime.datetime | None:
    """When the photo was taken, from DateTimeOriginal (or DateTime), timezone-aware.

    Cameras record local wall-clock time and rarely an offset; without OffsetTimeOriginal the
    time is read in the site's time zone, the conference's own.
    """
    details = exif.get_ifd(ExifTags.IFD.Exif)
    for date_tag, offset_tag, tags in (
        (ExifTags.Base.DateTimeOriginal, ExifTags.Base.OffsetTimeOriginal, details),
        (ExifTags.Base.DateTime, ExifTags.Base.OffsetTime, exif),
    ):
        taken_at = _parse_exif_datetime(tags.get(date_tag), details.get(offset_tag))
        if taken_at:
            return taken_at
    return None


def _parse_exif_datetime(value, offset) -> datetime.datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        naive = datetime.datetime.strptime(value.strip("\x00 "), EXIF_DATETIME_FORMAT)
    except ValueError:  # "0000:00:00 00:00:00" and other placeholders
        return None
    zone = _parse_exif_offset(offset) or timezone.get_current_timezone()
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


def to_srgb(image: Image.Image) -> Image.Image:
    """An RGB copy in sRGB, transparency flattened onto white, with no metadata left.

    Renditions carry no ICC profile, and browsers read untagged images as sRGB, so a photo
    in another colour space (Adobe RGB, a CMYK print profile) is converted, not just untagged.
    """
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA")
    elif image.mode.startswith("I") or image.mode == "F":
        # 16-bit (or float) grey: scale to 8 bits instead of letting convert() clip at 255.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    image = _apply_icc_profile(image)
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    image = image.convert("RGB")
    image.info = {}
    return image


def _apply_icc_profile(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode=output_mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.warning("Unusable ICC profile ignored.", exc_info=True)
        return image


# EXIF orientations that turn the picture by a quarter: its upright width is its height.
QUARTER_TURNS = {5, 6, 7, 8}


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """The upright size, the time taken and the placeholder colour of a decoded image.

    Cheap enough for the upload request: the colour comes from a copy reduced to about
    64 pixels, never from a full-size copy of a 24-megapixel photo.
    """
    exif = read_exif(image)
    width, height = image.size
    if exif.get(ExifTags.Base.Orientation) in QUARTER_TURNS:
        width, height = height, width
    factor = max(1, min(image.size) // 64)
    try:
        small = image.reduce(factor)
    except ValueError:  # modes reduce() does not take (palette images): they are small
        small = image.copy()
    small.info = dict(image.info)  # to_srgb reads the ICC profile from here
    return PhotoMetadata(
        width=width,
        height=height,
        taken_at=read_taken_at(exif),
        placeholder_color=placeholder_color(to_srgb(small)),
    )


def placeholder_color(image: Image.Image) -> str:
    """The image's average colour as #rrggbb, shown while a rendition loads."""
    thumbnail = image.convert("RGB")
    thumbnail.thumbnail((64, 64))
    red, green, blue = thumbnail.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def rendition_widths(original_width: int) -> list[int]:
    """Widths to render: never wider than the original; a small original gets its own width."""
    widths = [width for width in RENDITION_WIDTHS if width <= original_width]
    return widths or [original_width]


def rendition_formats() -> list[RenditionFormat]:
    return [
        rendition_format
        for rendition_format in RenditionFormat
        if rendition_format != RenditionFormat.AVIF or avif_supported()
    ]


def encode(image: Image.Image, rendition_format: RenditionFormat) -> bytes:
    """The image's bytes in one format, with nothing but pixels: no EXIF, XMP or ICC."""
    image.info = {}  # some encoders copy metadata from info when not told otherwise
    buffer = io.BytesIO()
    image.save(buffer, rendition_format.value.upper(), **SAVE_OPTIONS[rendition_format])
    return buffer.getvalue()


def render(image: Image.Image) -> list[EncodedRendition]:
    """Every rendition of an upright sRGB image, widest first."""
    renditions = []
    for width in sorted(rendition_widths(image.width), reverse=True):
        height = max(1, round(image.height * width / image.width))
        if (width, height) == image.size:
            resized = image.copy()
        else:
            resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for rendition_format in rendition_formats():
            renditions.append(
                EncodedRendition(width, height, rendition_format, encode(resized, rendition_format))
            )
    return renditions


# --- Storing --------------------------------------------------------------------------


def build_renditions(photo: Photo) -> list[Rendition]:
    """Build and store every public rendition of `photo`; return its Rendition rows.

    Side effects: reads photo.original from its (private) storage; writes new files to the
    renditions' storage; in one transaction replaces the photo's Rendition rows (one per
    width and format, so re-running creates no duplicates, and drops rows for sizes or
    formats no longer made) and saves photo.width/height (upright), placeholder_color,
    taken_at (when EXIF has it and the photo has none yet) and renditions_status "ready"
    with no error. Files of replaced or dropped
    renditions are deleted once that transaction commits; if anything fails, the files
    written here are deleted and the old renditions stay as they were.

    Raises InvalidPhoto if the original cannot be decoded, and PhotoNotPublic (keeping
    nothing) if the public may not see the photo when its rows are written.
    """
    with photo.original.open("rb") as original:
        image = open_image(original)
    exif = read_exif(image)
    image = to_srgb(upright(image))
    encoded = render(image)

    stored = _store_files(photo, encoded)
    try:
        with transaction.atomic():
            renditions = _replace_rows(photo, stored)
            photo.width, photo.height = image.size
            photo.placeholder_color = placeholder_color(image)
            photo.taken_at = photo.taken_at or read_taken_at(exif)
            photo.renditions_status = RenditionsStatus.READY
            photo.renditions_error = ""
            photo.save(
                update_fields=[
                    "width",
                    "height",
                    "placeholder_color",
                    "taken_at",
                    "renditions_status",
                    "renditions_error",
                    "updated_at",
                ]
            )
    except BaseException:
        _delete_files([rendition.file.name for rendition in stored])
        raise
    return renditions


def _store_files(photo: Photo, encoded: list[EncodedRendition]) -> list[Rendition]:
    """Write each rendition's file; return unsaved rows pointing at them."""
    stored = []
    try:
        for item in encoded:
            rendition = Rendition(
                photo=photo,
                width=item.width,
                height=item.height,
                format=item.format,
                size_bytes=len(item.data),
            )
            rendition.file.save(
                f"{item.width}.{item.format.value}", ContentFile(item.data), save=False
            )
            stored.append(rendition)
    except BaseException:
        _delete_files([rendition.file.name for rendition in stored])
        raise
    return stored


def _replace_rows(photo: Photo, stored: list[Rendition]) -> list[Rendition]:
    # Lock the photo so that two builds of it (an upload and a task retry) cannot interleave;
    # the archive version first (see ArchiveVersion.lock_for_write).
    ArchiveVersion.lock_for_write()
    Photo.objects.select_for_update().get(pk=photo.pk)
    # Checked under the photo's lock, which whoever unpublishes it takes too: a build that
    # started while the photo was public cannot leave public files once it is not.
    if not Photo.objects.published().filter(pk=photo.pk).exists():
        raise PhotoNotPublic(f"Photo {photo.pk} is not public.")
    existing = {(row.width, row.format): row for row in photo.renditions.all()}
    obsolete_files = []
    renditions = []
    for new in stored:
        old = existing.pop((new.width, new.format), None)
        if old is None:
            new.save()
            renditions.append(new)
            continue
        obsolete_files.append(old.file.name)
        old.height = new.height
        old.size_bytes = new.size_bytes
        old.file = new.file.name
        old.save(update_fields=["height", "size_bytes", "file"])
        renditions.append(old)
    obsolete_files += [row.file.name for row in existing.values()]
    Rendition.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    transaction.on_commit(partial(_delete_files, obsolete_files), robust=True)
    return renditions


def _delete_files(names: list[str]) -> None:
    delete_quietly(Rendition._meta.get_field("file").storage, names)
