"""What each kind of address costs the static export (not a test): ms and queries per kind.

    uv run python bench/export_kinds.py                      # kept 20,000-talk archive, 40 each
    uv run python bench/export_kinds.py --per-kind 100 --seed 2
    uv run python bench/export_kinds.py --kinds talk,talk.ics --profile /tmp/k.prof

Keeps its archive in a test database (--db, built on the first run by bench/archive.py
with --photos photos over the first galleries, rendition files as small stand-ins in
/tmp/export-kinds/media-DB), so later runs start at once. Renders, in this one process
through the export's own Renderer (conference.static_export.render, the export's
settings and collected static files), --per-kind random pages of each kind the sitemap
lists, and of each dependant kind (a talk's .ics, a speaker's feed) the ones those pages
link. A few warm-up addresses are rendered first and not counted. Prints one table:
ms per address (wall, and this process's CPU: the steadier figure on a
shared machine), queries and database ms per address.

To compare two checkouts, run this script from each (their own code is imported:
bench/_repo_first.py) against the same database, alternating, e.g. from a `git worktree`
of main: `cd ../main-wt && uv run --project ../h-x python ../h-x/bench/export_kinds.py`.
"""

import argparse
import cProfile
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from bench.archive import build_archive
from bench.static import add_photos, use_media
from conference.static_export import links
from conference.static_export.assets import static_storage
from conference.static_export.render import Renderer
from conference.static_export.urls import sitemap_pages
from conference.web.archive_version import ArchiveVersion
from talks.models import Talk

# First match wins; an address no pattern takes is "other".
KINDS = (
    ("talk.ics", r"(/ru)?/[^/]+/talks/[^/]+/talk\.ics"),
    ("speaker feed", r"(/ru)?/feeds/speakers/.+"),
    ("feed", r"(/ru)?/feeds/.*"),
    ("sitemap", r"/sitemap.*"),
    ("talk", r"(/ru)?/[^/]+/talks/[^/]+/"),
    ("speaker", r"(/ru)?/speakers/[^/]+/"),
    ("company", r"(/ru)?/companies/[^/]+/"),
    ("project", r"(/ru)?/projects/[^/]+/"),
    ("topic", r"(/ru)?/topics/[^/]+/"),
    ("timetable", r"(/ru)?/[^/]+/timetable/.*"),
    ("photo", r"(/ru)?/[^/]+/photos/[^/]+/[0-9]+/"),
    ("gallery", r"(/ru)?/[^/]+/photos/.*"),
    ("edition export", r"(/ru)?/[^/]+/[^/]+\.(ics|xml|json)"),
    ("edition", r"(/ru)?/[0-9a-z-]+/"),
)
# Kinds no sitemap lists, each sampled from what the pages of another kind link.
DEPENDANT_SOURCES = {"talk.ics": "talk", "speaker feed": "speaker", "edition export": "edition"}
WARM_UP = 5


def kind_of(address: str) -> str:
    for name, pattern in KINDS:
        if re.fullmatch(pattern, address):
            return name
    return "other"


def kept_archive(args) -> Path:
    """The kept database (built if empty) and its media folder."""
    connection.settings_dict.setdefault("TEST", {})["NAME"] = args.db
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    media = Path(tempfile.gettempdir()) / "export-kinds" / f"media-{args.db}"
    use_media(media)
    if not Talk.objects.exists():
        started = time.perf_counter()
        built = build_archive(talks=args.talks, speakers=args.talks * 2 // 5)
        add_photos(media, args.photos)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"built {built} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return media


def sample(args) -> dict[str, list[str]]:
    """--per-kind random pages of each kind, in a fixed order for the seed."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for page in sitemap_pages(ArchiveVersion.current()):
        by_kind[kind_of(page.path)].append(page.path)
    rng = random.Random(args.seed)
    return {
        kind: rng.sample(paths, min(args.per_kind, len(paths)))
        for kind, paths in sorted(by_kind.items())
    }


class Meter:
    """Renders addresses and keeps wall ms, queries and database ms per kind."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer
        self.times: dict[str, list[float]] = defaultdict(list)
        # This process's CPU time: what a loaded machine disturbs least.
        self.cpu: dict[str, float] = defaultdict(float)
        self.queries: dict[str, int] = defaultdict(int)
        self.database: dict[str, float] = defaultdict(float)

    def render(self, address: str, kind: str):
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            rendered = self.renderer.render(address)
            seconds = time.perf_counter() - started
        self.cpu[kind] += time.process_time() - cpu
        self.times[kind].append(seconds * 1000)
        self.queries[kind] += len(captured.captured_queries)
        self.database[kind] += sum(float(query["time"]) for query in captured.captured_queries)
        return rendered


def measure(args, meter: Meter, chosen: dict[str, list[str]]) -> None:
    wanted = set(args.kinds.split(",")) if args.kinds else None
    dependants: dict[str, list[str]] = defaultdict(list)
    warm = [paths[0] for paths in chosen.values()][:WARM_UP]
    for address in warm:
        meter.renderer.render(address)
    sources = {
        DEPENDANT_SOURCES[kind] for kind in wanted or DEPENDANT_SOURCES if kind in DEPENDANT_SOURCES
    }
    for kind, paths in chosen.items():
        if wanted is not None and kind not in wanted and kind not in sources:
            continue
        for address in paths:
            if wanted is None or kind in wanted:
                rendered = meter.render(address, kind)
            else:
                rendered = meter.renderer.render(address)
            for target in sorted(rendered.found.addresses):
                found = kind_of(target)
                if found in DEPENDANT_SOURCES and target not in dependants[found]:
                    dependants[found].append(target)
    rng = random.Random(args.seed)
    for kind in DEPENDANT_SOURCES:
        if wanted is not None and kind not in wanted:
            continue
        found = dependants[kind]
        for address in rng.sample(found, min(args.per_kind, len(found))):
            meter.render(address, kind)


def report(meter: Meter) -> None:
    print("| kind | n | ms each (mean) | ms p50 | CPU ms each | queries each | database ms each |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = 0.0
    for kind, times in sorted(meter.times.items(), key=lambda item: -statistics.mean(item[1])):
        count = len(times)
        total += sum(times)
        print(
            f"| {kind} | {count} | {statistics.mean(times):.2f} | {statistics.median(times):.2f} "
            f"| {meter.cpu[kind] / count * 1000:.2f} | {meter.queries[kind] / count:.1f} "
            f"| {meter.database[kind] / count * 1000:.2f} |"
        )
    print(f"\n{sum(map(len, meter.times.values()))} addresses, {total / 1000:.1f} s rendering")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="export_kinds20k")
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="", help="Comma-separated kinds to time (default all).")
    parser.add_argument("--profile", default="", metavar="FILE", help="cProfile the timed part.")
    args = parser.parse_args()
    settings.DEBUG = False
    kept_archive(args)
    export_settings = {"PAGE_CACHE_SECONDS": 0, "ALLOWED_HOSTS": [links.HOST], "RATE_LIMITS": {}}
    with (
        tempfile.TemporaryDirectory(prefix="export-kinds-") as folder,
        override_settings(**export_settings),
        static_storage(Path(folder)),
    ):
        chosen = sample(args)
        meter = Meter(Renderer(""))
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        measure(args, meter, chosen)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
    report(meter)


if __name__ == "__main__":
    main()
