"""Search results kept per archive version (talks/search_cache.py): a search asked again
costs one query, and a write to the archive is seen by the next search at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talks.search import SearchFilters, search_talks
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_cache(settings):
    settings.SEARCH_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def talk():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    speaker = SpeakerFactory(name="Valentine Gogichashvili")
    return TalkFactory(edition=edition, title="Logical replication at Zalando", speakers=[speaker])


def summary(results):
    return (
        results.count,
        [(t.title, t.edition.name, [c.speaker.name for c in t.credits]) for t in results.talks],
        {name: [(v.value, v.count) for v in values] for name, values in results.facets.items()},
        results.corrected,
    )


def test_a_search_asked_again_is_answered_in_one_query(talk, django_assert_num_queries):
    # The version, the correction's look-up, the topics the query names, the search.
    with django_assert_num_queries(4):
        first = search_talks("replicaton zalando")
    with django_assert_num_queries(1):  # the version only
        again = search_talks("replicaton zalando")

    assert summary(again) == summary(first)
    assert summary(first)[:2] == (
        1,
        [("Logical replication at Zalando", "PGConf.Russia 2016", ["Valentine Gogichashvili"])],
    )
    assert first.corrected == "replication zalando"
    assert str(again.talks[0].snippet) == str(first.talks[0].snippet)


def test_the_api_reads_the_version_once(talk, client, settings, django_assert_num_queries):
    """The page cache's version, read at the request's start, is the search cache's too."""
    settings.PAGE_CACHE_SECONDS = 600
    url = reverse("api-search")
    # The version, the correction's look-up, the topics the query names, the search planned
    # once (talks/search_generic.py: estimate, tsquery, SET, the search, RESET).
    with django_assert_num_queries(8):
        first = client.get(url, {"q": "replicaton zalando"})
    # Another URL, the same search: the version, then the search cache's entry.
    with django_assert_num_queries(1):
        again = client.get(url, {"q": "replicaton zalando", "limit": "20"})
    assert again.json() == first.json()
    assert first.json()["count"] == 1


def test_another_page_filter_order_or_language_is_another_search(talk):
    search_talks("replication")
    searches = {
        "page 2": lambda: search_talks("replication", offset=20),
        "filter": lambda: search_talks(
            "replication", filters=SearchFilters(edition="pgconf-russia-2016")
        ),
        "date": lambda: search_talks("replication", sort="date"),
        "verbatim": lambda: search_talks("replication", verbatim=True),
        "again": lambda: search_talks("replication"),
    }
    counts = {}
    for name, call in searches.items():
        with CaptureQueriesContext(connection) as captured:
            call()
        counts[name] = len(captured)
    with translation.override("ru"), CaptureQueriesContext(connection) as captured:
        search_talks("replication")
    counts["russian"] = len(captured)

    # The version, then (not from the cache) the search itself: the correction's look-up
    # (not verbatim), the topics the query names and the search's statement.
    assert counts == {"page 2": 4, "filter": 4, "date": 4, "verbatim": 3, "again": 1, "russian": 4}


def test_a_write_is_seen_by_the_next_search(talk):
    assert search_talks("replication").count == 1

    TalkFactory(edition=talk.edition, title="Replication without tears")
    assert search_talks("replication").count == 2

    talk.title = "Sharding at Zalando"
    talk.save()
    assert [t.title for t in search_talks("replication").talks] == ["Replication without tears"]


def test_an_unpublished_talk_leaves_the_cached_results(talk, client):
    url = reverse("talks:search")
    assert talk.title in client.get(url, {"q": "zalando"}).content.decode()

    talk.is_published = False
    talk.save()

    assert talk.title not in client.get(url, {"q": "zalando"}).content.decode()
    assert client.get("/api/v1/search", {"q": "zalando"}).json()["count"] == 0
