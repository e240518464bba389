"""Slides benchmark (not a test): a 60-page deck read into pages on one core.

    uv run python bench/slides.py                     # 60 pages, 3 runs
    uv run python bench/slides.py --pages 120 --runs 1
    uv run --with pypdf python bench/slides.py        # also pypdf's text, to compare

Writes a deck like a conference talk's (conference.sample.slide_pdf: title bars, bullet
text, diagrams, a raster picture on every third page), then, in a fresh test database
(on the embedded PostgreSQL unless DATABASE_URL is set), runs the whole extraction of a
public talk's deck (talks.decks.extraction.extract_deck: the sandboxed child drawing and
encoding every page, the files stored, the rows written) with this process and its child
pinned to one CPU. Prints the seconds per run (wall clock, and the CPU time of both
processes, which other work on a shared machine does not inflate) and the peak resident
memory of the child
(where PDFium works) and of this process; the targets are <= 20 s and <= 400 MB. It also
times the text alone with pypdfium2 and, when installed, pypdf, and counts the pages on
which each found the page's marker word (fidelity).
"""

import argparse
import io
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings

from conference.sample.slide_pdf import Slide, deck_pdf
from talks.decks.extraction import extract_deck, run_child
from talks.decks.models import SlideDeck
from talks.decks.storing import store_pdf

WORDS = [
    *("replication", "slot", "logical", "decoding", "WAL", "sender", "consumer", "latency"),
    *("throughput", "index", "vacuum", "checkpoint", "autovacuum", "partition", "planner"),
    *("statistics", "bloat", "pgbouncer", "connection", "pool"),
]


def make_deck(pages: int) -> bytes:
    rng = random.Random(60)  # reproducible on purpose
    slides = [
        Slide(
            f"Part {number}: {' '.join(rng.sample(WORDS, 3))}",
            [" ".join(rng.choices(WORDS, k=10)) + f" marker{number}" for _ in range(4)],
        )
        for number in range(2, pages + 1)
    ]
    return deck_pdf("A sixty-page deck about replication", slides, seed=60)


def text_only(data: bytes, pages: int) -> list[str]:
    """Lines for the text-extraction comparison: seconds and pages with their marker."""
    import pypdfium2 as pdfium

    lines = []
    started = time.perf_counter()
    document = pdfium.PdfDocument(data)
    texts = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        texts.append(textpage.get_text_bounded())
        textpage.close()
    spent = time.perf_counter() - started
    found = sum(f"marker{n}" in texts[n - 1] for n in range(2, pages + 1))
    lines.append(f"| pypdfium2 | {spent:.3f} | {found}/{pages - 1} |")
    try:
        import pypdf
    except ImportError:
        lines.append("| pypdf | not installed (uv run --with pypdf ...) | |")
        return lines
    started = time.perf_counter()
    texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    spent = time.perf_counter() - started
    found = sum(f"marker{n}" in texts[n - 1] for n in range(2, pages + 1))
    lines.append(f"| pypdf | {spent:.3f} | {found}/{pages - 1} |")
    return lines


def child_once(data: bytes) -> tuple[float, float]:
    """The reader alone (the child process drawing and encoding), without storage or rows:
    (seconds, its own peak resident memory in MB, as it reports it)."""
    with tempfile.TemporaryDirectory(prefix="bench-slides-child-") as work:
        source = Path(work) / "deck.pdf"
        source.write_bytes(data)
        output = Path(work) / "out"
        output.mkdir()
        started = time.perf_counter()
        run_child(source, output)
        spent = time.perf_counter() - started
        stats = json.loads((output / "stats.json").read_text())
        return spent, stats["peak_rss_kb"] / 1024


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(data: bytes) -> tuple[float, float]:
    """One whole extraction: (wall-clock seconds, CPU seconds of both processes)."""
    from tests.factories import TalkFactory

    deck = SlideDeck.objects.create(talk=TalkFactory())
    store_pdf(deck=deck, file=ContentFile(data, name="deck.pdf"))
    cpu, started = cpu_seconds(), time.perf_counter()
    extract_deck(deck)
    return time.perf_counter() - started, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cpu = sorted(os.sched_getaffinity(0))[0]
    os.sched_setaffinity(0, {cpu})  # the child inherits it: one core for both
    data = make_deck(args.pages)
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    media = tempfile.TemporaryDirectory(prefix="bench-slides-")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": f"{media.name}/media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": f"{media.name}/private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=storages):
            spent, cpu_used, child, child_peaks = [], [], [], []
            for _ in range(args.runs):  # alternated, so that both see the same load
                wall, used = run_once(data)
                spent.append(wall)
                cpu_used.append(used)
                seconds, peak = child_once(data)
                child.append(seconds)
                child_peaks.append(peak)
    finally:
        creation.destroy_test_db(original_name, verbosity=0)
        media.cleanup()
    child_mb = max(child_peaks)
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n## A {args.pages}-page deck ({len(data) / 1024:.0f} kB), CPU {cpu} only\n")
    print(
        "| runs | median s | max s | CPU s, median | reader alone, median s "
        "| peak MB, reader (child) | peak MB, this process |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.runs} | {statistics.median(spent):.1f} | {max(spent):.1f} "
        f"| {statistics.median(cpu_used):.1f} | {statistics.median(child):.1f} "
        f"| {child_mb:.0f} | {own_mb:.0f} |"
    )
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    print("\n| text only | seconds | pages with their marker |\n|---|---:|---:|")
    for line in text_only(data, args.pages):
        print(line)


if __name__ == "__main__":
    main()
