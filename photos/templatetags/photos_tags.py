"""{% picture %}: a photo as <picture> built from its Rendition rows (never the original)."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conference.web.html_text import html_text
from photos.choices import RenditionFormat

register = template.Library()

# <source> order matters: the browser takes the first type it supports.
SOURCE_FORMATS = ((RenditionFormat.AVIF, "image/avif"), (RenditionFormat.WEBP, "image/webp"))
FALLBACK_FORMATS = (RenditionFormat.JPEG, RenditionFormat.WEBP, RenditionFormat.AVIF)


def _srcset(renditions) -> str:
    return ", ".join(f"{rendition.file.url} {rendition.width}w" for rendition in renditions)


def picture_data(photo, *, width: int) -> dict | None:
    """What the <picture> needs, from photo.public_renditions (see photos.readers).

    `width` picks the <img> src (and its width/height) among the fallback renditions: the
    narrowest one at least that wide, else the widest. None when no rendition exists yet.
    """
    renditions = sorted(photo.public_renditions, key=lambda rendition: rendition.width)
    by_format = {
        fmt: [rendition for rendition in renditions if rendition.format == fmt]
        for fmt in RenditionFormat.values
    }
    fallback = next((by_format[fmt] for fmt in FALLBACK_FORMATS if by_format[fmt]), None)
    if not fallback:
        return None
    img = next((rendition for rendition in fallback if rendition.width >= width), fallback[-1])
    return {
        "sources": [
            {"type": mime, "srcset": _srcset(by_format[fmt])}
            for fmt, mime in SOURCE_FORMATS
            if by_format[fmt] and by_format[fmt] is not fallback
        ],
        "img": img,
        "srcset": _srcset(fallback),
        "largest": fallback[-1],
    }


@register.simple_tag
def picture(photo, sizes: str, *, width: int = 480, alt=None, eager: bool = False) -> SafeString:
    """Render `photo` responsively. `alt` defaults to the photo's alt text, then its caption,
    then its name; pass alt="" for a decorative image beside text that says the same.

    Written in Python rather than an included template: a gallery page shows 48 of them,
    and the include was a large share of its rendering (docs/performance.md, "Readers,
    search and suggestions"). tests/photos/test_picture.py holds it
    to fixed expected markup (tests/photos/expected/picture/).
    """
    if alt is None:
        alt = photo.alt_text or photo.caption or str(photo)
    alt = html_text(alt)
    data = picture_data(photo, width=width)
    if data is None:
        described = f'<span class="visually-hidden">: {alt}</span>' if alt else ""
        pending = html_text(gettext("Image being prepared"))
        return mark_safe(f'<span class="photo-pending">{pending}{described}</span>')  # noqa: S308 -- every value escaped by html_text
    sizes = html_text(sizes)
    sources = "".join(
        f'<source type="{html_text(source["type"])}" srcset="{html_text(source["srcset"])}" '
        f'sizes="{sizes}">'
        for source in data["sources"]
    )
    img = data["img"]
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return mark_safe(  # noqa: S308 -- every value escaped by html_text
        f'<picture>{sources}<img src="{html_text(img.file.url)}" '
        f'srcset="{html_text(data["srcset"])}" '
        f'sizes="{sizes}" width="{img.width}" height="{img.height}" alt="{alt}" {loading} '
        'decoding="async"></picture>'
    )


@register.simple_tag
def largest_rendition(photo):
    """The widest fallback-format rendition of `photo`, for a "full size" link; or None."""
    data = picture_data(photo, width=0)
    return data["largest"] if data else None
