"""Static export benchmark (not a test): a full export, incremental runs, and serving the folder.

    uv run python bench/static.py                        # 20,000 talks, 2,000 photos
    uv run python bench/static.py --talks 2000 --photos 200 --duration 2

Builds an archive (bench/archive.py, and galleries of --photos photos whose rendition
files are small stand-ins in a temporary media folder) in a fresh database made by
Django's test-database machinery, so the site's own data is never touched. Then, each
timed: `export_static` into an empty folder (--workers processes), a second run with
nothing changed, a run after one talk's title changed and the data dump rebuilt as the
site's background task does (what it rewrote is printed;
--changes N such runs, --profile FILE profiles the last), and
the folder served on loopback by a plain static server (Python's http.server, and
granian's own static files) against the stack's ceiling (bench/http.py's trivial view
through `manage.py serve`), all in this one run. Prints one table.
"""

import argparse
import contextlib
import cProfile
import os
import pstats
import subprocess
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

from bench import loadgen, server
from conference.dump.build import build, publish
from conference.models import Edition
from conference.static_export.export import export
from photos.models import Rendition
from talks.models import Talk

BENCH_DATABASE = "bench_static"
PHOTOS_PER_GALLERY = 100


def use_media(media: Path) -> Path:
    """The site's uploads (photos' renditions, slides) kept in `media`, a scratch folder."""
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return media


def add_photos(media: Path, photos: int) -> int:
    """Galleries of published photos over the editions, each rendition a small file."""
    editions = list(Edition.objects.published().order_by("pk"))
    galleries = max(1, photos // PHOTOS_PER_GALLERY)
    for edition in editions[:galleries]:
        server.add_gallery(edition, photos=min(PHOTOS_PER_GALLERY, photos))
    for name in Rendition.objects.values_list("file", flat=True):
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * 2048)
    return Rendition.objects.count()


REVISED = " (revised)"


def revise_title(talk) -> None:
    """One talk's title changed and saved: " (revised)" added, or taken off again, so that
    repeated runs on a kept archive never pass the title's 300 characters."""
    stem = talk.title.removesuffix(REVISED)
    talk.title = stem if talk.title.endswith(REVISED) else talk.title + REVISED
    talk.save()


def timed(label: str, folder: Path, workers: int, profile: str = "") -> tuple[str, float, object]:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    summary = export(folder, workers=workers)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    print(
        f"  {label}: {seconds:.1f} s, {summary.pages:,} pages, {summary.rendered:,} rendered, "
        f"{summary.written:,} written, {summary.removed:,} removed, search index "
        f"{summary.index_seconds:.1f} s, dump {summary.dump_seconds:.1f} s",
        file=sys.stderr,
    )
    if summary.problems:
        raise SystemExit(f"{label}: {summary.problems[:5]}")
    return label, seconds, summary


