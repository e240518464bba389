"""{% picture %} against the included template it replaced (photos/includes/picture.html)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from photos.choices import RenditionFormat
from photos.models import Photo, Rendition
from photos.templatetags.photos_tags import picture_data

# photos/includes/picture.html, as it was, fed what the inclusion tag gave it.
REFERENCE = Template(
    '{% load i18n %}{% if picture %}<picture>{% for source in picture.sources %}<source type="'
    '{{ source.type }}" srcset="{{ source.srcset }}" sizes="{{ sizes }}">{% endfor %}<img src="'
    '{{ picture.img.file.url }}" srcset="{{ picture.srcset }}" sizes="{{ sizes }}" width="'
    '{{ picture.img.width }}" height="{{ picture.img.height }}" alt="{{ alt }}" {% if eager %}'
    'fetchpriority="high"{% else %}loading="lazy"{% endif %} decoding="async"></picture>'
    '{% else %}<span class="photo-pending">{% translate "Image being prepared" %}{% if alt %}'
    '<span class="visually-hidden">: {{ alt }}</span>{% endif %}</span>{% endif %}'
)


def reference(photo, sizes, *, width=480, alt=None, eager=False) -> str:
    if alt is None:
        alt = photo.alt_text or photo.caption or str(photo)
    context = {
        "picture": picture_data(photo, width=width),
        "sizes": sizes,
        "alt": alt,
        "eager": eager,
    }
    return REFERENCE.render(Context(context))


def photo_with(formats: dict, **fields) -> Photo:
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


PHOTOS = {
    "every format": photo_with(
        {
            RenditionFormat.JPEG: [480, 960, 1600],
            RenditionFormat.WEBP: [480, 960],
            RenditionFormat.AVIF: [480],
        },
        alt_text='The "hall" & <stage>',
    ),
    "jpeg only": photo_with({RenditionFormat.JPEG: [320]}, caption="Ёлка's caption"),
    "webp only": photo_with({RenditionFormat.WEBP: [480, 960]}),
    "avif and webp": photo_with({RenditionFormat.AVIF: [480], RenditionFormat.WEBP: [960]}),
    "no renditions yet": photo_with({}, caption="Pending <photo>"),
    "no renditions, no words": photo_with({}),
}
TAG = Template(
    "{% load photos_tags %}{% if alt is None %}"
    "{% picture photo sizes width=width eager=eager %}{% else %}"
    "{% picture photo sizes width=width alt=alt eager=eager %}{% endif %}"
)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("alt", [None, "", "Decorative & <b>"])
@pytest.mark.parametrize(("width", "eager"), [(480, False), (2400, True), (0, False)])
def test_picture_writes_what_the_template_wrote(language, name, alt, width, eager):
    photo = PHOTOS[name]
    sizes = "(min-width: 40rem) 12rem, 50vw"
    context = {"photo": photo, "sizes": sizes, "alt": alt, "width": width, "eager": eager}
    with translation.override(language):
        expected = reference(photo, sizes, width=width, alt=alt, eager=eager)
        assert TAG.render(Context(context)) == expected


def test_picture_shows_a_pending_photo_as_words():
    with translation.override("en"):
        html = TAG.render(
            Context(
                {
                    "photo": PHOTOS["no renditions yet"],
                    "sizes": "50vw",
                    "alt": None,
                    "width": 480,
                    "eager": False,
                }
            )
        )
    assert html == (
        '<span class="photo-pending">Image being prepared'
        '<span class="visually-hidden">: Pending &lt;photo&gt;</span></span>'
    )
