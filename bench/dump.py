"""Public data dump benchmark (not a test): build_dump and import_dump on a large archive.

    uv run python bench/dump.py                          # 20,000 talks, 2,000 photos
    uv run python bench/dump.py --talks 5000 --photos 500 --related

Builds an archive in a fresh test database (bench/archive.py, plus galleries of photos
whose renditions are rows only), then times, in the same run:
- the baseline: every published edition's talks read whole by the talk list reader the
  dump reads them with (talks.readers.lists.talks_for_edition);
- building the dump (conference.dump.build.build: every kind, every frab XML, gzip);
- importing it into the emptied archive (conference.dump.restore.import_dump: its one
  transaction);
- with --related, the related talks' refresh the import queues (talks.related.
  refresh_stale: a background task, queued here with the database backend, so that its
  time is not counted as the import's; minutes at 20,000 talks);
- building it again, and whether its JSON Lines and XML are the same bytes.
"""

import argparse
import io
import os
import tarfile
import tempfile
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
# The import queues the related talks' refresh; queued, not run at its commit (below).
os.environ.setdefault("TASKS_BACKEND", "database")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction

from bench.archive import build_archive
from conference.dump.build import build
from conference.dump.restore import import_dump
from conference.models import Edition
from photos.choices import PhotoStatus, RenditionFormat, RenditionsStatus
from photos.models import Gallery, Photo, Rendition
from talks.models import Company, Project, Room, Speaker, Talk, Track
from talks.readers.lists import talks_for_edition
from talks.related import refresh_stale


def add_photos(count: int) -> None:
    """`count` published photos in ten galleries per edition, two renditions each (rows
    naming files that do not exist: the dump references files, it never reads them)."""
    editions = list(Edition.objects.order_by("pk"))
    galleries = Gallery.objects.bulk_create(
        Gallery(edition=edition, title_en=f"Day {n}", slug=f"day-{n}", is_published=True)
        for edition in editions
        for n in range(1, 11)
    )
    photos = Photo.objects.bulk_create(
        Photo(
            gallery=galleries[n % len(galleries)],
            original=f"originals/{n}.jpg",
            width=6000,
            height=4000,
            caption_en=f"Photo {n}",
            credit="Bench",
            status=PhotoStatus.PUBLISHED,
            renditions_status=RenditionsStatus.READY,
            position=n,
        )
        for n in range(count)
    )
    Rendition.objects.bulk_create(
        Rendition(photo=photo, width=width, height=width * 2 // 3, format=fmt, file=name)
        for photo in photos
        for width, fmt in ((960, RenditionFormat.WEBP), (960, RenditionFormat.JPEG))
        if (name := f"renditions/{photo.pk}/{width}-bench.{fmt}")
    )


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def contents(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as dump:
        return {i.name: dump.extractfile(i).read() for i in dump if i.name != "manifest.json"}


def empty_archive() -> None:
    with transaction.atomic():
        for model in (Photo, Gallery, Talk, Speaker, Company, Project, Track, Room, Edition):
            model.objects.all().delete()


def run(talks: int, photos: int, related: bool) -> None:
    built = build_archive(talks=talks, speakers=max(200, talks * 2 // 5))
    print(f"bench archive built in {built['seconds']:.0f} s", flush=True)
    add_photos(photos)
    editions = list(Edition.objects.published())
    editions[0].get_absolute_url()  # the URLconf loads once per process, not in a figure
    _, baseline = timed(lambda: [talks_for_edition(e, whole=True, projects=True) for e in editions])
    first, building = timed(build)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.tar.gz"
        path.write_bytes(first.data)
        empty_archive()
        _, importing = timed(lambda: import_dump(path))
    relating = timed(refresh_stale)[1] if related else None
    second, rebuilding = timed(build)
    same = contents(first.data) == contents(second.data)
    counts = ", ".join(f"{n:,} {kind}" for kind, n in first.manifest["counts"].items())
    print(f"\n## {counts}\n")
    print(f"dump size: {len(first.data) / 1e6:.1f} MB gzipped")
    print("| step | seconds | × baseline |\n|---|---:|---:|")
    for name, seconds in (
        ("baseline: read every talk (talks_for_edition, whole)", baseline),
        ("build the dump", building),
        ("import it into the emptied archive", importing),
        ("then the related talks' background refresh", relating),
        ("build it again", rebuilding),
    ):
        if seconds is not None:
            print(f"| {name} | {seconds:.2f} | {seconds / baseline:.1f} |")
    print(f"\nround trip identical: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--related", action="store_true", help="time the related talks too")
    args = parser.parse_args()
    # As in production: with DEBUG on, Django logs every statement, and formats each
    # bulk INSERT's thousands of values to do so.
    settings.DEBUG = False
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args.talks, args.photos, args.related)
    finally:
        creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
