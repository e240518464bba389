"""Pure functions of a decoded image: its colours, its metadata and its encoded renditions.

The public only ever sees renditions: upright (EXIF orientation applied), sRGB, in the
widths of RENDITION_WIDTHS that the original can fill, in AVIF (where this Pillow has
it), WebP and JPEG, and with no metadata at all. Nothing here touches storage or the
database; photos/renditions.py stores what render() makes.
"""

import datetime
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageCms

from photos.choices import RENDITION_WIDTHS, RenditionFormat
from photos.decoding import avif_supported
from photos.exif import read_exif, read_taken_at, upright_size

logger = logging.getLogger(__name__)

# Encoder settings per rendition format: good quality at web sizes, and fast enough to
# encode that a worker builds every width and format of a 24 MP photo in well under
# 2.5 s of one core (docs/performance.md, "Photo renditions": bench/renditions.py).
SAVE_OPTIONS = {
    RenditionFormat.AVIF: {"quality": 60, "speed": 8},
    RenditionFormat.WEBP: {"quality": 80, "method": 2},
    RenditionFormat.JPEG: {"quality": 82, "optimize": True, "progressive": True},
}
# AVIF's encoder takes most of the time, and most at the widest sizes; there its fastest
# setting costs a few per cent of bytes and no measurable quality, while at the small
# widths galleries show most it would cost a tenth more bytes (docs/performance.md).
FAST_AVIF_FROM_WIDTH = 1600
FAST_AVIF = {"speed": 9}


@dataclass(frozen=True)
class PhotoMetadata:
    """What an upload records about a photo at once, from its header: upright size, time taken."""

    width: int
    height: int
    taken_at: datetime.datetime | None


@dataclass(frozen=True)
class EncodedRendition:
    """One rendition's bytes, before it is stored."""

    width: int
    height: int
    format: RenditionFormat
    data: bytes


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


def read_metadata(image: Image.Image, zone: datetime.tzinfo | None = None) -> PhotoMetadata:
    """The upright size and the time taken (a camera's clock read in `zone`, the venue's;
    see read_taken_at) of an image opened by decoding.open_header.

    Reads the header only, so the upload request can afford it for any size of photo;
    the placeholder colour needs the pixels (placeholder_of, in the task).
    """
    exif = read_exif(image)
    width, height = upright_size(image, exif)
    return PhotoMetadata(width=width, height=height, taken_at=read_taken_at(exif, zone))


def placeholder_of(image: Image.Image) -> str:
    """The placeholder colour of a decoded image in any mode and colour space.

    From a copy reduced to about 64 pixels, never from a full-size copy of a photo.
    """
    factor = max(1, min(image.size) // 64)
    try:
        small = image.reduce(factor)
    except ValueError:  # modes reduce() does not take (palette images): they are small
        small = image.copy()
    small.info = dict(image.info)  # to_srgb reads the ICC profile from here
    return placeholder_color(to_srgb(small))


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


def encode(
    image: Image.Image, rendition_format: RenditionFormat, options: dict | None = None
) -> bytes:
    """The image's bytes in one format, with nothing but pixels: no EXIF, XMP or ICC.

    `options` replaces the photos' encoder settings (slides pages trade some size for speed).
    """
    image.info = {}  # some encoders copy metadata from info when not told otherwise
    buffer = io.BytesIO()
    options = SAVE_OPTIONS[rendition_format] if options is None else options
    image.save(buffer, rendition_format.value.upper(), **options)
    return buffer.getvalue()


def render(image: Image.Image) -> list[EncodedRendition]:
    """Every rendition of an upright sRGB image, widest first (see iter_renditions)."""
    return list(iter_renditions(image))


def iter_renditions(image: Image.Image, options=None) -> Iterator[EncodedRendition]:
    """Every rendition of an upright sRGB image, widest first, one at a time.

    Each width is resized from the one before, not from the original: the original is
    read once, and each step shrinks an image a fraction of its size, which costs a
    fraction of the time for the same result (docs/performance.md, "Photo renditions").
    Heights come from the original's proportions, so no rounding adds up. `options`
    (format -> settings, for every width) replaces save_options(): bench/renditions.py
    compares settings with it.
    """
    source = image
    for width in sorted(rendition_widths(image.width), reverse=True):
        height = max(1, round(image.height * width / image.width))
        if (width, height) != source.size:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for rendition_format in rendition_formats():
            chosen = options[rendition_format] if options else save_options(rendition_format, width)
            data = encode(source, rendition_format, chosen)
            yield EncodedRendition(width, height, rendition_format, data)


def save_options(rendition_format: RenditionFormat, width: int) -> dict:
    """The encoder settings for one rendition: SAVE_OPTIONS, and FAST_AVIF when wide."""
    options = SAVE_OPTIONS[rendition_format]
    if rendition_format == RenditionFormat.AVIF and width >= FAST_AVIF_FROM_WIDTH:
        return {**options, **FAST_AVIF}
    return options
