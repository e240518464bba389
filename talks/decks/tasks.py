"""Background work on slide decks, through Django's tasks framework (settings.TASKS).

fetch_slide_deck downloads a deck's PDF from its talk's slides URL, then reads it;
extract_slide_deck reads a deck's PDF into pages. Like the photos' renditions they run
at once in development and tests and in `manage.py db_worker` in production. Either may
run twice (a killed worker's task is requeued): the fetch keeps one PDF per deck and
skips bytes it already has; the extraction replaces the deck's pages in one transaction.
A PDF that cannot be fetched or read marks the deck "failed" with the reason, shown in
the admin; it is not retried (it will not read better next time), an organiser re-runs.
"""

import logging

from django.tasks import task
from django.utils.translation import gettext as _

from talks.decks.extraction import DeckError, extract_deck
from talks.decks.fetching import FetchProblem, fetch_pdf
from talks.decks.models import DeckStatus, SlideDeck
from talks.decks.storing import record_failure, store_pdf

logger = logging.getLogger(__name__)


@task
def extract_slide_deck(deck_id: int) -> str:
    """Read deck `deck_id`'s PDF into pages (talks.decks.extraction); return its status."""
    deck = SlideDeck.objects.filter(pk=deck_id).first()
    if deck is None:
        return "gone"
    try:
        extract_deck(deck)
    except SlideDeck.DoesNotExist:  # deleted while it was being read
        return "gone"
    except DeckError as error:
        record_failure(deck_id, str(error))
        return DeckStatus.FAILED
    except Exception as error:
        logger.exception("Slides of deck %s failed", deck_id)
        record_failure(deck_id, _("Reading the slides failed: %(error)s") % {"error": error})
        raise
    return DeckStatus.READY


@task
def fetch_slide_deck(deck_id: int) -> str:
    """Fetch deck `deck_id`'s PDF from its talk's slides URL, then read it; return its status.

    An unchanged file (the same bytes as the deck holds) is not read again if its pages
    are ready.
    """
    deck = SlideDeck.objects.select_related("talk").filter(pk=deck_id).first()
    if deck is None:
        return "gone"
    url = deck.talk.slides_url
    if not url:
        record_failure(deck_id, _("The talk has no slides link to fetch."))
        return DeckStatus.FAILED
    try:
        with fetch_pdf(url) as pdf:
            changed = store_pdf(deck=deck, file=pdf, source_url=url)
    except FetchProblem as error:
        record_failure(deck_id, str(error))
        return DeckStatus.FAILED
    if not changed and deck.status == DeckStatus.READY:
        return DeckStatus.READY
    return extract_slide_deck.call(deck_id)


def enqueue_extraction(deck_id: int):
    return extract_slide_deck.enqueue(deck_id)


def enqueue_fetch(deck_id: int):
    return fetch_slide_deck.enqueue(deck_id)
