"""Words that only a talk's slides hold are in the typo vocabulary (talks/vocabulary.py,
talks/sql/archive_refresh_talk_words.sql) while the talk is public and has its deck;
a draft's slides never count."""

import pytest

from talks.decks.services import delete_decks
from talks.models import SearchWord, Talk
from talks.typos import correct
from tests.factories import TalkFactory
from tests.talks.decks.rows import add_pages, ready_deck

pytestmark = pytest.mark.django_db

SLIDE_WORD = "hypertesselation"


def talks_holding(word: str) -> int:
    return SearchWord.objects.filter(word=word).values_list("talks", flat=True).first() or 0


def test_a_slide_only_word_is_corrected_while_its_deck_is_public():
    talk = TalkFactory(title="Planner internals", abstract="")
    ready_deck(talk, ["Agenda", f"{SLIDE_WORD.capitalize()} of the plan space"])

    assert talks_holding(SLIDE_WORD) == 1
    assert correct("hypertesselatoin planner") == f"{SLIDE_WORD} planner"

    add_pages(talk.slide_deck, ["More pages, the same word: hypertesselation"])
    assert talks_holding(SLIDE_WORD) == 1

    Talk.objects.filter(pk=talk.pk).update(is_published=False)
    assert talks_holding(SLIDE_WORD) == 0
    assert correct("hypertesselatoin planner") == ""

    Talk.objects.filter(pk=talk.pk).update(is_published=True)
    assert talks_holding(SLIDE_WORD) == 1

    delete_decks(talk_ids=[talk.pk])
    assert talks_holding(SLIDE_WORD) == 0


def test_a_drafts_slides_never_count():
    draft = TalkFactory(title="Planner internals", abstract="", is_published=False)

    ready_deck(draft, [f"{SLIDE_WORD} everywhere"])

    assert talks_holding(SLIDE_WORD) == 0
    assert correct("hypertesselatoin") == ""
