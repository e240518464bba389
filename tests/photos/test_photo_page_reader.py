"""photos.readers.photo_page against the querysets it replaced (written here): the same
photo, talk, speakers in the same order, and the same place in the gallery."""

import datetime

import pytest
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import translation

from conference.bilingual import localized
from photos.choices import PhotoStatus
from photos.models import Photo, Rendition
from photos.readers.photo_page import find_photo
from talks.models import Speaker, Talk
from tests.factories import (
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def old_photo(photo: Photo) -> Photo:
    """The photo page's photo as the queryset before photo_page read it."""
    public_talk = Exists(Talk.objects.published().filter(pk=OuterRef("talk_id")))
    return (
        Photo.objects.published()
        .filter(gallery__edition__slug=photo.gallery.edition.slug, gallery__slug=photo.gallery.slug)
        .select_related("gallery__edition", "talk__edition")
        .annotate(talk_is_public=public_talk)
        .prefetch_related(
            Prefetch(
                "renditions",
                queryset=Rendition.objects.order_by("format", "width"),
                to_attr="public_renditions",
            ),
            Prefetch(
                "speakers",
                queryset=Speaker.objects.published().order_by(localized("name"), "pk"),
                to_attr="public_speakers",
            ),
        )
        .get(pk=photo.pk)
    )


def old_place(photo: Photo) -> tuple:
    """(previous id, next id, index, total) as the gallery's published photos in order."""
    ids = list(
        Photo.objects.published()
        .filter(gallery_id=photo.gallery_id)
        .order_by("position", "taken_at", "pk")
        .values_list("pk", flat=True)
    )
    index = ids.index(photo.pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following, index, len(ids)


def found(photo: Photo) -> Photo | None:
    return find_photo(
        edition_slug=photo.gallery.edition.slug, gallery_slug=photo.gallery.slug, pk=photo.pk
    )


@pytest.fixture
def gallery_photos():
    """A gallery of photos in a mixed order (positions, capture times, none), one pending,
    with a public talk, a draft talk, and public and hidden speakers named in either script."""
    gallery = GalleryFactory()
    public_talk = TalkFactory(edition=gallery.edition, title="Public talk")
    draft_talk = TalkFactory(edition=gallery.edition, is_published=False)
    speakers = [
        SpeakerFactory(name_en="Zoe Adams", name_ru=""),
        SpeakerFactory(name_en="", name_ru="Анна Белова"),
        SpeakerFactory(name_en="Boris Orlov", name_ru="Борис Орлов"),
        SpeakerFactory(name_en="Alice Hidden", name_ru=""),  # no public talk
    ]
    for speaker in speakers[:3]:
        TalkFactory(speakers=[speaker])
    moment = datetime.datetime(2016, 2, 3, 10, tzinfo=datetime.UTC)
    photos = [
        PhotoFactory(gallery=gallery, position=1, taken_at=moment, talk=public_talk),
        PhotoFactory(gallery=gallery, position=0, taken_at=None, speakers=speakers),
        PhotoFactory(gallery=gallery, position=1, taken_at=None, talk=draft_talk),
        PhotoFactory(gallery=gallery, position=1, taken_at=moment - datetime.timedelta(hours=1)),
        PhotoFactory(gallery=gallery, position=0, taken_at=moment, status=PhotoStatus.PENDING),
        PhotoFactory(gallery=gallery, position=2, taken_at=moment, speakers=speakers[1:]),
    ]
    for photo in photos:
        RenditionFactory(photo=photo, format="jpeg", width=960, height=720)
        RenditionFactory(photo=photo, format="avif", width=480, height=360)
    return photos


@pytest.mark.parametrize("language", ["en", "ru"])
def test_find_photo_gives_what_the_querysets_gave(gallery_photos, language):
    with translation.override(language):
        for photo in gallery_photos:
            if photo.status != PhotoStatus.PUBLISHED:
                assert found(photo) is None
                continue
            new, old = found(photo), old_photo(photo)
            assert new.pk == old.pk
            assert new.gallery.pk == old.gallery.pk
            assert new.gallery.edition.slug == old.gallery.edition.slug
            assert new.talk_is_public == old.talk_is_public
            if old.talk_is_public:
                assert new.talk.get_absolute_url() == old.talk.get_absolute_url()
                assert (new.talk.title, new.talk.language) == (old.talk.title, old.talk.language)
            assert [r.pk for r in new.public_renditions] == [r.pk for r in old.public_renditions]
            assert [(s.pk, s.name) for s in new.public_speakers] == [
                (s.pk, s.name) for s in old.public_speakers
            ]
            place = new.place
            previous, following, index, total = old_place(photo)
            assert (place.index, place.total) == (index, total)
            assert (place.previous and place.previous.pk) == previous
            assert (place.next and place.next.pk) == following
            if place.next:
                assert (
                    place.next.get_absolute_url()
                    == Photo.objects.get(pk=following).get_absolute_url()
                )


def test_find_photo_needs_the_right_gallery_and_edition(gallery_photos):
    photo = gallery_photos[0]
    other = GalleryFactory(edition=photo.gallery.edition)
    assert (
        find_photo(edition_slug=photo.gallery.edition.slug, gallery_slug=other.slug, pk=photo.pk)
        is None
    )
    assert find_photo(edition_slug="nowhere", gallery_slug=photo.gallery.slug, pk=photo.pk) is None
