"""A full static export of a kept archive, timed with its CPU (not a test).

    uv run python bench/static_sample.py DIR --db export_kinds2k [--workers 2] [--no-index]
    uv run python bench/static_sample.py DIR --db export_kinds2k --incremental [--profile F]

Exports bench/export_kinds.py's kept archive (--db; built there first, e.g.
`bench/export_kinds.py --db xp2k --talks 2000 --photos 200`) into the empty folder DIR,
and prints the run's wall seconds and the CPU seconds of this process and of its worker
processes (the steadier figures on a shared machine). --no-index leaves out the search
index (Pagefind) and the dump, to time the rendering alone. To compare two checkouts,
run this script from each (their own code is imported: bench/_repo_first.py) against the
same database, alternating, and `diff -r` the two folders. --incremental changes one
talk's title and rebuilds the dump as the site's task does (untimed), then times a second
run into DIR as it stands (bench/static_kept.py's `incr`, on any kept archive);
--change-only stops after the change and --unchanged skips it, to time two folders (two
checkouts) after the same change.
"""

import argparse
import cProfile
import os
import resource
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

from bench.static import revise_title, use_media
from conference.static_export import export as export_module


def change_one_talk() -> None:
    from conference.dump.build import build, publish
    from talks.models import Talk

    talk = Talk.objects.filter(is_published=True).order_by("pk")[0]
    revise_title(talk)
    publish(build())
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--db", default="export_kinds20k")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-index", action="store_true")
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--profile", default="", metavar="FILE")
    parser.add_argument(
        "--unchanged", action="store_true", help="With --incremental: change no talk first."
    )
    parser.add_argument(
        "--change-only", action="store_true", help="With --incremental: change, no export."
    )
    args = parser.parse_args()
    settings.DEBUG = False
    for alias in connections:
        connections[alias].settings_dict["NAME"] = args.db
    use_media(Path(tempfile.gettempdir()) / "export-kinds" / f"media-{args.db}")
    if args.no_index:
        export_module.search.build_index = lambda *arguments: None
        export_module.write_dump = lambda *arguments: False
    if args.incremental and not args.unchanged:
        change_one_talk()
    if args.change_only:
        return
    profiler = cProfile.Profile() if args.profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    summary = export_module.export(args.dir, full=not args.incremental, workers=args.workers)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{args.workers} workers: {seconds:.1f} s wall, CPU {cpu:.1f} s this process, "
        f"{children.ru_utime + children.ru_stime:.1f} s its children; "
        f"{summary.rendered:,} rendered, {summary.written:,} written, "
        f"search index {summary.index_seconds:.1f} s, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    if summary.problems:
        raise SystemExit(str(summary.problems[:5]))


if __name__ == "__main__":
    sys.exit(main())
