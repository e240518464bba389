"""The gallery page's grid items (templates/photos/gallery_detail.html), compared with
fixed expected markup: the data- attributes the lightbox shows, escaped, in both
languages and numbered across pages."""

import re

import pytest

from photos.choices import RenditionFormat
from photos.views import GalleryDetailView
from tests.factories import EditionFactory, GalleryFactory, PhotoFactory, RenditionFactory

pytestmark = pytest.mark.django_db

SIZES = "(min-width: 75rem) 18rem, (min-width: 40rem) 33vw, 50vw"


def grid_items(client, url: str, language: str) -> list[str]:
    response = client.get(url if language == "en" else f"/{language}{url}")
    assert response.status_code == 200
    grid = re.search(r"<ul class=\"photo-grid\" data-lightbox-grid>(.*?)</ul>", response.text, re.S)
    assert grid, "no photo grid"
    return re.findall(r"<li .*?</li>", grid.group(1))


def rendition(photo, fmt, width):
    return RenditionFactory(photo=photo, format=fmt, width=width, height=width * 3 // 4)


@pytest.fixture
def gallery():
    edition = EditionFactory(slug="pgconf-2016")
    return GalleryFactory(edition=edition, slug="day-one")


def test_an_item_escapes_its_caption_and_credit_and_offers_the_largest_jpeg(client, gallery):
    photo = PhotoFactory(
        gallery=gallery, caption="Opening & <keynote>", credit="Ann O'Neil", alt_text="A hall"
    )
    small = rendition(photo, RenditionFormat.JPEG, 480)
    large = rendition(photo, RenditionFormat.JPEG, 1600)

    [item] = grid_items(client, "/pgconf-2016/photos/day-one/", "en")

    srcset = f"{small.file.url} 480w, {large.file.url} 1600w"
    assert item == (
        '<li class="ar-133" data-lightbox-item data-title="Opening &amp; &lt;keynote&gt;" '
        'data-position="Photo 1 of 1" data-credit="Photo: Ann O&#x27;Neil" '
        f'data-download="{large.file.url}" data-download-label="Download JPEG (1600 × 1200)">'
        f'<a href="/pgconf-2016/photos/day-one/{photo.pk}/"><picture>'
        f'<img src="{small.file.url}" srcset="{srcset}" sizes="{SIZES}" width="480" '
        'height="360" alt="A hall" loading="lazy" decoding="async"></picture></a></li>'
    )


def test_items_in_russian_without_caption_credit_or_jpeg(client, gallery):
    plain = PhotoFactory(gallery=gallery, caption="", credit="", alt_text="Зал", position=1)
    jpeg = rendition(plain, RenditionFormat.JPEG, 480)
    no_jpeg = PhotoFactory(gallery=gallery, caption="", credit="Борис", alt_text="", position=2)
    webp = rendition(no_jpeg, RenditionFormat.WEBP, 480)

    items = grid_items(client, "/pgconf-2016/photos/day-one/", "ru")

    assert items == [
        '<li class="ar-133" data-lightbox-item data-title="Фотография 1 из 2" '
        'data-position="Фотография 1 из 2" '
        f'data-download="{jpeg.file.url}" data-download-label="Скачать JPEG (480 × 360)">'
        f'<a href="/ru/pgconf-2016/photos/day-one/{plain.pk}/"><picture>'
        f'<img src="{jpeg.file.url}" srcset="{jpeg.file.url} 480w" sizes="{SIZES}" '
        'width="480" height="360" alt="Зал" loading="lazy" decoding="async"></picture></a></li>',
        '<li class="ar-133" data-lightbox-item data-title="Фотография 2 из 2" '
        'data-position="Фотография 2 из 2" data-credit="Фото: Борис">'
        f'<a href="/ru/pgconf-2016/photos/day-one/{no_jpeg.pk}/"><picture>'
        f'<img src="{webp.file.url}" srcset="{webp.file.url} 480w" sizes="{SIZES}" '
        f'width="480" height="360" alt="{no_jpeg}" loading="lazy" decoding="async">'
        "</picture></a></li>",
    ]


def test_items_are_numbered_across_pages(client, gallery, monkeypatch):
    monkeypatch.setattr(GalleryDetailView, "photos_per_page", 2)
    for position in range(5):
        photo = PhotoFactory(gallery=gallery, caption="", credit="", position=position)
        rendition(photo, RenditionFormat.JPEG, 480)

    items = grid_items(client, "/pgconf-2016/photos/day-one/?page=2", "en")

    assert [re.search(r'data-position="([^"]*)"', item).group(1) for item in items] == [
        "Photo 3 of 5",
        "Photo 4 of 5",
    ]
