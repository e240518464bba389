"""Typo evaluation (not a test): misspelt multi-word queries and how often their talk is
in the top 10, per source and language, with typo correction and without (verbatim).

    uv run python bench/search_eval.py
    uv run python bench/search_eval.py --count 300 --show-misses

Builds, in a fresh database (Django's test-database machinery, so the site's own data is
never touched), the sample archive and the real schedules of ../shared/schedules imported
with our importers (--publish), then replays the queries of bench/typo_queries.py through
talks.search.search_talks. tests/talks/test_search_eval.py holds the same queries to the
target (90 % in the top 10, in each language).
"""

import argparse
import io
import os
import tempfile
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.typo_queries import TOP, eval_queries, hit_rates, misses
from conference.sample import load_sample_archive
from talks.models import Talk
from talks.search import search_talks

SCHEDULES = Path(__file__).resolve().parents[2] / "shared" / "schedules"
IMPORTS = (
    ("import_frab", "31c3_frab.xml"),
    ("import_frab", "fosdem_2021_pentabarf.xml"),
    ("import_pretalx", "pretalx-rc3-channels-2020.schedule.json"),
)


def titles(edition_slugs: set[str] | None = None, exclude: set[str] | None = None) -> list:
    talks = Talk.objects.published()
    if edition_slugs is not None:
        talks = talks.filter(edition__slug__in=edition_slugs)
    if exclude:
        talks = talks.exclude(edition__slug__in=exclude)
    return list(talks.values_list("id", "title", "language"))


def report(source: str, queries: list, show_misses: bool) -> None:
    def corrected(query):
        return [talk.pk for talk in search_talks(query, limit=TOP).talks]

    def verbatim(query):
        return [talk.pk for talk in search_talks(query, limit=TOP, verbatim=True).talks]

    fixed, typed = hit_rates(queries, corrected), hit_rates(queries, verbatim)
    for key, (hits, total) in sorted(fixed.items()):
        as_typed = typed[key][0] / total
        print(f"| {source} | {key} | {total} | {hits / total:.1%} | {as_typed:.1%} |")
    if show_misses:
        for query in misses(queries, corrected):
            print(f"  miss: {query.query!r} <- {query.title!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=150, help="queries per source at most")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="search-eval-")
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        load_sample_archive()
        sample_editions = set(Talk.objects.values_list("edition__slug", flat=True))
        for command, name in IMPORTS:
            call_command(command, str(SCHEDULES / name), "--publish", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have, long before anyone searched
        print(f"# Misspelt multi-word queries: their talk in the top {TOP}\n")
        print("| source | language | queries | corrected | as typed |")
        print("|---|---|---:|---:|---:|")
        sources = {
            "sample archive": titles(sample_editions),
            "real schedules": titles(exclude=sample_editions),
        }
        for source, talks in sources.items():
            report(source, eval_queries(talks, count=args.count), args.show_misses)
    finally:
        creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
