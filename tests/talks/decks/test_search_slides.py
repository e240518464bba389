"""Slide text in search: a word only on slide 3 finds the talk, the result says so and
links to #slide-3 (page and API); drafts' slides find nothing."""

import pytest

from talks.decks.services import upload_slides
from talks.search import search_talks
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk_with_slides(django_capture_on_commit_callbacks):
    talk = TalkFactory(title="Change data capture", abstract="Moving rows between systems.")
    with django_capture_on_commit_callbacks(execute=True):
        # Page 1 is the title page; the word is on page 3 only.
        upload_slides(talk=talk, file=upload(deck("consumers and offsets", "the Nakadi bus")))
    return talk


def test_word_only_in_the_slides_finds_the_talk_at_its_page(talk_with_slides):
    results = search_talks("nakadi")

    assert [talk.pk for talk in results.talks] == [talk_with_slides.pk]
    found = results.talks[0]
    assert found.slides_page == 3
    assert "<mark>Nakadi</mark>" in found.snippet


def test_abstract_match_keeps_its_snippet_and_no_slide_page(talk_with_slides):
    found = search_talks("rows").talks[0]

    assert found.slides_page is None
    assert "<mark>rows</mark>" in found.snippet


def test_search_page_links_to_the_slide(client, talk_with_slides):
    response = client.get("/search/", {"q": "nakadi"})

    assert response.status_code == 200
    url = f"{talk_with_slides.get_absolute_url()}#slide-3"
    assert f'<a class="search-slide-link" href="{url}">Found on slide 3</a>' in (
        response.content.decode()
    )


def test_search_api_gives_the_slides_page(client, talk_with_slides):
    answer = client.get("/api/v1/search", {"q": "nakadi"}).json()

    assert [result["slides_page"] for result in answer["results"]] == [3]
    assert client.get("/api/v1/search", {"q": "rows"}).json()["results"][0]["slides_page"] is None


def test_drafts_slides_find_nothing(django_capture_on_commit_callbacks):
    draft = TalkFactory(is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=draft, file=upload(deck("a secret Nakadi plan")))

    assert search_talks("nakadi").talks == []
    assert TalkFactory._meta.model.objects.get(pk=draft.pk).search_vector  # indexed all the same