@contextlib.contextmanager
def static_server(command: list[str], ready_url: str, log: Path):
    """A static server process, stopped on exit; ready when `ready_url` answers."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 -- our own argument list
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                loadgen.run(ready_url, connections=1, duration=0.2)
                break
            except (OSError, loadgen.LoadError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"static server did not start: {log.read_text()}") from None
                time.sleep(0.3)
        yield
    finally:
        server.stop(process)


def measure(url: str, args) -> loadgen.Result:
    loadgen.run(url, connections=args.connections, duration=1)
    return loadgen.run(url, connections=args.connections, duration=args.duration)


def serve_figures(folder: Path, talk_path: str, args, scratch: Path) -> dict[str, loadgen.Result]:
    results = {}
    port = server.free_port()
    environment = server.server_environment(
        server.current_database_url(), scratch / "static", page_cache=True, trivial_view=True
    )
    with server.serving(port, environment, scratch / "serve.log"):
        results["trivial view (ceiling), manage.py serve"] = measure(
            f"http://127.0.0.1:{port}/bench-trivial/", args
        )
    plain = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder)]
    port = server.free_port()
    url = f"http://127.0.0.1:{port}"
    with static_server([*plain, str(port)], f"{url}/robots.txt", scratch / "http.server.log"):
        results["exported talk page, python -m http.server"] = measure(url + talk_path, args)
    # granian serves files under a prefix only (its static route cannot be "/").
    port = server.free_port()
    url = f"http://127.0.0.1:{port}/site"
    granian = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
        "--port", str(port), "--static-path-route", "/site", "--static-path-mount", str(folder),
        "--static-path-dir-to-file", "index.html", "bench.static_app:app",
    ]  # fmt: skip
    with static_server(granian, f"{url}/robots.txt", scratch / "granian.log"):
        results["exported talk page, granian static files"] = measure(url + talk_path, args)
    return results


def print_report(built, renditions, args, rows, files, size, served) -> None:
    print(
        f"# Static export: {built['talks']:,} talks, {built['speakers']:,} speakers, "
        f"{built['editions']} editions, {renditions:,} renditions of {args.photos:,} photos; "
        f"{args.workers} workers; {os.cpu_count()} cores"
    )
    print(
        "\n| run | seconds | of which search index | pages | rendered | written |"
        "\n|---|---:|---:|---:|---:|---:|"
    )
    for label, seconds, summary in rows:
        print(
            f"| {label} | {seconds:.1f} | {summary.index_seconds:.1f} | {summary.pages:,} "
            f"| {summary.rendered:,} | {summary.written:,} |"
        )
    print(f"\nFolder: {len(files):,} files, {size / 2**20:,.0f} MiB.")
    print(f"Rewritten after one talk changed: {', '.join(rows[-1][2].written_files)}")
    if not served:
        return
    ceiling = next(iter(served.values())).requests_per_second
    print("\n| served | req/s | p50 ms | p99 ms | of ceiling |\n|---|---:|---:|---:|---:|")
    for name, result in served.items():
        print(
            f"| {name} | {result.requests_per_second:,.0f} | {result.p50_ms:.1f} "
            f"| {result.p99_ms:.1f} | {result.requests_per_second / ceiling:.0%} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--changes", type=int, default=1, help="Incremental runs, each after one title change."
    )
    parser.add_argument(
        "--profile", default="", metavar="FILE", help="cProfile the last incremental run to FILE."
    )
    parser.add_argument("--no-serve", action="store_true", help="Skip the serving figures.")
    args = parser.parse_args()
    settings.DEBUG = False
    with (
        tempfile.TemporaryDirectory(prefix="bench-static-") as scratch_name,
        server.archive_database(
            BENCH_DATABASE, talks=args.talks, speakers=args.talks * 2 // 5
        ) as built,
    ):
        scratch = Path(scratch_name)
        media = scratch / "media"
        use_media(media)
        renditions = add_photos(media, args.photos)
        folder = scratch / "site"
        rows = [timed("full export", folder, args.workers)]
        rows.append(timed("second run, nothing changed", folder, args.workers))
        talk = Talk.objects.filter(is_published=True).select_related("edition").order_by("pk")[0]
        for run in range(args.changes):
            revise_title(talk)
            # What the site's background task does after a write (conference/dump/tasks.py):
            # the export then copies the published dump rather than building one.
            rebuilding = time.perf_counter()
            publish(build())
            print(
                f"  dump rebuilt (task): {time.perf_counter() - rebuilding:.1f} s", file=sys.stderr
            )
            connections.close_all()
            profile = args.profile if run == args.changes - 1 else ""
            rows.append(timed("after one talk's title changed", folder, args.workers, profile))
        files = [path for path in folder.rglob("*") if path.is_file()]
        size = sum(path.stat().st_size for path in files)
        served = (
            {} if args.no_serve else serve_figures(folder, talk.get_absolute_url(), args, scratch)
        )

    print_report(built, renditions, args, rows, files, size, served)


if __name__ == "__main__":
    main()
