"""Downloads of a gallery's, a talk's or a speaker's public photos as one zip
(photos/download_views.py, photos/zips.py, photos/readers/downloads.py): what the archive
holds, that it streams, who sees what, the limits and the links on the pages."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Photo, Rendition
from photos.takedown import hide_photos_and_close, request_takedown
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
)
from tests.photos.test_s3 import s3  # noqa: F401 -- the moto S3 fixture, shared

pytestmark = pytest.mark.django_db


def photo_with(gallery, *formats_and_widths, **kwargs) -> Photo:
    """A photo of `gallery` with a rendition per (format, width) given."""
    photo = PhotoFactory(gallery=gallery, **kwargs)
    for fmt, width in formats_and_widths:
        RenditionFactory(photo=photo, format=fmt, width=width, height=width * 3 // 4)
    return photo


def jpeg(gallery, **kwargs) -> Photo:
    return photo_with(gallery, (RenditionFormat.JPEG, 480), **kwargs)


def rendition(photo: Photo, fmt: str, width: int) -> Rendition:
    return photo.renditions.get(format=fmt, width=width)


def stored_bytes(item: Rendition) -> bytes:
    with item.file.storage.open(item.file.name, "rb") as handle:
        return handle.read()


def unzip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def gallery_zip_url(gallery, language: str = "en") -> str:
    with translation.override(language):
        return reverse(
            "photos:gallery-zip",
            kwargs={"edition_slug": gallery.edition.slug, "slug": gallery.slug},
        )


@pytest.fixture
def gallery():
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    return GalleryFactory(edition=edition, title="Day one", slug="day-one")


# --- What the zip holds --------------------------------------------------------------


def test_gallery_zip_holds_the_largest_rendition_of_each_public_photo_stored(client, gallery):
    first = photo_with(
        gallery,
        (RenditionFormat.JPEG, 480),
        (RenditionFormat.JPEG, 960),
        (RenditionFormat.AVIF, 1600),
        caption="Opening keynote: the hall fills up",
        position=1,
    )
    second = photo_with(gallery, (RenditionFormat.WEBP, 480), caption="", position=2)
    third = jpeg(gallery, caption="", caption_ru="Кофе-брейк", position=3)
    PhotoFactory(gallery=gallery, position=4)  # no rendition yet: nothing to give

    archive = unzip(client.get(gallery_zip_url(gallery)))

    assert archive.namelist() == [
        "pgconf-2016-day-one/001-opening-keynote-the-hall-fills-up.jpg",
        "pgconf-2016-day-one/002.webp",
        "pgconf-2016-day-one/003-kofe-breyk.jpg",
        "CREDITS.txt",
    ]
    expected = [
        rendition(first, RenditionFormat.JPEG, 960),
        rendition(second, RenditionFormat.WEBP, 480),
        rendition(third, RenditionFormat.JPEG, 480),
    ]
    for name, item in zip(archive.namelist(), expected, strict=False):
        assert archive.read(name) == stored_bytes(item)
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert archive.testzip() is None


def test_credits_name_each_file_photographer_licence_and_page(client, gallery, settings):
    settings.PHOTO_LICENCE = "CC BY 4.0"
    named = jpeg(gallery, caption="Hall", credit="Anna Petrova", position=1)
    unnamed = jpeg(gallery, caption="Stage", credit="", position=2)

    credits = unzip(client.get(gallery_zip_url(gallery))).read("CREDITS.txt").decode()

    assert credits.startswith(
        "Day one — PGConf 2016\nhttp://testserver/pgconf-2016/photos/day-one/"
    )
    assert "Licence of every photo below: CC BY 4.0" in credits
    assert (
        "pgconf-2016-day-one/001-hall.jpg\n"
        "  Photographer: Anna Petrova\n"
        f"  Photo page: http://testserver{named.get_absolute_url()}\n"
    ) in credits
    assert (
        "pgconf-2016-day-one/002-stage.jpg\n"
        "  Photographer: not named\n"
        f"  Photo page: http://testserver{unnamed.get_absolute_url()}\n"
    ) in credits


def test_russian_zip_has_russian_credits_and_addresses(client, gallery):
    jpeg(gallery, caption="Hall", credit="Анна Петрова")

    response = client.get(gallery_zip_url(gallery, "ru"))

    credits = unzip(response).read("CREDITS.txt").decode()
    assert "Фотограф: Анна Петрова" in credits
    assert "http://testserver/ru/pgconf-2016/photos/day-one/" in credits
    assert "все права у фотографа" in credits


def test_zip_is_an_attachment_with_a_good_name_and_not_gzipped(client, gallery):
    jpeg(gallery)

    response = client.get(gallery_zip_url(gallery), HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"] == 'attachment; filename="pgconf-2016-day-one-photos.zip"'
    )
    assert not response.has_header("Content-Encoding")
    assert "private" in response["Cache-Control"]


# --- It streams ----------------------------------------------------------------------


class CountingStorage(FileSystemStorage):
    """The media storage, counting the files opened and closed (class-level: the storage
    instance is made by Django from settings.STORAGES)."""

    opened: list[str] = []
    closed: list[str] = []

    def _open(self, name, mode="rb"):
        handle = super()._open(name, mode)
        CountingStorage.opened.append(name)
        close = handle.close

        def counted_close():
            CountingStorage.closed.append(name)
            close()

        handle.close = counted_close
        return handle


@pytest.fixture
def counting_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.CountingStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    CountingStorage.opened, CountingStorage.closed = [], []
    return CountingStorage


def test_zip_streams_its_first_bytes_before_reading_the_last_photo(
    client, gallery, counting_storage
):
    photos = [jpeg(gallery, position=number) for number in range(4)]
    counting_storage.opened.clear()

    response = client.get(gallery_zip_url(gallery))
    assert counting_storage.opened == []  # nothing read before the body is asked for
    chunks = iter(response.streaming_content)
    first = next(chunks)

    assert first.startswith(b"PK\x03\x04")  # a local file header
    assert len(counting_storage.opened) == 1
    rest = b"".join(chunks)
    names = [rendition(photo, RenditionFormat.JPEG, 480).file.name for photo in photos]
    assert counting_storage.opened == names
    assert counting_storage.closed == names  # one open at a time, each closed
    assert len(zipfile.ZipFile(io.BytesIO(first + rest)).namelist()) == 5


def test_file_gone_while_streaming_is_left_out_and_the_credits_say_so(client, gallery):
    kept = jpeg(gallery, caption="Kept", position=1)
    gone = jpeg(gallery, caption="Gone", position=2)

    response = client.get(gallery_zip_url(gallery))
    item = rendition(gone, RenditionFormat.JPEG, 480)
    item.file.storage.delete(item.file.name)  # taken down after the rows were read
    archive = unzip(response)

    assert archive.namelist() == ["pgconf-2016-day-one/001-kept.jpg", "CREDITS.txt"]
    assert archive.read("pgconf-2016-day-one/001-kept.jpg") == stored_bytes(
        rendition(kept, RenditionFormat.JPEG, 480)
    )
    assert (
        "1 photo was taken down while this archive was made" in archive.read("CREDITS.txt").decode()
    )


# --- Who sees what -------------------------------------------------------------------


def test_gallery_zip_leaves_out_pending_rejected_and_taken_down_photos(client, gallery):
    public = jpeg(gallery, caption="Public", position=1)
    jpeg(gallery, caption="Pending", status=PhotoStatus.PENDING, position=2)
    # Rendition rows left behind on a rejected photo must not matter either.
    jpeg(gallery, caption="Rejected", status=PhotoStatus.REJECTED, position=3)
    taken_down = jpeg(gallery, caption="Taken down", position=4)
    hide_photos_and_close(
        requests=[request_takedown(photo=taken_down, reason="It is me")],
        handled_by=StaffFactory(),
    )

    names = unzip(client.get(gallery_zip_url(gallery))).namelist()

    assert names == ["pgconf-2016-day-one/001-public.jpg", "CREDITS.txt"]
    assert public.pk  # the one photo left


@pytest.mark.parametrize("hide", ["gallery", "edition"])
def test_gallery_zip_of_an_unpublished_gallery_or_edition_is_404(client, gallery, hide):
    jpeg(gallery)
    target = gallery if hide == "gallery" else gallery.edition
    type(target).objects.filter(pk=target.pk).update(is_published=False)

    assert client.get(gallery_zip_url(gallery)).status_code == 404


def test_organisers_get_only_public_photos_too(organiser_client, gallery):
    jpeg(gallery, caption="Public")
    jpeg(gallery, caption="Pending", status=PhotoStatus.PENDING)

    names = unzip(organiser_client.get(gallery_zip_url(gallery))).namelist()

    assert names == ["pgconf-2016-day-one/001-public.jpg", "CREDITS.txt"]


def test_talk_zip_holds_its_tagged_photos_and_its_galleries_public_photos(client, gallery):
    talk = TalkFactory(edition=gallery.edition, slug="keynote", title="Keynote")
    jpeg(gallery, talk=talk, caption="", position=1)  # tagged: named after the talk
    talk_gallery = GalleryFactory(edition=gallery.edition, slug="keynote-hall", talk=talk)
    jpeg(talk_gallery, caption="From the back")
    jpeg(gallery, caption="Another talk", position=2)
    draft = GalleryFactory(edition=gallery.edition, slug="draft", is_published=False)
    jpeg(draft, talk=talk, caption="In a draft gallery")
    jpeg(gallery, talk=talk, caption="Pending", status=PhotoStatus.PENDING)

    url = reverse("photos:talk-zip", kwargs={"edition_slug": "pgconf-2016", "slug": "keynote"})
    response = client.get(url)

    assert unzip(response).namelist() == [
        "pgconf-2016-day-one/001-keynote.jpg",
        "pgconf-2016-keynote-hall/002-from-the-back.jpg",
        "CREDITS.txt",
    ]
    assert response["Content-Disposition"] == (
        'attachment; filename="pgconf-2016-keynote-photos.zip"'
    )


def test_talk_zip_of_a_draft_talk_is_404(client, gallery):
    talk = TalkFactory(edition=gallery.edition, slug="draft-talk", is_published=False)
    jpeg(gallery, talk=talk)

    url = reverse("photos:talk-zip", kwargs={"edition_slug": "pgconf-2016", "slug": "draft-talk"})
    assert client.get(url).status_code == 404


def test_speaker_zip_holds_photos_showing_them_and_of_their_talks(client, gallery):
    speaker = SpeakerFactory(slug="anna-petrova")
    talk = TalkFactory(edition=gallery.edition, speakers=[speaker])
    jpeg(gallery, speakers=[speaker], caption="Tagged", position=1)
    jpeg(gallery, talk=talk, caption="Of the talk", position=2)
    jpeg(gallery, caption="Someone else", position=3)
    jpeg(gallery, speakers=[speaker], caption="Pending", status=PhotoStatus.PENDING)

    response = client.get(reverse("photos:speaker-zip", kwargs={"slug": "anna-petrova"}))

    assert unzip(response).namelist() == [
        "pgconf-2016-day-one/001-tagged.jpg",
        "pgconf-2016-day-one/002-of-the-talk.jpg",
        "CREDITS.txt",
    ]
    assert response["Content-Disposition"] == 'attachment; filename="anna-petrova-photos.zip"'


def test_speaker_zip_of_an_unknown_speaker_is_404(client):
    assert client.get(reverse("photos:speaker-zip", kwargs={"slug": "nobody"})).status_code == 404


# --- Empty downloads and the links -------------------------------------------------------


def test_empty_gallery_has_no_link_and_its_zip_is_404(client, gallery):
    PhotoFactory(gallery=gallery)  # published, but no rendition yet

    page = client.get(gallery.get_absolute_url()).content.decode()

    assert "photos.zip" not in page
    assert client.get(gallery_zip_url(gallery)).status_code == 404


def link_text(size_bytes: int, count: int, language: str) -> str:
    with translation.override(language):
        size = filesizeformat(size_bytes)
    if language == "ru":
        return f"Скачать все фотографии ({count}, около {size})"
    return f"Download all photos ({count}, about {size})"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_gallery_talk_and_speaker_pages_link_their_zip_in_both_languages(client, gallery, language):
    speaker = SpeakerFactory(slug="anna-petrova")
    talk = TalkFactory(edition=gallery.edition, slug="keynote", speakers=[speaker])
    photos = [jpeg(gallery, talk=talk, position=number) for number in range(2)]
    size = sum(rendition(photo, RenditionFormat.JPEG, 480).size_bytes for photo in photos)
    prefix = "/ru" if language == "ru" else ""

    pages = {
        f"{prefix}/pgconf-2016/photos/day-one/": f"{prefix}/pgconf-2016/photos/day-one/photos.zip",
        f"{prefix}/pgconf-2016/talks/keynote/": f"{prefix}/pgconf-2016/talks/keynote/photos.zip",
        f"{prefix}/speakers/anna-petrova/": f"{prefix}/speakers/anna-petrova/photos.zip",
    }
    for page, zip_url in pages.items():
        html = client.get(page).content.decode()
        assert f'<a href="{zip_url}">{link_text(size, 2, language)}</a>' in html, page
        assert client.get(zip_url).status_code == 200


def test_talk_and_speaker_without_photos_have_no_link(client, gallery):
    speaker = SpeakerFactory(slug="anna-petrova")
    TalkFactory(edition=gallery.edition, slug="keynote", speakers=[speaker])

    for page in ("/pgconf-2016/talks/keynote/", "/speakers/anna-petrova/"):
        assert "photos.zip" not in client.get(page).content.decode()
    url = reverse("photos:talk-zip", kwargs={"edition_slug": "pgconf-2016", "slug": "keynote"})
    assert client.get(url).status_code == 404


# --- Limits ------------------------------------------------------------------------------


def test_large_download_comes_in_parts(client, gallery, settings):
    settings.PHOTO_ZIP_MAX_PHOTOS = 2
    for number in range(3):
        jpeg(gallery, caption=f"Photo {number + 1}", position=number)
    url = gallery_zip_url(gallery)

    page = client.get(gallery.get_absolute_url()).content.decode()
    assert "in parts of up to 2 photos" in page
    assert f'<a href="{url}?part=2">Part 2: photos 3–3' in page

    listing = client.get(url)
    assert listing.status_code == 200
    assert listing["Content-Type"].startswith("text/html")
    assert "These 3 photos are too many for one download" in listing.content.decode()

    second = client.get(url, {"part": "2"})
    assert unzip(second).namelist() == ["pgconf-2016-day-one/003-photo-3.jpg", "CREDITS.txt"]
    assert second["Content-Disposition"] == (
        'attachment; filename="pgconf-2016-day-one-photos-2-of-2.zip"'
    )
    assert len(unzip(client.get(url, {"part": "1"})).namelist()) == 3
    for wrong in ("3", "0", "x", "٢"):
        assert client.get(url, {"part": wrong}).status_code == 404


def test_zip_over_the_rate_limit_answers_429_with_a_message(client, gallery, settings):
    cache.clear()
    settings.RATE_LIMITS = {"photo_zip": 2}
    jpeg(gallery)
    url = gallery_zip_url(gallery)

    answers = [client.get(url) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    refused = answers[-1]
    assert "Too many requests. Please try again in" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    cache.clear()


@pytest.mark.parametrize("kind", ["gallery", "talk", "speaker"])
def test_zip_costs_the_same_queries_for_one_photo_or_many(
    client, gallery, kind, django_assert_num_queries
):
    speaker = SpeakerFactory(slug="anna-petrova")
    talk = TalkFactory(edition=gallery.edition, slug="keynote", speakers=[speaker])
    url = {
        "gallery": gallery_zip_url(gallery),
        "talk": reverse(
            "photos:talk-zip", kwargs={"edition_slug": "pgconf-2016", "slug": "keynote"}
        ),
        "speaker": reverse("photos:speaker-zip", kwargs={"slug": "anna-petrova"}),
    }[kind]
    jpeg(gallery, talk=talk, speakers=[speaker])

    with django_assert_num_queries(3):
        assert len(unzip(client.get(url)).namelist()) == 2
    for _ in range(9):
        jpeg(gallery, talk=talk, speakers=[speaker])
    with django_assert_num_queries(3):
        assert len(unzip(client.get(url)).namelist()) == 11


def test_zip_reads_renditions_from_s3(client, gallery, s3):  # noqa: F811 -- the fixture
    photo = jpeg(gallery, caption="On S3")
    item = rendition(photo, RenditionFormat.JPEG, 480)
    assert "media/" in s3.keys(s3.public)[0]

    archive = unzip(client.get(gallery_zip_url(gallery)))

    assert archive.read("pgconf-2016-day-one/001-on-s3.jpg") == stored_bytes(item)
    assert storages["default"].__class__.__name__ == "S3MediaStorage"
