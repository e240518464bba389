"""Template helpers for the justified photo grid and its lightbox (static/js/lightbox.js)."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conference.web.html_text import html_text
from photos.choices import RenditionFormat
from photos.templatetags.photos_tags import picture

register = template.Library()

# The gallery page's thumbnails: a third of the page's width on a wide screen.
GRID_SIZES = "(min-width: 75rem) 18rem, (min-width: 40rem) 33vw, 50vw"

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

    Uses photo.public_renditions (prefetched by photos.queries), so no query.
    """
    jpegs = [r for r in photo.public_renditions if r.format == RenditionFormat.JPEG]
    return max(jpegs, key=lambda rendition: rendition.width, default=None)


@register.simple_tag
def gallery_items(photos, page) -> SafeString:
    """A gallery page's grid items: each photo's link and picture, with the data- attributes
    the lightbox shows (its caption or place, credit and download).

    `page` is the photos' Paginator page, for their numbers. Written in Python rather than
    a loop of the template's tags: 48 photos a page, with three translations each, made
    the loop most of the page's rendering. tests/photos/test_gallery_items.py holds it to
    the template markup it replaced.
    """
    total = page.paginator.count
    first = page.start_index()
    place_words = gettext("Photo %(number)s of %(total)s")
    credit_words = gettext("Photo: %(credit)s")
    download_words = gettext("Download JPEG (%(width)s × %(height)s)")
    items = []
    for offset, photo in enumerate(photos):
        place = place_words % {"number": first + offset, "total": total}
        attributes = [
            f'class="{aspect_class(photo)}" data-lightbox-item',
            f'data-title="{html_text(photo.caption) if photo.caption else place}"',
            f'data-position="{place}"',
        ]
        if photo.credit:
            attributes.append(f'data-credit="{credit_words % {"credit": html_text(photo.credit)}}"')
        if download := largest_jpeg(photo):
            label = download_words % {"width": download.width, "height": download.height}
            attributes.append(
                f'data-download="{html_text(download.file.url)}" data-download-label="{label}"'
            )
        items.append(
            f'<li {" ".join(attributes)}><a href="{html_text(photo.get_absolute_url())}">'
            f"{picture(photo, GRID_SIZES, width=480)}</a></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 -- every value escaped by html_text
