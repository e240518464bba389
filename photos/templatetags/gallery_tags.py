"""Template helpers for the justified photo grid and its lightbox (static/js/lightbox.js)."""

from django import template

from photos.choices import RenditionFormat

register = template.Library()

# Aspect ratios (width / height, in hundredths) the grid has a CSS class for. The strict
# CSP forbids style="" attributes, so each grid item takes the class of the nearest ratio
# (static/css/site.css, "Justified photo grid"); object-fit crops the small difference.
ASPECT_RATIOS = (50, 56, 67, 75, 80, 100, 125, 133, 150, 178, 200, 250, 300)
DEFAULT_RATIO = 133


def _size(photo) -> tuple[int, int]:
    """Width and height as the public sees them: a rendition's (EXIF orientation applied)
    if there is one, else the original's."""
    for rendition in getattr(photo, "public_renditions", ()):
        return rendition.width, rendition.height
    return photo.width, photo.height


@register.filter
def aspect_class(photo) -> str:
    """The grid class for `photo`'s shape, e.g. "ar-133" for 4:3 landscape."""
    width, height = _size(photo)
    if not (width and height):
        return f"ar-{DEFAULT_RATIO}"
    ratio = 100 * width / height
    return f"ar-{min(ASPECT_RATIOS, key=lambda known: abs(known - ratio))}"


@register.simple_tag
def largest_jpeg(photo):
    """The widest JPEG rendition of `photo` (what "Download" offers), or None.

    Uses photo.public_renditions (prefetched by photos.readers), so no query.
    """
    jpegs = [r for r in photo.public_renditions if r.format == RenditionFormat.JPEG]
    return max(jpegs, key=lambda rendition: rendition.width, default=None)
