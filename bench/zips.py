"""Photo zip benchmark (not a test): photos/zips.py streaming a download, against reading
the same files alone.

    uv run python bench/zips.py                       # 200 photos of 1 MB
    uv run python bench/zips.py --photos 300 --size 2000000 --repeat 5

Writes --photos files of --size random bytes (as incompressible as JPEGs) to a temporary
folder behind Django's FileSystemStorage, then, --repeat times each and alternating, reads
them in photos.zips.CHUNK_SIZE chunks (the floor: what any download must do) and streams
them through zips.zip_chunks() as the download views do. Prints the median seconds of each,
their ratio, the throughput, the time to the first chunk, and the peak of Python's
allocations while streaming (tracemalloc) next to the archive's size: a streamed archive
holds one chunk at a time, never the whole. No database: the rows are made by hand.
"""

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.core.files.storage import FileSystemStorage

from photos import zips


def make_files(folder: Path, count: int, size: int) -> list[zips.Entry]:
    entries = []
    for number in range(1, count + 1):
        name = f"renditions/{number}/2400-bench.jpeg"
        path = folder / name
        path.parent.mkdir(parents=True)
        path.write_bytes(os.urandom(size))
        entries.append(
            zips.Entry(
                photo=None,
                stored_name=name,
                size_bytes=size,
                name=f"bench-gallery/{number:03d}-photo.jpg",
                credit="Bench Photographer",
                page_url=f"https://example.org/bench/photos/gallery/{number}/",
            )
        )
    return entries


def read_all(storage, entries) -> int:
    total = 0
    for entry in entries:
        with storage.open(entry.stored_name, "rb") as handle:
            for chunk in handle.chunks(zips.CHUNK_SIZE):
                total += len(chunk)
    return total


def stream(storage, entries) -> tuple[int, float]:
    """Bytes of the archive, and seconds to its first chunk."""
    start = time.perf_counter()
    chunks = zips.zip_chunks(
        entries,
        storage=storage,
        credits_context={"title": "Bench", "source_url": "", "licence": "", "part_count": 1},
        language="en",
    )
    total = len(next(chunks))
    first = time.perf_counter() - start
    for chunk in chunks:
        total += len(chunk)
    return total, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per photo")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        storage = FileSystemStorage(location=folder)
        entries = make_files(Path(folder), args.photos, args.size)
        read_times, zip_times, firsts = [], [], []
        archive_bytes = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            read_all(storage, entries)
            read_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            archive_bytes, first = stream(storage, entries)
            zip_times.append(time.perf_counter() - start)
            firsts.append(first)
        tracemalloc.start()
        stream(storage, entries)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    read_s, zip_s = statistics.median(read_times), statistics.median(zip_times)
    print(f"{args.photos} photos of {args.size:,} bytes; archive {archive_bytes:,} bytes")
    print(f"read the files alone   {read_s:8.3f} s")
    print(f"stream the zip         {zip_s:8.3f} s  ({zip_s / read_s:.2f}x reading alone)")
    print(f"zip throughput         {archive_bytes / zip_s / 1e6:8.1f} MB/s")
    print(f"first chunk after      {statistics.median(firsts) * 1000:8.2f} ms")
    print(f"peak Python memory     {peak / 1e6:8.2f} MB while streaming")


if __name__ == "__main__":
    main()
