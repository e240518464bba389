"""Opening uploaded image files safely: which formats we take, and what we refuse.

Two steps, so that an upload is answered quickly. open_header reads only a file's header:
a format we do not serve or a decompression bomb (too many pixels) is refused at once,
before anything is stored, with a message its sender can act on (InvalidPhoto).
load_pixels decodes the rest, which only a complete, undamaged file survives; the upload
leaves that to the task that checks the stored original (photos/tasks.py). HEIC from
phones is read through the pillow-heif plugin, registered here.
"""

import logging
import warnings
from contextlib import contextmanager
from functools import cache

from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError, features

from photos.exif import QUARTER_TURNS, read_exif

try:
    import pillow_heif
except ImportError:  # an optional plugin: without it, HEIC is refused by name
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

logger = logging.getLogger(__name__)

# Pillow's own default. Used when someone sets Image.MAX_IMAGE_PIXELS = None: a photo archive
# never needs to decode an unlimited number of pixels from an upload.
FALLBACK_MAX_PIXELS = 89_478_485

# Pillow format ids we accept, and the extension an original of that format is stored under.
# MPO is how Pillow reports JPEGs with an embedded second picture (many cameras write them).
BASE_FORMATS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}
OPTIONAL_FORMATS = {"AVIF": ".avif", "HEIF": ".heic"}


class InvalidPhoto(ValueError):
    """A file we refuse as a photo. str(error) is a message for the person who sent it."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


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


def open_image(
    fp, *, at_least: int | None = None, width_at_least: int | None = None
) -> Image.Image:
    """Decode an image file completely, or raise InvalidPhoto saying why not.

    open_header's checks, then load_pixels (see both): a file that does not decode to
    the end is refused too. `at_least` and `width_at_least` let a JPEG decode at a
    smaller scale (load_pixels).
    """
    return load_pixels(open_header(fp), at_least=at_least, width_at_least=width_at_least)


def open_header(fp) -> Image.Image:
    """Open an image file reading its header only, or raise InvalidPhoto saying why not.

    Refuses formats outside accepted_formats() before decoding a pixel, and images with
    more pixels than pixel_limit() (decompression bombs: a few kB of PNG can claim
    gigapixels). Cheap whatever the file's size: nothing is decompressed. The image's
    size, format and EXIF can be read; its pixels need load_pixels.
    """
    fp.seek(0)
    # Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises only above; we
    # want an error for both. The explicit size check below is the guard that holds even
    # when another thread changes the warning filters meanwhile (they are process-wide).
    with _decoding_errors(fp), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(fp, formats=[f for f in accepted_formats() if f in Image.OPEN])
        _check_pixels(image)
    return image


def load_pixels(
    image: Image.Image, *, at_least: int | None = None, width_at_least: int | None = None
) -> Image.Image:
    """Decode the pixels of an image from open_header, or raise InvalidPhoto (damaged).

    A JPEG may be decoded at 1/2 to 1/8 scale (Pillow's draft mode: the scaled inverse
    DCT is far cheaper, and libjpeg still reads every byte, so a truncated file fails
    all the same): with `at_least`, no side under that many pixels (previews); with
    `width_at_least`, the upright width (EXIF orientation counted) not under it (the
    widest rendition). Other formats decode at full size.
    """
    with _decoding_errors(image.fp):
        if at_least:
            image.draft(None, (at_least, at_least))
        elif width_at_least:
            turned = read_exif(image).get(ExifTags.Base.Orientation) in QUARTER_TURNS
            image.draft(None, (1, width_at_least) if turned else (width_at_least, 1))
        image.load()
    return image


@contextmanager
def _decoding_errors(fp):
    """Pillow's errors while opening or decoding, as InvalidPhoto with a message."""
    try:
        yield
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
