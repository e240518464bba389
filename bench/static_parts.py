"""Fixed costs of an incremental static export, on bench/static_kept.py's kept database
(not a test; run after `bench/static_kept.py build DIR`):

    DATABASE_URL=embedded uv run python bench/static_parts.py index pages
    DATABASE_URL=embedded uv run python bench/static_parts.py dump2 OLD_REBASE.py
    DATABASE_URL=embedded uv run python bench/static_parts.py render /sitemap-talks.xml

index: /sitemap.xml from the sections' rows (the old way) against their summaries, twice,
alternating; pages: sitemap_pages; render ADDRESS...: one address through the export's
renderer; dump2: the dump built, then moved to another base URL by an older
conference/dump/rebase.py (a file, e.g. `git show 5b7adab:conference/dump/rebase.py`) and
by the current one, alternating; profile_pages: cProfile of sitemap_pages; pages2 OLD.py:
sitemap_pages of an older conference/static_export/urls.py (a file) against the current
one, three rounds alternating, CPU seconds of this process, and whether both list the same.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
import django

django.setup()
from django.conf import settings
from django.db import connections

for alias in connections:
    connections[alias].settings_dict["NAME"] = "static_kept"
settings.DEBUG = False
from django.contrib.sitemaps import views as sitemap_views
from django.test import RequestFactory
from django.test.utils import override_settings

from conference import sitemaps
from conference.static_export import links
from conference.static_export.assets import static_storage
from conference.static_export.render import Renderer
from conference.static_export.urls import sitemap_pages


def t(label, fn, n=1):
    best = None
    for _ in range(n):
        s = time.perf_counter()
        r = fn()
        d = time.perf_counter() - s
        best = d if best is None else min(best, d)
    print(f"{label}: {best:.3f} s", flush=True)
    return r


what = sys.argv[1:]
settings.ALLOWED_HOSTS = ["*"]
rf = RequestFactory()


def old_index():
    r = sitemap_views.index(
        rf.get("/sitemap.xml"),
        sitemaps.current_sections(),
        template_name="conference/sitemap_index.xml",
        sitemap_url_name=sitemaps.SECTION_URL_NAME,
    )
    r.render()
    return r.content


def new_index():
    r = sitemaps.index(rf.get("/sitemap.xml"))
    r.render()
    return r.content


if "index" in what:
    for _ in range(2):
        a = t("index from rows (old)", old_index)
        b = t("index from summaries (new)", new_index)
    print("same bytes:", a == b)
if "pages" in what:
    t("sitemap_pages", lambda: sitemap_pages(0), 2)
if "render" in what:
    with (
        tempfile.TemporaryDirectory() as d,
        override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=[links.HOST], RATE_LIMITS={}),
        static_storage(Path(d)),
    ):
        r = Renderer("")
        for address in sys.argv[sys.argv.index("render") + 1 :]:
            r.render(address)
            t(f"render {address}", lambda address=address: r.render(address), 2)
if "dump" in what:
    from conference.dump.build import build
    from conference.dump.rebase import rebased

    built = t("build dump", build)
    print(len(built.data) / 2**20, "MiB")
    t("rebase dump", lambda: rebased(built.data, base_url="/", media_url="/media/"), 2)
if "profile_pages" in what:
    import cProfile
    import pstats

    sitemap_pages(0)
    profiler = cProfile.Profile()
    profiler.runcall(sitemap_pages, 0)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
if "dump2" in what:
    import importlib.util

    from conference.dump.build import build
    from conference.dump.rebase import rebased

    spec = importlib.util.spec_from_file_location("rebase_old", what[what.index("dump2") + 1])
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    built = t("build dump", build)
    print(len(built.data) / 2**20, "MiB")
    for _ in range(2):
        a = t(
            "rebase dump (old: group-led regex, gzip 9)",
            lambda: old.rebased(built.data, base_url="/", media_url="/media/"),
        )
        b = t(
            "rebase dump (new: literal-led, gzip 6)",
            lambda: rebased(built.data, base_url="/", media_url="/media/"),
        )
    print("sizes", len(a), len(b))
if "pages2" in what:
    import importlib.util

    spec = importlib.util.spec_from_file_location("urls_old", what[what.index("pages2") + 1])
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    functions = {"old": old.sitemap_pages, "new": sitemap_pages}
    listed = {}
    for number in range(3):
        for name in ("old", "new") if number % 2 == 0 else ("new", "old"):
            started, cpu = time.perf_counter(), time.process_time()
            listed[name] = functions[name](0)
            print(
                f"sitemap_pages {name}: {time.process_time() - cpu:.2f} s CPU, "
                f"{time.perf_counter() - started:.2f} s wall",
                flush=True,
            )
    same = [(p.path, p.stamp) for p in listed["old"]] == [(p.path, p.stamp) for p in listed["new"]]
    print(len(listed["new"]), "pages; the same list:", same)
