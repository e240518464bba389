"""Search answers of a checkout on the kept bench archive, to compare two checkouts (not a test).

    # the archive: EMBEDDED_POSTGRES_DIR=D uv run python bench/search.py --sizes 20000 --keep
    uv run python bench/search_answers.py main.json --checkout /tmp/main-worktree
    uv run python bench/search_answers.py branch.json
    cmp main.json branch.json

For each query (bench/search.py's search kinds, the vocabulary's most frequent words alone
and in pairs, and bench/typo_queries.py's misspelt multi-word queries) it writes what
talks.search.search_talks answers, with and without facets, on pages 1 and 5: the count,
whether it is capped, the corrected query, the facets and the page's talk ids in order.
No cache (SEARCH_CACHE_SECONDS=0, no typo memo), on database test_conference.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_sql_compare import setup

WORDS = 150
PAIRS = 50
TYPOS = 150


def queries() -> list[dict]:
    from django.db import connection

    from bench import search
    from bench.typo_queries import eval_queries

    search.KINDS["name (translit)"]["q"] = search.translit_name()
    chosen = [dict(p) for p in search.KINDS.values() if "_path" not in p]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM talks_searchword WHERE word !~ ' '"
            " ORDER BY talks DESC, word LIMIT %s",
            (WORDS,),
        )
        words = [word for (word,) in cursor.fetchall()]
        cursor.execute(
            "SELECT t.id, t.title, t.language FROM talks_talk t JOIN conference_edition e"
            " ON e.id = t.edition_id WHERE t.is_published AND e.is_published"
        )
        talks = cursor.fetchall()
    chosen += [{"q": word} for word in words]
    pairs = zip(words[:PAIRS], words[PAIRS : 2 * PAIRS], strict=True)
    chosen += [{"q": f"{a} {b}"} for a, b in pairs]
    chosen += [{"q": q.query} for q in eval_queries(talks, count=TYPOS)]
    return chosen


def answer(params: dict, *, facets: bool, page: int) -> dict:
    from talks.search import SearchFilters, search_talks

    filters = SearchFilters(
        language=params.get("language"),
        has_video={"true": True}.get(params.get("has_video")),
    )
    found = search_talks(
        params["q"],
        filters=filters,
        limit=20,
        offset=20 * (page - 1),
        sort=params.get("sort", "relevance"),
        facets=facets,
    )
    shown = {
        name: [(v.value, v.label, v.count) for v in values]
        for name, values in dict(found.facets).items()
    }
    return {
        "count": found.count,
        "capped": found.count_is_capped,
        "corrected": found.corrected,
        "typo": found.typo_matches,
        "ids": [talk.id for talk in found.talks],
        "facets": shown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument(
        "--candidates-from-table",
        action="store_true",
        help="rank candidates read from the table, not from the statement's own hits",
    )
    args = parser.parse_args()
    setup(args.checkout.resolve())
    if args.candidates_from_table:
        from talks import search

        ranked = search.ranked_ids_sql
        search.ranked_ids_sql = lambda *a, **k: ranked(*a, **{**k, "in_statement": False})
    from django.conf import settings

    settings.SEARCH_CACHE_SECONDS = 0
    settings.SEARCH_WORD_MEMO = 0
    answers = {}
    for params in queries():
        key = json.dumps(params, ensure_ascii=False, sort_keys=True)
        answers[key] = {
            f"facets={facets} page={page}": answer(params, facets=facets, page=page)
            for facets in (False, True)
            for page in (1, 5)
        }
    Path(args.out).write_text(
        json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(f"{len(answers)} queries written to {args.out}")


if __name__ == "__main__":
    main()
