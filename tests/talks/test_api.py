"""GET /api/v1/search: the stable JSON contract and its answers to bad input."""

import pytest

from talks.choices import Language
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory
from tests.talks import drafts

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"


@pytest.fixture
def talks():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    english = TalkFactory(
        edition=edition,
        slug="zalando",
        title="Data integration with PostgreSQL logical replication at Zalando",
        abstract="Stream all the data changes with logical replication.",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )
    russian = TalkFactory(
        edition=edition,
        slug="replikatsiya",
        title="Репликация в PostgreSQL",
        abstract="О логической репликации.",
        language=Language.RUSSIAN,
        speakers=[SpeakerFactory(name="Марат Фаттахов"), SpeakerFactory(name="Dmitry Boikov")],
    )
    return english, russian


def test_search_answers_the_documented_shape(client, talks):
    english, _ = talks
    response = client.get(URL, {"q": "replication", "limit": 1})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "query", "corrected_query", "sort", "results"}
    assert (body["query"], body["corrected_query"], body["sort"]) == (
        "replication",
        None,
        "relevance",
    )
    # The Russian talk on replication too, by its topic (talks/search_topics.py).
    assert body["count"] == 2
    (result,) = body["results"]
    assert set(result) == {
        "title", "other_title", "url", "speakers", "edition", "language", "snippet",
        "slides_page",
    }  # fmt: skip
    assert result["title"] == english.title
    assert result["url"] == "http://testserver/pgconf-russia-2016/talks/zalando/"
    assert result["speakers"] == ["Valentine Gogichashvili"]
    assert result["edition"] == "PGConf.Russia 2016"
    assert result["language"] == "en"
    assert "<mark>replication</mark>" in result["snippet"]


def test_search_finds_russian_talk_with_speakers_in_order(client, talks):
    body = client.get(URL, {"q": "репликации"}).json()
    # Then the English talk on replication, by its topic (talks/search_topics.py).
    assert [result["speakers"] for result in body["results"]] == [
        ["Марат Фаттахов", "Dmitry Boikov"],
        ["Valentine Gogichashvili"],
    ]


def test_search_accepts_facet_filters(client, talks):
    body = client.get(URL, {"q": "postgresql", "language": "ru"}).json()
    assert [result["language"] for result in body["results"]] == ["ru"]
    body = client.get(URL, {"q": "postgresql", "edition": "no-such-edition"}).json()
    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize("limit", ["0", "-1", "1000", "abc", "1.5", "101"])
def test_bad_limit_is_a_clear_400(client, talks, limit):
    response = client.get(URL, {"q": "replication", "limit": limit})
    assert response.status_code == 400
    assert response.json()["error"] == "limit must be a whole number from 1 to 100."


@pytest.mark.parametrize("limit", ["1", "100"])
def test_limit_bounds_accepted(client, talks, limit):
    assert client.get(URL, {"q": "replication", "limit": limit}).status_code == 200


def test_default_limit_is_20(client, talks):
    edition = talks[0].edition
    for number in range(25):
        TalkFactory(edition=edition, title=f"Vacuum story {number}")
    body = client.get(URL, {"q": "vacuum"}).json()
    assert body["count"] == 25
    assert len(body["results"]) == 20


