"""An incremental run of bench/static_kept.py with its phases timed (not a test).

    DATABASE_URL=embedded EMBEDDED_POSTGRES_DIR=... uv run python bench/static_phases.py DIR

Runs `bench/static_kept.py incr DIR` (one talk's title changed, the dump rebuilt, an
incremental export of DIR/site timed) with each phase of the export wrapped in a timer
printed to stderr as it ends (seconds from the export's start): the manifest's load and
save (or encode), sitemap_pages, each round's _render_all, _settle, write_dump, the search
index and Pagefind itself, each rendered page as a worker finishes it (`[chunk pid N]`,
to see how a round's work is shared), and any rmtree over 0.1 s. Last, the CPU seconds
of this process and of its children (workers, Pagefind) over the export, and the load.
Run it from each checkout to compare (its own code is imported: bench/_repo_first.py),
alternating, on the same kept folder and database.
"""

import functools
import os
import resource
import runpy
import shutil
import sys
import time

sys.argv = ["bench/static_kept.py", "incr", *sys.argv[1:]]

import _repo_first  # first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

import bench.static
from conference.static_export import export, search, write

START = [time.perf_counter()]


def note(label: str, seconds: float) -> None:
    ends = time.perf_counter() - START[0]
    print(f"    [{label}] {seconds:.2f} s (ends at {ends:.1f})", file=sys.stderr, flush=True)


def wrap(owner, name: str, label: str = "") -> None:
    original = getattr(owner, name, None)
    if original is None:
        return  # a phase the checkout does not have

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            note(label or name, time.perf_counter() - started)

    setattr(owner, name, timed)


for phase in ["sitemap_pages", "_render_all", "_settle", "write_dump", "_index"]:
    wrap(export, phase)
wrap(search, "build_index")
wrap(search, "_run", "pagefind")
wrap(write.Manifest, "save", "Manifest.save")
wrap(write.Manifest, "encode", "Manifest.encode")
load = write.Manifest.load.__func__


def timed_load(cls, folder):
    started = time.perf_counter()
    try:
        return load(cls, folder)
    finally:
        note("Manifest.load", time.perf_counter() - started)


write.Manifest.load = classmethod(timed_load)
root = export._Worker.root


def timed_root(self, page):
    result = root(self, page)
    note(f"chunk pid {os.getpid()} {page.path}", 0)
    return result


export._Worker.root = timed_root
rmtree = shutil.rmtree


def timed_rmtree(path, *args, **kwargs):
    started = time.perf_counter()
    rmtree(path, *args, **kwargs)
    if time.perf_counter() - started > 0.1:
        note(f"rmtree {path}", time.perf_counter() - started)


shutil.rmtree = timed_rmtree
kept_timed = bench.static.timed


def cpu(before, after) -> float:
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def timed_export(*args, **kwargs):
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    START[0] = time.perf_counter()
    try:
        return kept_timed(*args, **kwargs)
    finally:
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"  CPU: process {cpu(own, own_after):.2f} s, children "
            f"{cpu(children, children_after):.2f} s; load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
            flush=True,
        )


bench.static.timed = timed_export
runpy.run_path(str(_repo_first.REPO / "bench" / "static_kept.py"), run_name="__main__")
