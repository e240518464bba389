"""photos/readers/galleries.py: the one gallery-card statement read by the gallery page, the
API, the photo archive and the feed. (tests/talks/test_talk_page.py holds its cards to the
queryset they replaced.)"""

import datetime

import pytest
from django.utils import timezone

from photos.models import Gallery
from photos.readers.galleries import (
    count_galleries,
    find_gallery,
    gallery_list,
    newest_galleries,
    photo_archive,
)
from tests.factories import EditionFactory, GalleryFactory, PhotoFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_find_gallery_gives_its_talk_only_while_the_talk_is_public(client):
    edition = EditionFactory()
    public = GalleryFactory(edition=edition, talk=TalkFactory(edition=edition, title="Shown"))
    draft_talk = TalkFactory(edition=edition, title="Quibbleworth", is_published=False)
    hidden = GalleryFactory(edition=edition, talk=draft_talk)
    untagged = GalleryFactory(edition=edition)

    found = {
        gallery: find_gallery(edition_slug=edition.slug, slug=gallery.slug)
        for gallery in (public, hidden, untagged)
    }

    assert found[public].talk_is_public
    assert found[public].talk.title == "Shown"
    assert not found[hidden].talk_is_public
    assert not found[untagged].talk_is_public
    # The gallery page names the public talk, never the draft one, with the same queries.
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "Quibbleworth" not in response.content.decode()
    assert "Shown" in client.get(public.get_absolute_url()).content.decode()


def test_find_gallery_none_unless_published_in_a_published_edition():
    draft_edition = EditionFactory(is_published=False)
    in_draft_edition = GalleryFactory(edition=draft_edition)
    draft = GalleryFactory(is_published=False)
    other_edition = EditionFactory()

    assert find_gallery(edition_slug=draft_edition.slug, slug=in_draft_edition.slug) is None
    assert find_gallery(edition_slug=draft.edition.slug, slug=draft.slug) is None
    assert find_gallery(edition_slug=other_edition.slug, slug=GalleryFactory().slug) is None


def test_photo_archive_groups_cards_by_edition_newest_first(django_assert_num_queries):
    old = EditionFactory(start_date=datetime.date(2019, 5, 1))
    new = EditionFactory(start_date=datetime.date(2024, 5, 1))
    EditionFactory(start_date=datetime.date(2025, 5, 1))  # no gallery: not listed
    second = GalleryFactory(edition=new, position=2)
    first = GalleryFactory(edition=new, position=1)
    oldest = GalleryFactory(edition=old)
    GalleryFactory(edition=new, is_published=False)
    GalleryFactory(edition=EditionFactory(is_published=False))

    with django_assert_num_queries(1):
        editions = photo_archive()

    assert [(e, [g.pk for g in e.public_galleries]) for e in editions] == [
        (new, [first.pk, second.pk]),
        (old, [oldest.pk]),
    ]
    assert all(g.edition is editions[0] for g in editions[0].public_galleries)


def test_gallery_list_pages_and_counts_as_the_archive_orders():
    old = EditionFactory(start_date=datetime.date(2019, 5, 1))
    new = EditionFactory(start_date=datetime.date(2024, 5, 1))
    galleries = [
        GalleryFactory(edition=new, position=0),
        GalleryFactory(edition=new, position=1),
        GalleryFactory(edition=old, position=0),
    ]
    GalleryFactory(edition=new, is_published=False)

    assert [g.pk for g in gallery_list(limit=2)] == [galleries[0].pk, galleries[1].pk]
    assert [g.pk for g in gallery_list(offset=2, limit=2)] == [galleries[2].pk]
    assert gallery_list(offset=3, limit=2) == []
    assert count_galleries() == 3
    assert [g.pk for g in gallery_list(edition_slug=old.slug, limit=10)] == [galleries[2].pk]
    assert count_galleries(edition_slug=old.slug) == 1
    assert count_galleries(edition_slug="no-such-edition") == 0


def test_newest_galleries_by_creation_public_only():
    galleries = [GalleryFactory(), GalleryFactory(), GalleryFactory()]
    for days, gallery in enumerate(galleries):
        created = timezone.now() - datetime.timedelta(days=days)
        Gallery.objects.filter(pk=gallery.pk).update(created_at=created)
    GalleryFactory(is_published=False)
    PhotoFactory(gallery=galleries[0])

    found = newest_galleries(2)

    assert [g.pk for g in found] == [galleries[0].pk, galleries[1].pk]
    assert [g.photo_count for g in found] == [1, 0]
