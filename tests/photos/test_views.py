import datetime

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
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

# Query-count tests render each page with one and with this many related items: the
# number of queries must not grow with the data.
MANY = 30

WIDTHS = (480, 960)


def photo_with_renditions(**kwargs) -> Photo:
    """A photo with AVIF, WebP and JPEG renditions at two widths (4:3)."""
    photo = PhotoFactory(**kwargs)
    for fmt in RenditionFormat.values:
        for width in WIDTHS:
            RenditionFactory(photo=photo, format=fmt, width=width, height=width * 3 // 4)
    return photo


def rendition_url(photo: Photo, width: int, fmt: str) -> str:
    return photo.renditions.get(width=width, format=fmt).file.url


def assert_no_original(html: str, *photos: Photo):
    """Originals are private: neither their path nor the private folder is ever in a page."""
    assert "originals/" not in html
    for photo in photos:
        assert photo.original.name not in html


# --- Photo archive -------------------------------------------------------------


def test_gallery_list_shows_published_galleries_by_edition_with_covers(client):
    old = EditionFactory(name="PGConf 2015", start_date=datetime.date(2015, 2, 5))
    new = EditionFactory(name="PGConf 2016", start_date=datetime.date(2016, 2, 3))
    day1 = GalleryFactory(edition=new, title="Day 1", position=1)
    day0 = GalleryFactory(edition=new, title="Day 0", position=0)
    party = GalleryFactory(edition=old, title="Party")
    cover = photo_with_renditions(gallery=day1)
    photo_with_renditions(gallery=day0)
    PhotoFactory(gallery=party)  # no rendition yet: no cover

    response = client.get(reverse("photos:gallery-list"))

    editions = response.context["editions"]
    assert [(e.name, [g.title for g in e.public_galleries]) for e in editions] == [
        ("PGConf 2016", ["Day 0", "Day 1"]),
        ("PGConf 2015", ["Party"]),
    ]
    assert editions[0].public_galleries[1].cover_photo == cover
    assert editions[1].public_galleries[0].cover_photo is None
    html = response.content.decode()
    assert f'srcset="{rendition_url(cover, 480, "avif")} 480w,' in html
    assert "1 photo" in html
    assert_csp_clean(html)


def test_gallery_list_never_shows_unpublished_things(client):
    draft_edition = EditionFactory(name="Draft edition", is_published=False)
    GalleryFactory(edition=draft_edition, title="Gallery of draft edition")
    edition = EditionFactory(name="PGConf 2016")
    GalleryFactory(edition=edition, title="Draft gallery", is_published=False)
    EditionFactory(name="Edition without photos")
    gallery = GalleryFactory(edition=edition, title="Day 1")
    published = photo_with_renditions(gallery=gallery)
    pending = photo_with_renditions(gallery=gallery, status=PhotoStatus.PENDING, position=0)
    rejected = photo_with_renditions(gallery=gallery, status=PhotoStatus.REJECTED, position=0)
    gallery.cover = pending
    gallery.save()

    response = client.get(reverse("photos:gallery-list"))

    assert [e.name for e in response.context["editions"]] == ["PGConf 2016"]
    # The chosen cover is pending: the first published photo stands in.
    assert response.context["editions"][0].public_galleries[0].cover_photo == published
    assert response.context["editions"][0].public_galleries[0].photo_count == 1
    html = response.content.decode()
    for hidden in ("Draft edition", "Gallery of draft edition", "Draft gallery", "without photos"):
        assert hidden not in html
    assert f"renditions/{pending.pk}/" not in html
    assert f"renditions/{rejected.pk}/" not in html
    assert_no_original(html, published, pending, rejected)


@pytest.mark.parametrize("galleries", [1, MANY])
def test_gallery_list_query_count_fixed(client, django_assert_num_queries, galleries):
    for _ in range(galleries):
        gallery = GalleryFactory(edition=EditionFactory())
        photo_with_renditions(gallery=gallery)
        photo_with_renditions(gallery=gallery)

    # the gallery cards, each with its edition and cover (renditions inline)
    with django_assert_num_queries(1):
        response = client.get(reverse("photos:gallery-list"))

    assert len(response.context["editions"]) == galleries


# --- Gallery detail -----------------------------------------------------------


def test_gallery_detail_renders_picture_from_renditions(client):
    gallery = GalleryFactory()
    photo = photo_with_renditions(gallery=gallery, alt_text="Ronan at the lectern")

    response = client.get(gallery.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    sizes = 'sizes="(min-width: 75rem) 18rem, (min-width: 40rem) 33vw, 50vw"'
    avif = f"{rendition_url(photo, 480, 'avif')} 480w, {rendition_url(photo, 960, 'avif')} 960w"
    webp = f"{rendition_url(photo, 480, 'webp')} 480w, {rendition_url(photo, 960, 'webp')} 960w"
    jpeg = f"{rendition_url(photo, 480, 'jpeg')} 480w, {rendition_url(photo, 960, 'jpeg')} 960w"
    assert (
        f'<a href="{photo.get_absolute_url()}"><picture>'
        f'<source type="image/avif" srcset="{avif}" {sizes}>'
        f'<source type="image/webp" srcset="{webp}" {sizes}>'
        f'<img src="{rendition_url(photo, 480, "jpeg")}" srcset="{jpeg}" {sizes} '
        'width="480" height="360" alt="Ronan at the lectern" loading="lazy" decoding="async">'
        "</picture></a>"
    ) in html
    assert_no_original(html, photo)
    assert_csp_clean(html)


def test_gallery_detail_photo_without_rendition_shows_placeholder(client):
    gallery = GalleryFactory()
    PhotoFactory(gallery=gallery, alt_text="", caption="Group photo")

    html = client.get(gallery.get_absolute_url()).content.decode()

    assert "<picture>" not in html
    assert "Image being prepared" in html
    assert "Group photo" in html


def test_gallery_detail_shows_only_published_photos(client):
    gallery = GalleryFactory()
    shown = photo_with_renditions(gallery=gallery, position=2)
    first = photo_with_renditions(gallery=gallery, position=1)
    pending = photo_with_renditions(gallery=gallery, status=PhotoStatus.PENDING)
    rejected = photo_with_renditions(gallery=gallery, status=PhotoStatus.REJECTED)

    response = client.get(gallery.get_absolute_url())

    assert list(response.context["photos"]) == [first, shown]
    html = response.content.decode()
    assert f"renditions/{pending.pk}/" not in html
    assert f"renditions/{rejected.pk}/" not in html
    assert pending.get_absolute_url() not in html
    assert_no_original(html, shown, first, pending, rejected)


def test_gallery_detail_links_talk_only_when_public(client):
    talk = TalkFactory(title="Public talk")
    draft = TalkFactory(title="Draft talk", edition=talk.edition, is_published=False)
    with_talk = GalleryFactory(edition=talk.edition, talk=talk)
    with_draft = GalleryFactory(edition=talk.edition, talk=draft)

    assert (
        f'href="{talk.get_absolute_url()}"'
        in client.get(with_talk.get_absolute_url()).content.decode()
    )
    assert "Draft talk" not in client.get(with_draft.get_absolute_url()).content.decode()


def test_gallery_detail_paginates(client):
    gallery = GalleryFactory()
    PhotoFactory.create_batch(50, gallery=gallery)

    first = client.get(gallery.get_absolute_url())
    second = client.get(gallery.get_absolute_url(), {"page": 2})

    assert len(first.context["photos"]) == 48
    assert len(second.context["photos"]) == 2
    assert 'href="?page=2"' in first.content.decode()


def test_gallery_detail_unknown_is_404(client):
    gallery = GalleryFactory()

    assert client.get(f"/{gallery.edition.slug}/photos/nothing/").status_code == 404
    assert client.get(f"/nothing/photos/{gallery.slug}/").status_code == 404
    assert client.get(f"/{EditionFactory().slug}/photos/{gallery.slug}/").status_code == 404


@pytest.mark.parametrize(
    "gallery_kwargs",
    [{"is_published": False}, {"edition__is_published": False}],
    ids=["draft-gallery", "draft-edition"],
)
def test_gallery_detail_unpublished_is_404_even_for_superuser(client, admin_user, gallery_kwargs):
    gallery = GalleryFactory(**gallery_kwargs)
    PhotoFactory(gallery=gallery)

    assert client.get(gallery.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert client.get(gallery.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("photos", [1, MANY])
def test_gallery_detail_query_count_fixed(client, django_assert_num_queries, photos):
    gallery = GalleryFactory(talk=TalkFactory())
    for _ in range(photos):
        photo_with_renditions(gallery=gallery)

    # gallery (+edition, talk), photo count, photos, their renditions; the download
    # link's count and size (photos.readers.downloads)
    with django_assert_num_queries(5):
        response = client.get(gallery.get_absolute_url())

    assert len(response.context["photos"]) == photos


# --- Photo detail ----------------------------------------------------------------


def test_photo_detail_shows_largest_rendition_caption_credit_and_neighbours(client):
    speaker = SpeakerFactory(name="Ronan Dunklau")
    talk = TalkFactory(title="Multicorn", speakers=[speaker])
    gallery = GalleryFactory(edition=talk.edition)
    first = photo_with_renditions(gallery=gallery, position=1)
    PhotoFactory(gallery=gallery, position=2, status=PhotoStatus.PENDING)
    photo = photo_with_renditions(
        gallery=gallery,
        position=3,
        caption="Questions after the talk",
        credit="Ivan Photographer",
        talk=talk,
        speakers=[speaker],
    )
    last = photo_with_renditions(gallery=gallery, position=4)

    response = client.get(photo.get_absolute_url())

    assert response.status_code == 200
    assert response.context["place"].previous == first
    assert response.context["place"].next == last
    html = response.content.decode()
    largest = rendition_url(photo, 960, "jpeg")
    assert f'<img src="{largest}"' in html
    assert 'width="960" height="720" alt="' in html
    assert 'fetchpriority="high"' in html
    assert (
        f'<a href="{largest}">Open the full-size image (960 \N{MULTIPLICATION SIGN} 720)</a>'
        in html
    )
    assert "Questions after the talk" in html
    assert "Photo: Ivan Photographer" in html
    assert f'href="{talk.get_absolute_url()}" lang="en">Multicorn</a>' in html
    assert f'<a href="{speaker.get_absolute_url()}">Ronan Dunklau</a>' in html
    assert "Photo 2 of 3" in html
    assert_no_original(html, photo, first, last)
    assert_csp_clean(html)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        # Taken at 10:30 UTC in Hamburg: 11:30 at the venue (13:30 in the site's zone),
        # with the zone named.
        (
            "Europe/Berlin",
            '<time datetime="2014-12-27T11:30:00+01:00">Saturday, December 27, 2014, 11:30'
            "</time> (Europe/Berlin, UTC+01:00)</p>",
        ),
        # At a venue in the site's zone, no zone to name.
        (
            "Europe/Moscow",
            '<time datetime="2014-12-27T13:30:00+03:00">Saturday, December 27, 2014, 13:30'
            "</time></p>",
        ),
    ],
)
def test_photo_detail_shows_the_time_taken_at_the_venue(client, settings, zone, shown):
    settings.TIME_ZONE = "Europe/Moscow"
    gallery = GalleryFactory(edition__time_zone=zone)
    taken = datetime.datetime(2014, 12, 27, 10, 30, tzinfo=datetime.UTC)
    photo = photo_with_renditions(gallery=gallery, taken_at=taken)

    html = client.get(photo.get_absolute_url()).content.decode()

    assert shown in html


def test_photo_detail_hides_unpublished_talk_and_speakers(client):
    draft_talk = TalkFactory(title="Draft talk", is_published=False)
    hidden = SpeakerFactory(name="Hidden Speaker")  # no published talk
    photo = photo_with_renditions(
        gallery=GalleryFactory(edition=draft_talk.edition), talk=draft_talk, speakers=[hidden]
    )

    response = client.get(photo.get_absolute_url())

    html = response.content.decode()
    assert "Draft talk" not in html
    assert "Hidden Speaker" not in html


def test_photo_detail_back_link_points_to_its_gallery_page(client):
    gallery = GalleryFactory()
    photos = PhotoFactory.create_batch(50, gallery=gallery)

    response = client.get(photos[-1].get_absolute_url())

    assert response.context["gallery_page"] == 2
    assert f'href="{gallery.get_absolute_url()}?page=2"' in response.content.decode()


@pytest.mark.parametrize(
    "photo_kwargs",
    [
        {"status": PhotoStatus.PENDING},
        {"status": PhotoStatus.REJECTED},
        {"gallery__is_published": False},
        {"gallery__edition__is_published": False},
    ],
    ids=["pending", "rejected", "draft-gallery", "draft-edition"],
)
def test_photo_detail_unpublished_is_404_even_for_superuser(client, admin_user, photo_kwargs):
    photo = photo_with_renditions(**photo_kwargs)

    assert client.get(photo.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_photo_detail_unknown_or_in_other_gallery_is_404(client):
    photo = PhotoFactory()
    other = GalleryFactory(edition=photo.gallery.edition)
    edition_slug = photo.gallery.edition.slug

    assert client.get(f"/{edition_slug}/photos/{photo.gallery.slug}/0/").status_code == 404
    assert client.get(f"/{edition_slug}/photos/{other.slug}/{photo.pk}/").status_code == 404


@pytest.mark.parametrize("extras", [1, MANY])
def test_photo_detail_query_count_fixed(client, django_assert_num_queries, extras):
    talk = TalkFactory(speakers=[SpeakerFactory()])
    gallery = GalleryFactory(edition=talk.edition)
    photo = photo_with_renditions(
        gallery=gallery, talk=talk, speakers=[SpeakerFactory() for _ in range(extras)]
    )
    for speaker in photo.speakers.all():
        TalkFactory(speakers=[speaker])
    for _ in range(extras):
        photo_with_renditions(gallery=gallery)

    # One statement (photos.readers.photo_page): the photo with its gallery, edition,
    # talk, renditions, speakers and place in the gallery.
    with django_assert_num_queries(1):
        response = client.get(photo.get_absolute_url())

    assert len(response.context["photo"].public_speakers) == extras