def test_unknown_language_and_bad_flag_are_400(client, talks):
    assert client.get(URL, {"q": "x", "language": "xx"}).status_code == 400
    assert client.get(URL, {"q": "x", "has_video": "maybe"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!! ---", '"unbalanced', "1; DROP TABLE talks_talk", "ы" * 10_000, "<script>"],
)
def test_odd_queries_never_fail(client, talks, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


def test_query_without_words_is_empty(client, talks):
    empty = {"count": 0, "corrected_query": None, "sort": "relevance", "results": []}
    assert client.get(URL, {"q": "!!! ---"}).json() == {**empty, "query": "!!! ---"}
    assert client.get(URL).json() == {**empty, "query": ""}


def test_only_get_is_allowed(client, talks):
    assert client.post(URL, {"q": "replication"}).status_code == 405


def test_search_api_query_count_is_bounded(
    client, talks, django_assert_num_queries, django_assert_max_num_queries
):
    english, russian = talks
    # The typo correction's look-up (a word of five letters or more), the topics the query
    # names, then count, facets and page in one statement; with no filter, planned once
    # (talks/search_generic.py): the estimate of its matches and its tsquery looked up
    # first (remembered where the memo is on), the statement between SET and RESET.
    with django_assert_max_num_queries(7):
        body = client.get(URL, {"q": "replication"}).json()
    # The Russian talk on replication after the English one, by its topic
    # (talks/search_topics.py).
    assert body["count"] == 2
    assert [(r["title"], r["url"], r["speakers"]) for r in body["results"]] == [
        (
            english.title,
            "http://testserver/pgconf-russia-2016/talks/zalando/",
            ["Valentine Gogichashvili"],
        ),
        (
            russian.title,
            "http://testserver/pgconf-russia-2016/talks/replikatsiya/",
            ["Марат Фаттахов", "Dmitry Boikov"],
        ),
    ]
    stories = [
        TalkFactory(
            edition=english.edition,
            title=f"Replication story {number}",
            # Documents alike (ranks divide by their length): they rank equal, oldest first.
            abstract="One more story.",
            speakers=[SpeakerFactory(name=f"Speaker {side}{number}") for side in "AB"],
        )
        for number in range(10)
    ]
    # Correction's look-up; topics; estimate; tsquery; SET; count, facets, page; RESET.
    with django_assert_num_queries(7):
        body = client.get(URL, {"q": "replication"}).json()
    assert body["count"] == 12
    # The Russian talk after the best five English ones (talks/search_topics.py).
    assert [(r["title"], r["url"], r["speakers"]) for r in body["results"]] == [
        (talk.title, f"http://testserver{talk.get_absolute_url()}", names(talk))
        for talk in [english, *stories[:4], russian, *stories[4:]]
    ]


def names(talk) -> list[str]:
    return [credit.speaker.name for credit in talk.talk_speakers.order_by("position")]


@pytest.mark.parametrize("case", drafts.CASES, ids=drafts.CASE_IDS)
def test_search_api_answers_as_if_drafts_did_not_exist(client, talks, case):
    """Issue 17: the words of a draft, misspelt, cut short or exact, change no answer of
    /api/v1/search and /api/v1/suggest, and none of them appears in one."""
    edition = talks[0].edition
    drafts.public_neighbours(edition)
    probes = [*case.probes, "replication", "sharding", "vacuum"]
    endpoints = (URL, "/api/v1/suggest")
    asked = [(url, probe) for url in endpoints for probe in probes]
    before = {(url, probe): client.get(url, {"q": probe}).json() for url, probe in asked}

    drafts.create_draft(case, edition)

    for (url, probe), answer in before.items():
        after = client.get(url, {"q": probe}).json()
        assert after == answer, (url, probe)
        assert drafts.leaked_words(case, repr(after), echoed=probe) == [], (url, probe)


def test_search_returns_the_corrected_query_and_sorts_by_date(client, talks):
    english, russian = talks
    body = client.get(URL, {"q": "replicaton"}).json()
    assert (body["query"], body["corrected_query"]) == ("replicaton", "replication")
    assert english.title in [result["title"] for result in body["results"]]

    verbatim = client.get(URL, {"q": "replicaton", "verbatim": "true"}).json()
    assert verbatim["corrected_query"] is None

    newest = client.get(URL, {"q": "postgresql", "sort": "date"}).json()
    assert newest["sort"] == "date"
    starts = {english.title: english.start, russian.title: russian.start}
    titles = [result["title"] for result in newest["results"]]
    assert titles == sorted(titles, key=lambda title: starts[title], reverse=True)


def test_search_refuses_an_unknown_sort(client, talks):
    response = client.get(URL, {"q": "postgresql", "sort": "random"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"sort": ["sort must be relevance or date."]}
