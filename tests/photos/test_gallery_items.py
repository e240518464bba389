"""{% gallery_items %} against the template loop it replaced on the gallery page."""

import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from conference.models import Edition
from photos.choices import RenditionFormat
from photos.models import Gallery, Photo, Rendition

# The gallery page's grid items before the tag (templates/photos/gallery_detail.html).
REFERENCE = Template(
    "{% load i18n gallery_tags photos_tags %}{% for photo in photos %}"
    "{% largest_jpeg photo as download %}"
    '<li class="{{ photo|aspect_class }}" data-lightbox-item\n'
    '        data-title="{% if photo.caption %}{{ photo.caption }}{% else %}{% blocktranslate '
    "with number=page_obj.start_index|add:forloop.counter0 total=page_obj.paginator.count %}"
    'Photo {{ number }} of {{ total }}{% endblocktranslate %}{% endif %}"\n'
    '        data-position="{% blocktranslate with number=page_obj.start_index|add:forloop.counter0'
    ' total=page_obj.paginator.count %}Photo {{ number }} of {{ total }}{% endblocktranslate %}"'
    '\n        {% if photo.credit %}data-credit="{% blocktranslate with credit=photo.credit %}'
    'Photo: {{ credit }}{% endblocktranslate %}"{% endif %}\n        {% if download %}'
    'data-download="{{ download.file.url }}" data-download-label="{% blocktranslate with '
    "width=download.width height=download.height %}Download JPEG ({{ width }} × {{ height }})"
    '{% endblocktranslate %}"{% endif %}><a href="{{ photo.get_absolute_url }}">{% picture '
    'photo sizes="(min-width: 75rem) 18rem, (min-width: 40rem) 33vw, 50vw" width=480 %}</a>'
    "</li>\n    {% endfor %}"
)
TAG = Template("{% load gallery_tags %}{% gallery_items photos page_obj %}")


def markup(html: str) -> str:
    """HTML with the whitespace between attributes and between tags taken out: the
    template's line breaks inside a tag mean nothing to a browser."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).replace(" >", ">").strip()


def photo(number: int, gallery: Gallery, *, caption="", credit="", formats=()) -> Photo:
    photo = Photo(
        pk=number, gallery=gallery, caption=caption, credit=credit, width=4000, height=3000
    )
    photo.public_renditions = [
        Rendition(photo=photo, width=w, height=w * 3 // 4, format=f, file=f"r/{number}-{w}.{f}")
        for f in formats
        for w in (480, 1600)
    ]
    return photo


def photos() -> list[Photo]:
    gallery = Gallery(pk=1, slug="day-one", edition=Edition(slug="pgconf-2016"))
    jpeg, webp = RenditionFormat.JPEG, RenditionFormat.WEBP
    return [
        photo(1, gallery, caption="Opening & <keynote>", credit="Ann O'Neil", formats=(jpeg,)),
        photo(2, gallery, formats=(jpeg, webp)),
        photo(3, gallery, credit="Борис", formats=(webp,)),  # no JPEG: nothing to download
        photo(4, gallery),  # renditions not made yet
        photo(5, gallery, caption="Hall", formats=(webp, jpeg)),
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("page_number", [1, 2, 3])
def test_gallery_items_write_what_the_template_wrote(language, page_number):
    page = Paginator(photos(), 2).get_page(page_number)
    context = {"photos": list(page.object_list), "page_obj": page}
    with translation.override(language):
        expected = REFERENCE.render(Context(context))
        found = TAG.render(Context(context))
    assert markup(found) == markup(expected)
    assert found.count("<li ") == len(page.object_list)


def test_gallery_items_number_the_photos_across_pages():
    page = Paginator(photos(), 2).get_page(2)
    with translation.override("en"):
        html = TAG.render(Context({"photos": list(page.object_list), "page_obj": page}))
    assert 'data-title="Photo 3 of 5"' in html
    assert 'data-position="Photo 4 of 5"' in html
    assert 'data-credit="Photo: Борис"' in html
