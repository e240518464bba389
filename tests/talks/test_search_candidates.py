"""Which matches a broad query ranks (talks/search.py CANDIDATES): the lowest ids of each
branch, read from the search statement's own hits, whatever order the table's rows lie
in, and the same answer from one search to the next."""

import pytest
from django.db import connection

from talks.models import Talk
from talks.search import search_talks
from tests.factories import EditionFactory, TalkFactory

pytestmark = pytest.mark.django_db

ABSTRACT = "Autovacuum keeps the tables lean."


@pytest.fixture
def same_rank_talks():
    """Eight talks that match "autovacuum" alike (the same abstract, no start), the three
    of lowest id rewritten last, so that their rows come last in the table."""
    edition = EditionFactory()
    talks = [
        TalkFactory(edition=edition, title=f"Talk {number}", abstract=ABSTRACT, start=None)
        for number in range(8)
    ]
    with connection.cursor() as cursor:
        # A new row version each: the table's first rows are now those of higher id.
        cursor.execute(
            "UPDATE talks_talk SET subtitle = 'again' WHERE id = ANY(%s)",
            ([talk.id for talk in talks[:3]],),
        )
    return talks


def ids(results) -> list[int]:
    return [talk.id for talk in results.talks]


def test_candidates_are_the_matches_of_lowest_id_wherever_their_rows_are(
    same_rank_talks, monkeypatch
):
    monkeypatch.setattr("talks.search.CANDIDATES", 3)
    # Ranked alike, the candidates come in id order: the three lowest, though a scan of
    # the table meets them last.
    assert ids(search_talks("autovacuum", limit=3)) == [talk.id for talk in same_rank_talks[:3]]


def test_a_broad_query_gives_the_same_page_every_time(same_rank_talks, monkeypatch):
    monkeypatch.setattr("talks.search.CANDIDATES", 3)
    pages = {tuple(ids(search_talks("autovacuum", limit=3, facets=False))) for _ in range(3)}
    assert len(pages) == 1


def test_title_matches_past_a_full_count_are_still_candidates(same_rank_talks, monkeypatch):
    """The statement's own hits hold the COUNT_CAP matches of lowest id; title matches of
    higher id are read from the table when the hits hold fewer than CANDIDATES of them."""
    monkeypatch.setattr("talks.search.COUNT_CAP", 4)
    monkeypatch.setattr("talks.search.CANDIDATES", 2)
    last_two = same_rank_talks[-2:]
    Talk.objects.filter(id__in=[talk.id for talk in last_two]).update(title="Autovacuum")
    results = search_talks("autovacuum", limit=4)
    assert (results.count, results.count_is_capped) == (4, True)
    assert ids(results)[:2] == [talk.id for talk in last_two]
    # After the title matches, the other candidates: the two matches of lowest id.
    assert ids(results)[2:] == [talk.id for talk in same_rank_talks[:2]]


def test_search_is_still_one_statement_after_the_correction(
    same_rank_talks, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the correction's look-up, the topics named, the search
        assert len(search_talks("autovacuum", limit=3).talks) == 3
