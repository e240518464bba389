"""Upload benchmark (not a test): one photo sent whole, and the same photo through the
resumable chunked protocol (photos/chunked.py), in the same run.

    uv run python bench/chunked_upload.py                # a ~9 MB JPEG, 5 rounds each
    uv run python bench/chunked_upload.py --rounds 3 --chunk-mb 1

In-process (Django's test client, no network), in a fresh database made by Django's
test-database machinery and a temporary media folder, so the site's data is never touched.
Prints the median seconds per photo of each way and their ratio: what chunking, hashing
and putting the chunks together again cost over a single POST. Each round uploads into
its own gallery (a second upload of the same bytes into one gallery is refused).
"""

import argparse
import hashlib
import io
import json
import os
import statistics
import tempfile
import time

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from PIL import Image

from conference.groups import PHOTOGRAPHERS
from conference.models import Edition
from photos.models import Gallery

BENCH_DATABASE = "bench_upload"


def photo(megapixels: float) -> bytes:
    side = int((megapixels * 1_000_000) ** 0.5)
    buffer = io.BytesIO()
    Image.effect_noise((side, side), 30).convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def whole(client: Client, gallery: Gallery, data: bytes) -> None:
    file = io.BytesIO(data)
    file.name = "photo.jpg"
    answer = client.post(reverse("photo-staff:upload-file"), {"gallery": gallery.pk, "files": file})
    if answer.status_code != 200:
        raise SystemExit(answer.content)


def chunked(client: Client, gallery: Gallery, data: bytes, chunk: int) -> None:
    body = {"gallery": gallery.pk, "name": "photo.jpg", "size": len(data)}
    body["sha256"] = hashlib.sha256(data).hexdigest()
    started = client.post(
        reverse("photo-staff:upload-start"), json.dumps(body), content_type="application/json"
    ).json()
    for start in range(0, len(data), chunk):
        piece = data[start : start + chunk]
        client.put(
            reverse("photo-staff:upload-chunk", args=[started["id"]]),
            piece,
            content_type="application/octet-stream",
            headers={"content-range": f"bytes {start}-{start + len(piece) - 1}/{len(data)}"},
        )
    answer = client.post(reverse("photo-staff:upload-complete", args=[started["id"]]))
    if answer.status_code != 200:
        raise SystemExit(answer.content)


def timed(function, *args) -> float:
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--megapixels", type=float, default=12)
    parser.add_argument("--chunk-mb", type=float, default=4)
    args = parser.parse_args()
    chunk = int(args.chunk_mb * 1024 * 1024)
    data = photo(args.megapixels)
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DATABASE
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(
                STORAGES={
                    **settings.STORAGES,
                    "private": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": media, "base_url": None},
                    },
                },
                PHOTO_UPLOAD_CHUNK_BYTES=chunk,
                ALLOWED_HOSTS=["*"],
            ),
        ):
            run(args, data, chunk)
    finally:
        connection.close()
        creation.destroy_test_db(original_name, verbosity=0)


def run(args, data: bytes, chunk: int) -> None:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("bench", is_staff=True)
    user.groups.add(Group.objects.get(name=PHOTOGRAPHERS))
    client = Client()
    client.force_login(user)
    edition = Edition.objects.create(
        name_en="Bench", slug="bench", start_date="2026-01-01", end_date="2026-01-02"
    )
    times: dict[str, list[float]] = {"whole": [], "chunked": []}
    for round_ in range(args.rounds):
        for way in times:
            gallery = Gallery.objects.create(
                edition=edition, title_en=f"{way} {round_}", slug=f"{way}-{round_}"
            )
            if way == "whole":
                times[way].append(timed(whole, client, gallery, data))
            else:
                times[way].append(timed(chunked, client, gallery, data, chunk))
    whole_s, chunked_s = (statistics.median(times[way]) for way in ("whole", "chunked"))
    print(f"photo: {len(data) / 1e6:.1f} MB JPEG, {args.megapixels:g} MP; chunks of {chunk} B")
    print(f"whole POST (upload_file):   {whole_s:.3f} s median of {args.rounds}")
    print(f"chunked (start, PUTs, complete): {chunked_s:.3f} s median of {args.rounds}")
    print(f"chunked / whole: {chunked_s / whole_s:.2f}")


if __name__ == "__main__":
    main()
