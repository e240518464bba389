"""The justified grid and lightbox markup of gallery pages, the photo page's download link,
and the photo blocks of talk and speaker pages."""

import datetime

import pytest

from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Photo
from photos.readers.photos import PHOTO_BLOCK_SIZE
from photos.templatetags.gallery_tags import aspect_class
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db


def photo_with_renditions(width=480, height=360, **kwargs) -> Photo:
    photo = PhotoFactory(**kwargs)
    for fmt in RenditionFormat.values:
        RenditionFactory(photo=photo, format=fmt, width=width, height=height)
        RenditionFactory(photo=photo, format=fmt, width=width * 2, height=height * 2)
    return photo


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((480, 360), "ar-133"),
        ((360, 480), "ar-75"),
        ((480, 270), "ar-178"),
        ((400, 400), "ar-100"),
        ((4000, 500), "ar-300"),  # a panorama takes the widest class
        ((0, 0), "ar-133"),  # no size known yet
    ],
)
def test_aspect_class_nearest_ratio(size, expected):
    width, height = size
    photo = Photo(width=width, height=height)
    photo.public_renditions = []

    assert aspect_class(photo) == expected


def test_aspect_class_prefers_rendition_size_over_original():
    # An original on its side (EXIF orientation): the renditions are upright.
    photo = Photo(width=4000, height=3000)
    photo.public_renditions = [RenditionFactory.build(width=480, height=640)]

    assert aspect_class(photo) == "ar-75"


def test_gallery_grid_items_carry_lightbox_data(client):
    gallery = GalleryFactory()
    portrait = photo_with_renditions(
        gallery=gallery, width=360, height=480, caption="", credit="Ivan", position=1
    )
    landscape = photo_with_renditions(gallery=gallery, caption="Keynote", credit="", position=2)

    response = client.get(gallery.get_absolute_url())

    html = response.content.decode()
    largest = portrait.renditions.get(format=RenditionFormat.JPEG, width=720).file.url
    assert (
        '<li class="ar-75" data-lightbox-item data-title="Photo 1 of 2" '
        'data-position="Photo 1 of 2" data-credit="Photo: Ivan" '
        f'data-download="{largest}" data-download-label="Download JPEG (720 × 960)">'
        f'<a href="{portrait.get_absolute_url()}"><picture>'
    ) in html
    assert 'class="ar-133" data-lightbox-item data-title="Keynote"' in html
    assert landscape.get_absolute_url() in html
    assert '<ul class="photo-grid" data-lightbox-grid>' in html
    assert '<dialog class="lightbox" data-lightbox aria-labelledby="lightbox-title">' in html
    assert '<script src="/static/js/lightbox.js" defer></script>' in html
    assert_csp_clean(html)


def test_gallery_without_photos_has_no_lightbox(client):
    gallery = GalleryFactory()

    html = client.get(gallery.get_absolute_url()).content.decode()

    assert "<dialog" not in html
    assert "lightbox.js" not in html


def test_photo_page_download_link_is_largest_jpeg(client):
    photo = photo_with_renditions()
    RenditionFactory(photo=photo, format=RenditionFormat.WEBP, width=1600, height=1200)
    largest_jpeg = photo.renditions.get(format=RenditionFormat.JPEG, width=960)

    html = client.get(photo.get_absolute_url()).content.decode()

    assert f'<a href="{largest_jpeg.file.url}" download>Download JPEG (960 × 720)</a>' in html


# --- Photo blocks on talk and speaker pages ------------------------------------------


def test_talk_page_shows_its_photos_and_galleries(client):
    talk = TalkFactory()
    gallery = GalleryFactory(edition=talk.edition, title="Talk gallery", talk=talk)
    tagged = photo_with_renditions(gallery=GalleryFactory(edition=talk.edition), talk=talk)
    untagged = photo_with_renditions(gallery=gallery)

    response = client.get(talk.get_absolute_url())

    assert response.context["talk_photos"] == [tagged]
    html = response.content.decode()
    thumb = tagged.renditions.get(format=RenditionFormat.JPEG, width=480).file.url
    assert f'<a href="{tagged.get_absolute_url()}"><picture>' in html
    assert f'<img src="{thumb}"' in html
    assert "Talk gallery" in html
    assert untagged.get_absolute_url() not in html  # shown as its gallery's cover only
    assert_csp_clean(html)


def test_talk_page_photo_block_is_limited(client):
    talk = TalkFactory()
    gallery = GalleryFactory(edition=talk.edition)
    photos = [
        PhotoFactory(gallery=gallery, talk=talk, position=n) for n in range(PHOTO_BLOCK_SIZE + 2)
    ]

    response = client.get(talk.get_absolute_url())

    assert response.context["talk_photos"] == photos[:PHOTO_BLOCK_SIZE]


def test_talk_page_without_photos_has_no_photo_block(client):
    talk = TalkFactory()
    PhotoFactory(talk=talk, status=PhotoStatus.PENDING, gallery__edition=talk.edition)

    html = client.get(talk.get_absolute_url()).content.decode()

    assert 'id="photos-heading"' not in html


def test_speaker_page_shows_photos_of_them_newest_edition_first(client):
    speaker = SpeakerFactory()
    TalkFactory(speakers=[speaker])
    old = photo_with_renditions(
        gallery__edition=EditionFactory(start_date=datetime.date(2014, 2, 1)), speakers=[speaker]
    )
    new = photo_with_renditions(
        gallery__edition=EditionFactory(start_date=datetime.date(2019, 2, 1)), speakers=[speaker]
    )
    photo_with_renditions(speakers=[SpeakerFactory()])  # someone else

    response = client.get(speaker.get_absolute_url())

    assert response.context["speaker_photos"] == [new, old]
    html = response.content.decode()
    assert '<h2 id="photos-heading">Photos</h2>' in html
    assert f'<a href="{new.get_absolute_url()}"><picture>' in html
    assert_csp_clean(html)


def test_speaker_page_without_photos_has_no_photo_block(client):
    speaker = SpeakerFactory()
    TalkFactory(speakers=[speaker])

    html = client.get(speaker.get_absolute_url()).content.decode()

    assert 'id="photos-heading"' not in html


def test_talk_page_shows_its_photos_once(client):
    # The talk's gallery holds the talk's photos: thumbnails and a link, not a card too.
    talk = TalkFactory()
    gallery = GalleryFactory(edition=talk.edition, title="Talk gallery", talk=talk)
    photos = [photo_with_renditions(gallery=gallery, talk=talk, position=n) for n in range(3)]

    html = client.get(talk.get_absolute_url()).content.decode()

    for photo in photos:
        assert html.count(f'href="{photo.get_absolute_url()}"') == 1
    assert html.count("<picture>") == 3
    assert 'class="gallery-cards"' not in html
    assert f'<a href="{gallery.get_absolute_url()}">All photos in “Talk gallery” (3)</a>' in html


def test_talk_page_with_a_gallery_but_no_tagged_photo_shows_the_gallery_card(client):
    talk = TalkFactory()
    gallery = GalleryFactory(edition=talk.edition, title="Talk gallery", talk=talk)
    photo_with_renditions(gallery=gallery)  # in the talk's gallery, not tagged with it

    html = client.get(talk.get_absolute_url()).content.decode()

    assert 'class="gallery-cards"' in html
    assert f'href="{gallery.get_absolute_url()}"' in html
    assert "All photos in" not in html
