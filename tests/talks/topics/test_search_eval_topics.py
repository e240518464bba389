"""The cross-lingual evaluation (bench/search_eval_topics.py) holds its targets: topic
queries find the other language's talks in the top 10 at least nine times in ten, in both
directions, over the sample archive and the real schedules, and never push the query's
own best matches out. Not a timed test: it counts hits."""

import pytest

from bench.search_eval_topics import SCHEDULES, evaluate, report

pytestmark = pytest.mark.django_db

TARGET = 0.9


def test_cross_lingual_topic_queries_hit_the_top_ten():
    kinds = evaluate()
    shown = report(kinds)

    assert kinds["sample en->ru"].queries + kinds["sample ru->en"].queries >= 100, shown
    for name in ("sample en->ru", "sample ru->en"):
        assert kinds[name].rate >= TARGET, shown
    if SCHEDULES.exists():
        assert kinds["schedules ru->en"].queries > 0, shown
        assert kinds["schedules ru->en"].rate >= TARGET, shown
    assert kinds["own matches kept"].rate == 1.0, shown
