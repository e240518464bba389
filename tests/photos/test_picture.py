"""{% picture %} (photos/templatetags/photos_tags.py) against fixed expected markup in
tests/photos/expected/picture/: sources by format, the fallback <img> chosen by width,
the alt text's defaults and escaping, eager loading, and a photo still being prepared,
in both languages."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from photos.choices import RenditionFormat
from photos.models import Photo, Rendition

EXPECTED = Path(__file__).parent / "expected" / "picture"
SIZES = "(min-width: 40rem) 12rem, 50vw"


def photo_with(formats: dict, **fields) -> Photo:
    """Photo 7 with renditions of `formats` ({format: [widths]}), 3:2, stored under a
    folder whose name needs quoting in a URL."""
    # A caption given is the English one (caption_en), as PhotoFactory takes it.
    fields = {
        ("caption_en" if name == "caption" else name): value for name, value in fields.items()
    }
    photo = Photo(pk=7, **fields)
    photo.public_renditions = [
        Rendition(
            photo=photo,
            width=width,
            height=width * 2 // 3,
            format=fmt,
            file=f"renditions/a&b/7-{width}.{fmt}",
        )
        for fmt, widths in formats.items()
        for width in widths
    ]
    return photo


EVERY_FORMAT = {
    RenditionFormat.JPEG: [480, 960, 1600],
    RenditionFormat.WEBP: [480, 960],
    RenditionFormat.AVIF: [480],
}
HALL = photo_with(EVERY_FORMAT, alt_text_en='The "hall" & <stage>')
TAG = Template(
    "{% load photos_tags %}{% if alt is None %}"
    "{% picture photo sizes width=width eager=eager %}{% else %}"
    "{% picture photo sizes width=width alt=alt eager=eager %}{% endif %}"
)


@pytest.mark.parametrize(
    ("expected", "photo", "language", "alt", "width", "eager"),
    [
        ("every-format", HALL, "en", None, 480, False),
        ("every-format-eager", HALL, "en", "Decorative & <b>", 2400, True),
        ("every-format-decorative", HALL, "en", "", 0, False),
        (
            "jpeg-only",
            photo_with({RenditionFormat.JPEG: [320]}, caption="Ёлка's caption"),
            "en",
            None,
            480,
            False,
        ),
        ("webp-only-ru", photo_with({RenditionFormat.WEBP: [480, 960]}), "ru", None, 480, False),
        (
            "avif-and-webp",
            photo_with({RenditionFormat.AVIF: [480], RenditionFormat.WEBP: [960]}),
            "en",
            None,
            480,
            False,
        ),
        ("pending-en", photo_with({}, caption="Pending <photo>"), "en", None, 480, False),
        ("pending-ru", photo_with({}), "ru", None, 480, False),
    ],
)
def test_picture_writes_the_expected_markup(expected, photo, language, alt, width, eager):
    context = {"photo": photo, "sizes": SIZES, "alt": alt, "width": width, "eager": eager}
    with translation.override(language):
        html = TAG.render(Context(context))

    assert html == (EXPECTED / f"{expected}.html").read_text().rstrip("\n")
