"""What the public sees of an edition published before its talks (an import published
edition first): a programme to come, not "0 talks" with export links to empty files."""

import pytest
from django.urls import reverse

from tests.factories import EditionFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Published, with every talk still a draft."""
    edition = EditionFactory(name="PGConf 2016", is_published=True)
    TalkFactory.create_batch(3, edition=edition, is_published=False)
    return edition


def test_edition_page_says_the_programme_is_not_published(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()

    assert '<h2 id="talks-heading">Programme</h2>' in html
    assert "The talks of this edition are not published yet." in html
    assert "0 talks" not in html
    # No exports nor feed of an empty programme.
    assert reverse("talks:schedule-ics", args=[edition.slug]) not in html
    assert reverse("talks:schedule-xml", args=[edition.slug]) not in html
    assert reverse("talks:feed-edition", args=[edition.slug]) not in html


def test_edition_page_with_public_talks_counts_them_and_links_exports(client, edition):
    TalkFactory(edition=edition, is_published=True)

    html = client.get(edition.get_absolute_url()).content.decode()

    assert '<h2 id="talks-heading">1 talk</h2>' in html
    assert reverse("talks:schedule-ics", args=[edition.slug]) in html
    assert reverse("talks:feed-edition", args=[edition.slug]) in html


def test_edition_list_says_programme_not_published_instead_of_zero(client, edition):
    html = client.get(reverse("conference:edition-list")).content.decode()

    assert "Programme not published yet" in html
    assert "0 talks" not in html
    assert "0 photos" not in html


def test_home_page_offers_no_talks_of_an_edition_without_public_talks(client, edition):
    html = client.get(reverse("conference:home")).content.decode()

    assert "All talks of PGConf 2016" not in html
    assert "The talks of this edition are not published yet." in html
