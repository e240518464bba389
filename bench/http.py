"""HTTP benchmark (not a test): our pages on the production server, against its ceiling and pretalx.

    uv run python bench/http.py                      # 20,000 talks, 5 s per page, 16 connections
    uv run python bench/http.py --talks 2000 --duration 2 --skip-pretalx

Builds an archive (bench/archive.py, plus a gallery of photos with rendition rows) in a
fresh database made by Django's test-database machinery, so the site's own data is never
touched; serves it with `manage.py serve` (granian, production settings) on loopback; and
loads each page with bench/loadgen.py: home, an edition, a talk, a speaker, a search API
call, a gallery, then a view that returns two bytes through every middleware (the ceiling
of this stack on this machine, enabled by BENCH_TRIVIAL_VIEW for this server only). Each
page runs once with the page cache on and once with it off (PAGE_CACHE_SECONDS=0), each on
its own server. Then pretalx's talk and speaker pages (bench/pretalx_reference.py, its own
virtualenv, an event of --pretalx-talks talks). Prints one table, and the number of SQL
queries our frab export of an edition takes.

Bounded: about (7 pages x 2 + 2) x (1 s warm-up + --duration) of load plus the build; every
process it starts is stopped in a finally block (servers in their own process groups).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import loadgen, server
from conference.models import Edition
from photos.models import Gallery
from talks.models import Speaker, Talk

BENCH_DATABASE = "bench_http"


def pages(gallery: Gallery) -> dict[str, str]:
    """Path of each page kind measured, picked among the busiest of the built archive."""
    edition = Edition.objects.published().order_by("-start_date").first()
    talk = (
        Talk.objects.filter(edition=edition, is_published=True)
        .select_related("edition")
        .order_by("pk")
        .first()
    )
    speaker = Speaker.objects.order_by("-pk").filter(talks__isnull=False).first()
    return {
        "trivial view (ceiling)": "/bench-trivial/",
        "home": reverse("conference:home"),
        "edition": edition.get_absolute_url(),
        "talk": talk.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "search API": reverse("api-search") + "?q=replication&limit=20",
        "gallery": gallery.get_absolute_url(),
    }


def frab_queries() -> tuple[int, int]:
    """Queries and talk count of our frab export of the edition with the fewest talks."""
    edition = min(Edition.objects.published(), key=lambda e: e.talks.count())
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("talks:schedule-xml", kwargs={"edition_slug": edition.slug}))
    if response.status_code != 200:
        raise SystemExit(f"frab export answered {response.status_code}")
    return len(captured.captured_queries), edition.talks.count()


def measure(url: str, args) -> loadgen.Result:
    loadgen.run(url, connections=args.connections, duration=1)  # warm-up: caches, connections
    return loadgen.run(url, connections=args.connections, duration=args.duration)


def measure_pretalx(args) -> tuple[dict[str, loadgen.Result], str]:
    if args.skip_pretalx:
        return {}, "pretalx: not measured (--skip-pretalx)"
    try:
        from bench import pretalx_reference
    except ImportError as error:
        return {}, f"pretalx: not measured ({error})"
    try:
        with pretalx_reference.running(
            talks=args.pretalx_talks, speakers=args.pretalx_talks * 3 // 4, port=server.free_port()
        ) as ref:
            results = {
                "pretalx talk": measure(ref.talk_urls[-1], args),
                "pretalx speaker": measure(ref.speaker_urls[-1], args),
            }
            return results, f"pretalx {ref.version} ({ref.database})"
    except pretalx_reference.Unavailable as reason:
        return {}, f"pretalx: not measured ({reason})"


def print_table(ours: dict, theirs: dict) -> None:
    ceilings = {cache: ours[(name, cache)] for (name, cache) in ours if name.startswith("trivial")}
    pretalx_talk = theirs.get("pretalx talk")
    print(
        "\n| page | page cache | req/s | p50 ms | p99 ms | of ceiling | x pretalx talk |"
        "\n|---|---|---:|---:|---:|---:|---:|"
    )
    rows = [(name, cache, result) for (name, cache), result in ours.items()]
    rows += [(name, "-", result) for name, result in theirs.items()]
    for name, cache, result in rows:
        ceiling = ceilings.get(cache)
        of_ceiling = (
            f"{result.requests_per_second / ceiling.requests_per_second:.0%}" if ceiling else "-"
        )
        times = (
            f"{result.requests_per_second / pretalx_talk.requests_per_second:.1f}"
            if pretalx_talk
            else "-"
        )
        print(
            f"| {name} | {cache} | {result.requests_per_second:,.0f} | {result.p50_ms:.1f} "
            f"| {result.p99_ms:.1f} | {of_ceiling} | {times} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, help="default: 2/5 of --talks (8,000)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pretalx-talks", type=int, default=200)
    parser.add_argument("--skip-pretalx", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.duration <= 60 or not 1 <= args.connections <= 256:
        parser.error("--duration must be 1..60 seconds and --connections 1..256")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False

    with server.archive_database(
        BENCH_DATABASE, talks=args.talks, speakers=args.speakers or args.talks * 2 // 5
    ) as built:
        edition = Edition.objects.published().order_by("-start_date").first()
        gallery = server.add_gallery(edition)
        paths = pages(gallery)
        queries, frab_talks = frab_queries()
        db_url = server.current_database_url()
        print(
            f"# HTTP benchmark: {built['talks']:,} talks, {built['speakers']:,} speakers, "
            f"{built['editions']} editions (built in {built['seconds']:.0f} s); "
            f"{args.connections} connections, {args.duration:g} s per page; {os.cpu_count()} cores"
        )
        ours = {}
        with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
            static_root = Path(folder) / "static"
            for page_cache in (True, False):
                port = server.free_port()
                label = "on" if page_cache else "off"
                environment = server.server_environment(
                    db_url, static_root, page_cache=page_cache, trivial_view=True
                )
                with server.serving(port, environment, Path(folder) / f"serve-{port}.log"):
                    for name, path in paths.items():
                        result = measure(f"http://127.0.0.1:{port}{path}", args)
                        ours[(name, label)] = result
                        print(
                            f"  {name}, cache {label}: {result.requests_per_second:,.0f} req/s",
                            file=sys.stderr,
                        )
        theirs, pretalx_note = measure_pretalx(args)
        print_table(ours, theirs)
        print(f"\n{pretalx_note}")
        print(
            f"frab export of a {frab_talks}-talk edition: {queries} SQL queries "
            "(pretalx 2026.2: 409 for 200 talks, measured for issue 8)"
        )


if __name__ == "__main__":
    main()
