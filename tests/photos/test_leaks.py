"""No photo that is not public ever reaches a public page, the sitemap or the API.

One archive holds every kind of photo that could leak, each tagged with the public talk
and speaker so that it would show on their pages if a filter were missing, and one
visible photo tagged the same way: every page is checked to show the visible photo
where it belongs (so the test can fail) and none of the hidden ones anywhere.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Photo
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

TALK_TITLE = "Logical replication at scale"


def photo_with_renditions(**kwargs) -> Photo:
    photo = PhotoFactory(**kwargs)
    for fmt in RenditionFormat.values:
        RenditionFactory(photo=photo, format=fmt, width=480, height=360)
    return photo


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf 2016", start_date=datetime.date(2016, 2, 3))
    # Newer than the public edition: the home page would pick it if drafts counted.
    draft_edition = EditionFactory(
        name="PGConf 2017", start_date=datetime.date(2017, 2, 3), is_published=False
    )
    speaker = SpeakerFactory(name="Ronan Dunklau")
    talk = TalkFactory(edition=edition, title=TALK_TITLE, speakers=[speaker])
    gallery = GalleryFactory(edition=edition, title="Day 1", talk=talk)
    draft_gallery = GalleryFactory(
        edition=edition, title="Backstage", talk=talk, is_published=False
    )
    gallery_of_draft_edition = GalleryFactory(edition=draft_edition, title="Day 1 of 2017")
    tags = {"talk": talk, "speakers": [speaker]}

    visible = photo_with_renditions(gallery=gallery, position=5, **tags)
    hidden = SimpleNamespace(
        pending=photo_with_renditions(
            gallery=gallery, status=PhotoStatus.PENDING, position=0, **tags
        ),
        rejected=photo_with_renditions(
            gallery=gallery, status=PhotoStatus.REJECTED, position=0, **tags
        ),
        in_draft_gallery=photo_with_renditions(gallery=draft_gallery, **tags),
        draft_gallery_cover=photo_with_renditions(gallery=draft_gallery, **tags),
        in_draft_edition=photo_with_renditions(
            gallery=gallery_of_draft_edition, speakers=[speaker]
        ),
    )
    gallery.cover = hidden.rejected  # a rejected photo chosen as cover
    gallery.save()
    draft_gallery.cover = hidden.draft_gallery_cover
    draft_gallery.save()
    gallery_of_draft_edition.cover = hidden.in_draft_edition
    gallery_of_draft_edition.save()
    return SimpleNamespace(
        edition=edition,
        talk=talk,
        speaker=speaker,
        gallery=gallery,
        visible=visible,
        hidden=vars(hidden),
    )


def traces(photo: Photo) -> list[str]:
    """Every string that would give a photo away: its renditions' URLs and folder, its
    page (under its own gallery or the public one) and its original's name."""
    urls = [rendition.file.url for rendition in photo.renditions.all()]
    return [
        *urls,
        f"renditions/{photo.pk}/",
        photo.get_absolute_url(),
        f"/photos/{photo.gallery.slug}/{photo.pk}/",
        photo.original.name,
    ]


def public_pages(archive) -> dict[str, str]:
    """Every public page that shows photos, or could, by name."""
    return {
        "home": reverse("conference:home"),
        "edition": archive.edition.get_absolute_url(),
        "photo archive": reverse("photos:gallery-list"),
        "gallery": archive.gallery.get_absolute_url(),
        "visible photo": archive.visible.get_absolute_url(),
        "talk": archive.talk.get_absolute_url(),
        "speaker": archive.speaker.get_absolute_url(),
        "sitemap": reverse("sitemap-section", kwargs={"section": "photos"}),
        "api search": f"{reverse('api-search')}?q=replication",
        "galleries feed": reverse("talks:feed-galleries"),
        "api galleries": "/api/v1/galleries",
        "api gallery": f"/api/v1/galleries/{archive.edition.slug}/{archive.gallery.slug}",
    }


def test_visible_photo_shows_where_it_belongs(client, archive):
    """The control: without it, a page that shows no photo at all would pass the others."""
    thumbnail = archive.visible.renditions.get(format=RenditionFormat.JPEG).file.url
    expected = {
        "home": thumbnail,  # as the cover standing in for the rejected one
        "edition": thumbnail,
        "photo archive": thumbnail,
        "gallery": archive.visible.get_absolute_url(),
        "talk": archive.visible.get_absolute_url(),
        "speaker": archive.visible.get_absolute_url(),
        "sitemap": archive.visible.get_absolute_url(),
        "galleries feed": archive.gallery.get_absolute_url(),
        "api gallery": archive.visible.get_absolute_url(),
    }
    pages = public_pages(archive)

    for name, trace in expected.items():
        response = client.get(pages[name])
        assert response.status_code == 200, name
        assert trace in response.content.decode(), name
    assert client.get(pages["api search"]).json()["count"] == 1


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "edition",
        "photo archive",
        "gallery",
        "visible photo",
        "talk",
        "speaker",
        "sitemap",
        "api search",
        "galleries feed",
        "api galleries",
        "api gallery",
    ],
)
def test_no_hidden_photo_on_public_page(client, archive, page):
    response = client.get(public_pages(archive)[page])

    assert response.status_code == 200
    html = response.content.decode()
    for kind, photo in archive.hidden.items():
        for trace in traces(photo):
            assert trace not in html, f"{kind} photo on the {page} page: {trace}"


@pytest.mark.parametrize(
    "kind",
    ["pending", "rejected", "in_draft_gallery", "draft_gallery_cover", "in_draft_edition"],
)
def test_hidden_photo_detail_is_404(client, archive, kind):
    photo = archive.hidden[kind]
    in_public_gallery = reverse(
        "photos:photo-detail",
        kwargs={
            "edition_slug": archive.edition.slug,
            "gallery_slug": archive.gallery.slug,
            "pk": photo.pk,
        },
    )

    assert client.get(photo.get_absolute_url()).status_code == 404
    assert client.get(in_public_gallery).status_code == 404


@pytest.mark.parametrize(
    "kind",
    ["pending", "rejected", "in_draft_gallery", "draft_gallery_cover", "in_draft_edition"],
)
def test_hidden_photo_takedown_form_is_404(client, archive, kind):
    photo = archive.hidden[kind]
    url = reverse(
        "photos:photo-takedown",
        kwargs={
            "edition_slug": photo.gallery.edition.slug,
            "gallery_slug": photo.gallery.slug,
            "pk": photo.pk,
        },
    )

    assert client.post(url, {"reason": "I am in it"}).status_code == 404
    assert not photo.takedown_requests.exists()


def test_hidden_galleries_are_404(client, archive):
    for photo in (archive.hidden["in_draft_gallery"], archive.hidden["in_draft_edition"]):
        assert client.get(photo.gallery.get_absolute_url()).status_code == 404


def test_hidden_galleries_stay_out_of_the_feed_and_the_api(client, archive):
    feed = client.get(reverse("talks:feed-galleries")).content.decode()
    listed = client.get("/api/v1/galleries").json()["results"]

    assert archive.gallery.get_absolute_url() in feed
    assert [gallery["title"] for gallery in listed] == [archive.gallery.title]
    for photo in (archive.hidden["in_draft_gallery"], archive.hidden["in_draft_edition"]):
        assert photo.gallery.get_absolute_url() not in feed
        api_url = f"/api/v1/galleries/{photo.gallery.edition.slug}/{photo.gallery.slug}"
        assert client.get(api_url).status_code == 404
