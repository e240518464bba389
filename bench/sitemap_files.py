"""What the sitemap's files and the export's list of pages cost (not a test): CPU per file.

    DATABASE_URL=embedded EMBEDDED_POSTGRES_DIR=DIR uv run python bench/sitemap_files.py
    ... bench/sitemap_files.py --out /tmp/x --repeat 3 --profile /tmp/s.prof
    ... bench/sitemap_files.py --limit 2000 --only 'talks|speakers'   # other file sizes

Against the kept archive of bench/static_kept.py (database `static_kept`), renders
through the static export's own Renderer (conference.static_export.render, base URL "")
the sitemap index and every file it names, and times
conference.static_export.urls.sitemap_pages(). Prints, per file, the best of --repeat
runs (wall and this process's CPU, ms) and the queries of the last; with --out, writes
each file's bytes and the page list (path and stamp a line) there, to diff two checkouts.

To compare two checkouts, run it from each (their own code is imported:
bench/_repo_first.py), alternating, e.g. from a `git worktree` of main:
`cd ../main-wt && uv run --project ../h-x python ../h-x/bench/sitemap_files.py`.
"""

import argparse
import cProfile
import os
import re
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext, override_settings

from conference.static_export import links
from conference.static_export.render import Renderer
from conference.static_export.urls import sitemap_pages

NAME = "static_kept"
LOCATION = re.compile(r"<loc>[^<]*?(/sitemap-[^<]*)</loc>")


def timed(function, repeat: int, profile: cProfile.Profile | None = None):
    """The best (wall, CPU) of `repeat` calls, the last call's result and its queries."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            result = function()
            if profile:
                profile.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        best = (min(best[0], wall), min(best[1], cpu))
    return best, result, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="", help="a regular expression of the addresses")
    parser.add_argument("--limit", type=int, default=0, help="<url>s a file (URLS_PER_FILE)")
    args = parser.parse_args()
    if args.limit:
        from conference.sitemaps import BilingualSitemap

        BilingualSitemap.limit = args.limit
    settings.DEBUG = False
    for alias in connections:
        connections[alias].settings_dict["NAME"] = NAME
    profile = cProfile.Profile() if args.profile else None
    export_settings = {"PAGE_CACHE_SECONDS": 0, "ALLOWED_HOSTS": [links.HOST], "RATE_LIMITS": {}}
    with override_settings(**export_settings):
        renderer = Renderer("")
        # The index's own addresses (the rendered file names them as the export's files).
        index = renderer._get("/sitemap.xml").content.decode()
        addresses = ["/sitemap.xml", *(m.group(1) for m in LOCATION.finditer(index))]
        addresses = [address.replace("&amp;", "&") for address in addresses]
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
        total = 0.0
        for address in addresses:
            if args.only and not re.search(args.only, address):
                continue
            (wall, cpu), rendered, queries = timed(
                lambda a=address: renderer.render(a), args.repeat, profile
            )
            total += cpu
            print(f"{wall * 1000:8.1f} {cpu * 1000:8.1f} {queries:3d}  {address}", flush=True)
            if args.out:
                (args.out / rendered.file.replace("/", "_")).write_bytes(rendered.body)
        print(f"{'':8} {total * 1000:8.1f}      every file's CPU", flush=True)
        if not args.only:
            (wall, cpu), pages, queries = timed(lambda: sitemap_pages(1), args.repeat, profile)
            print(f"{wall * 1000:8.1f} {cpu * 1000:8.1f} {queries:3d}  sitemap_pages()")
            if args.out:
                lines = "".join(f"{page.path} {page.stamp}\n" for page in pages)
                (args.out / "pages.txt").write_text(lines)
    if profile:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
