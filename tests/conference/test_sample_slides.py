"""The sample archive's seed talks get real PDF slides, read into pages, once."""

import pytest

from conference.sample import load_sample_archive
from conference.sample.slides import DECKS
from talks.decks.models import DeckStatus, SlideDeck, SlideImage

pytestmark = pytest.mark.django_db


def test_seed_talks_get_slides_read_into_pages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_sample_archive()
    decks = {deck.talk.slug: deck for deck in SlideDeck.objects.select_related("talk")}

    assert set(decks) == set(DECKS)
    for slug, deck in decks.items():
        assert deck.status == DeckStatus.READY, deck.message
        assert deck.page_count == len(DECKS[slug]) + 1
    zalando = decks["data-integration-with-postgresql-logical-replication-at-zalando"]
    assert [page.number for page in zalando.pages.filter(text__contains="Nakadi")] == [3]
    assert "Nakadi" not in zalando.talk.abstract
    assert SlideImage.objects.filter(page__deck=zalando, kind="thumb").exists()

    pdfs = {deck.pk: deck.pdf.name for deck in decks.values()}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_sample_archive()

    again = dict(SlideDeck.objects.values_list("pk", "pdf"))
    assert again == pdfs
    assert not [callback for callback in callbacks if "enqueue" in repr(callback)]
