"""talks/search_generic.py: the API's search statement without filters planned once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks import search_generic, typo_memo
from talks.search import SearchFilters, search_talks
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "replication",
    "Logcial replicaton",
    '"logical replication"',
    "replication -Zalando",
    "wrappers OR репликация",
    "репликация",
    "Gogichashvili",
    "xyzzy plugh",
    "o'reilly \\ back:*slash",
]


@pytest.fixture
def archive():
    edition = EditionFactory()
    TalkFactory(
        edition=edition,
        title="Logical replication at Zalando",
        abstract="Streaming every change of a logical replication slot to the integration bus.",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )
    TalkFactory(edition=edition, title="Репликация в PostgreSQL", language="ru")
    TalkFactory(edition=edition, title="Foreign data wrappers in Python")
    for number in range(5):
        TalkFactory(edition=edition, title=f"Replication story {number}", abstract="Once more.")


def answer(query: str, **options) -> tuple:
    found = search_talks(query, facets=False, **options)
    return (
        found.count,
        found.corrected,
        [(talk.pk, str(talk.snippet), talk.slides_page) for talk in found.talks],
    )


def statements(query: str, **options) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        search_talks(query, facets=False, **options)
    return [query["sql"] for query in captured.captured_queries]


def test_planned_once_answers_as_planned_for_each_query(archive, monkeypatch):
    options = [{}, {"sort": "date"}, {"offset": 2, "limit": 3}]
    once = {(query, i): answer(query, **o) for query in QUERIES for i, o in enumerate(options)}
    monkeypatch.setattr(search_generic, "BROAD", 0)  # every query broad: custom plans
    assert statements("replication")[-1].startswith("WITH")  # no SET, no RESET
    each = {(query, i): answer(query, **o) for query in QUERIES for i, o in enumerate(options)}
    assert once == each
    assert once[("replication", 0)][0] == 7  # its six, and the Russian talk by its topic


def test_the_statement_runs_on_a_generic_plan_with_its_tsquery_as_a_value(archive):
    sent = statements("replication")
    assert sent[-3:-2] == [search_generic.SET_GENERIC]
    assert sent[-1] == search_generic.RESET
    assert "archive_search_query" not in sent[-2]
    if not connection.settings_dict["OPTIONS"].get("prepare_threshold"):
        pytest.skip("DATABASE_PREPARE_THRESHOLD=0: nothing is prepared")
    for _ in range(8):  # psycopg prepares it, PostgreSQL reuses one plan
        search_talks("replication", facets=False)
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)  # the session's own setting is back
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE 'WITH %::tsquery%'"
        )
        plans = cursor.fetchall()
    assert plans
    assert all(generic > 0 and custom == 0 for generic, custom in plans)


def test_filtered_searches_and_the_search_page_keep_custom_plans(archive):
    assert search_generic.SET_GENERIC not in statements(
        "replication", filters=SearchFilters(language="en")
    )
    with CaptureQueriesContext(connection) as captured:
        search_talks("replication")  # with facets
    assert search_generic.SET_GENERIC not in [query["sql"] for query in captured]


def test_nothing_is_planned_once_where_nothing_is_prepared(archive):
    options = connection.settings_dict["OPTIONS"]
    threshold = options.pop("prepare_threshold", None)
    try:
        assert search_generic.SET_GENERIC not in statements("replication")
    finally:
        if threshold is not None:
            options["prepare_threshold"] = threshold


def test_a_broad_query_keeps_its_custom_plan(archive, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE talks_talk")  # the estimates' statistics
    monkeypatch.setattr(search_generic, "BROAD", 4)
    assert search_generic.estimated_matches("replication", None) >= 4
    assert search_generic.estimated_matches("wrappers", None) < 4
    assert search_generic.SET_GENERIC not in statements("replication")
    assert search_generic.SET_GENERIC in statements("wrappers")


def test_with_the_memo_a_repeated_search_sends_no_look_up(archive, settings):
    settings.SEARCH_WORD_MEMO = 1000
    typo_memo.forget()
    try:
        first = answer("Logcial replicaton")
        sent = statements("Logcial replicaton")
        # The version, then the search between SET and RESET: no estimate, no tsquery.
        assert len(sent) == 4
        assert sent[1:2] == [search_generic.SET_GENERIC]
        assert answer("Logcial replicaton") == first
    finally:
        typo_memo.forget()
