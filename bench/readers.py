"""Readers benchmark (not a test): the hand-written-SQL readers called in-process.

    uv run python bench/readers.py                   # 5,000 talks
    uv run python bench/readers.py --talks 20000 --repeat 200

Builds an archive in a fresh test database (as bench/search.py does), then times N calls
of each reader the public pages use: an edition's talk list, a talk page's talk, a
speaker's page, suggestions while typing and the sitemap's talk and speaker sections. It
prints the median and p95 per reader in milliseconds: the figures compare the row-to-model
code and the statement preparation settings (DATABASE_PREPARE_THRESHOLD) before and after
a change.
"""

import argparse
import os
import statistics
import time

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.db import connection

from bench.archive import build_archive
from conference.models import Edition
from talks.models import Speaker, Talk
from talks.readers import detail, talk_page
from talks.readers.lists import talks_for_edition
from talks.readers.sitemap import speaker_pages, talk_pages
from talks.suggestions import suggest


def timings(call, repeat: int) -> list[float]:
    call()  # warm caches and plans
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def readers() -> dict:
    edition = Edition.objects.order_by("-start_date").first()
    talk = Talk.objects.filter(edition=edition).order_by("id").first()
    speaker = Speaker.objects.filter(talk_speakers__isnull=False).order_by("id").first()
    prefixes = iter(["po", "pos", "post", "rep", "log", "ива", "vac", "ind"] * 10_000)
    return {
        "edition talk list": lambda: talks_for_edition(edition),
        "talk page talk": lambda: talk_page.find_talk(edition_slug=edition.slug, slug=talk.slug),
        "speaker page speaker": lambda: detail.find_speaker(speaker.slug),
        "suggestions": lambda: suggest(next(prefixes)),
        "sitemap talks": talk_pages,
        "sitemap speakers": speaker_pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_archive(talks=args.talks, speakers=max(200, args.talks * 2 // 5))
        print(f"\n## {args.talks:,} talks, {args.repeat} calls each\n")
        print("| reader | p50 ms | p95 ms |\n|---|---:|---:|")
        for name, call in readers().items():
            spent = sorted(timings(call, args.repeat))
            p95 = spent[min(len(spent) - 1, round(0.95 * (len(spent) - 1)))]
            print(f"| {name} | {statistics.median(spent):.2f} | {p95:.2f} |")
    finally:
        creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
