"""Search benchmark (not a test): the API view against the raw SQL it runs.

    uv run python bench/search.py                    # 20,000 and 100,000 talks
    uv run python bench/search.py --sizes 20000 --repeat 20

For each size it builds an archive in a fresh database (Django's test-database machinery,
so it never touches the site's own data; on the embedded PostgreSQL unless DATABASE_URL
is set), then runs a fixed mix of query kinds through GET /api/v1/search and prints p50
and p95 per kind. In the same run it replays, per kind, the SQL statements the view
executed, straight on a cursor: the "raw SQL" column is the floor the view could reach,
and the ratio shows what Django, Python and JSON add. Bounded: each size builds once and
runs len(KINDS) x --repeat requests.
"""

import argparse
import os
import statistics
import time

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.archive import build_archive
from conference.models import Edition
from talks.models import Speaker, Talk

# name -> query string of GET /api/v1/search
KINDS = {
    "common word": {"q": "postgresql"},
    "english stemmed": {"q": "replicating"},
    "russian stemmed": {"q": "репликации"},
    "both languages": {"q": "replication OR репликация"},
    "phrase": {"q": '"logical replication"'},
    "exclusion": {"q": "replication -logical"},
    "rare word": {"q": "pgbouncer"},
    "name (translit)": {"q": None},  # filled with a Russian speaker's surname, in Latin
    "typo": {"q": "postgre replicaton"},
    "misspelt multi-word": {"q": "Logcial replicaton PostgreSQL"},
    "misspelt multi-word (ru)": {"q": "Логическая репликацыя PostgreSQL"},
    "company (translit prefix)": {"q": "постгрес про"},
    "sorted by date": {"q": "replication", "sort": "date"},
    "nothing found": {"q": "xyzzy plugh"},
    "with facets": {"q": "репликация", "language": "ru", "has_video": "true"},
    "page 5": {"q": "indexes", "page": "5"},
    # A Russian query naming a topic: its English talks too (talks/search_topics.py).
    "cross-lingual topic query": {"q": "секционирование"},
    # Not the search API: a topic's page (talks/topic_views.py), through its own path.
    "topic page": {"_path": "/topics/partitioning/"},
}
SEARCH_PATH = "/api/v1/search"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
    return ordered[index]


def translit_name() -> str:
    with connection.cursor() as cursor:
        # A Russian speaker's Latin spelling (name_en beside name_ru, talks migration 0021).
        cursor.execute(
            "SELECT name_en FROM talks_speaker"
            " WHERE name_en <> '' AND name_ru <> '' ORDER BY id LIMIT 1"
        )
        (latin,) = cursor.fetchone()
    return latin.split()[-1]


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK"}


def measure(client: Client, params: dict, repeat: int) -> tuple[list[float], list[float], int]:
    """Milliseconds per API call and per raw replay of the same SQL; the result count (of
    a page's talk list items, for a kind with its own "_path")."""
    params = dict(params)
    path = params.pop("_path", SEARCH_PATH)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    if response.status_code != 200:
        raise SystemExit(f"{params}: HTTP {response.status_code} {response.content[:200]!r}")
    if path == SEARCH_PATH:
        count = response.json()["count"]
    else:
        count = response.content.decode().count("<li data-track=")
    statements = [query["sql"] for query in captured.captured_queries]

    api, raw = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params)
        api.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        # In a transaction, as the view runs them (talks.search.planned_for_each_query);
        # the transaction's own BEGIN and COMMIT, where captured, are atomic()'s here.
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                if sql in TRANSACTION_CONTROL:
                    continue
                # The captured SQL has its parameters inlined already; no params, so
                # psycopg leaves any "%" in it alone.
                cursor.execute(sql)
                if cursor.description is not None:  # a SET returns no rows
                    cursor.fetchall()
        raw.append((time.perf_counter() - started) * 1000)
    return api, raw, count


def measure_all(client: Client, repeat: int, *, searches_only: bool = False) -> None:
    """Every kind (the search API's only: no topic page), a row each, then all together."""
    print(
        "| query kind | query | matches | API p50 ms | API p95 ms "
        "| SQL p50 ms | SQL p95 ms | API/SQL p95 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    all_api, all_raw = [], []
    for kind, params in KINDS.items():
        if searches_only and "_path" in params:
            continue
        client.get(params.get("_path", SEARCH_PATH), params)  # warm caches and plans
        api, raw, count = measure(client, params, repeat)
        all_api += api
        all_raw += raw
        shown = " ".join(f"{k}={v}" for k, v in params.items())
        print(
            f"| {kind} | `{shown}` | {count:,} | {statistics.median(api):.1f} | "
            f"{percentile(api, 0.95):.1f} | {statistics.median(raw):.1f} | "
            f"{percentile(raw, 0.95):.1f} | "
            f"{percentile(api, 0.95) / percentile(raw, 0.95):.2f} |"
        )
    print(
        f"| **all kinds** | | | {statistics.median(all_api):.1f} | "
        f"{percentile(all_api, 0.95):.1f} | {statistics.median(all_raw):.1f} | "
        f"{percentile(all_raw, 0.95):.1f} | "
        f"{percentile(all_api, 0.95) / percentile(all_raw, 0.95):.2f} |"
    )


def run_size(talks: int, repeat: int, keep: bool) -> None:
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    name = creation.create_test_db(verbosity=0, autoclobber=not keep, serialize=False, keepdb=keep)
    try:
        if not (keep and Talk.objects.count() == talks):
            built = build_archive(talks=talks, speakers=max(200, talks * 2 // 5))
        else:
            built = {"talks": talks, "speakers": Speaker.objects.count(), "seconds": 0}
            built["editions"] = Edition.objects.count()
        print(
            f"\n## {built['talks']:,} talks, {built['speakers']:,} speakers, "
            f"{built['editions']} editions (built in {built['seconds']:.0f} s, database {name})\n"
        )
        KINDS["name (translit)"]["q"] = translit_name()
        client = Client()
        measure_all(client, repeat)
        # What a visitor repeating a search gets: the results of this archive version from
        # the search cache (talks/search_cache.py), the version's query only.
        print("\nThe same searches from the search cache (SEARCH_CACHE_SECONDS=600):\n")
        settings.SEARCH_CACHE_SECONDS = 600
        try:
            measure_all(client, repeat, searches_only=True)
        finally:
            settings.SEARCH_CACHE_SECONDS = 0
        # The baseline in the same run: no talk carries a topic, so no query finds talks
        # by topic (talks/search_topics.py); rolled back after.
        print("\nThe same archive without topic links (baseline of this run):\n")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE talks_talktopic DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM talks_talktopic")
            measure_all(client, repeat, searches_only=True)  # no topic has a page
            transaction.set_rollback(True)
        # The rolled-back delete left the links' pages not all-visible, which a live
        # archive's autovacuum sets again: without this, the next --keep run's searches
        # read every link's row from the heap (index-only scans with heap fetches).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) talks_talktopic")
    finally:
        if not keep:
            creation.destroy_test_db(original_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and reuse it on the next run"
    )
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    # Search itself is measured: no page cache answering repeats, no rate limit refusing them.
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_CACHE_SECONDS = 0  # measured apart, after the uncached searches
    settings.RATE_LIMITS = {}
    print(f"# Search benchmark: {args.repeat} runs per query kind")
    for size in args.sizes:
        run_size(size, args.repeat, args.keep)


if __name__ == "__main__":
    main()
