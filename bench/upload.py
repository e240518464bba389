"""Upload benchmark (not a test): how long the upload request takes for a 10 MB photo.

    uv run python bench/upload.py                 # 5 uploads each way
    uv run python bench/upload.py --uploads 10

Serves the site with the production command (bench/server.py: granian, production
settings) on loopback, in a fresh database, and POSTs a 24 MP camera JPEG of about 10 MB
(bench/photo_samples.py) to /photos/upload/file/ as an organiser, pending and "publish
at once", timing each request from its first byte sent to its answer read. Twice: with
the database task queue as in production (no worker running, so that the request is
measured alone) and with the immediate backend (the default of `demo` and development),
where the check and the renditions run inside the request. Then, in this process and on
one core, the CPU seconds of the two ways to look at an upload: its header (what the
request does now) and the full decode with the placeholder colour (what it did before
the check moved to photos.tasks.check_photo).
"""

import _repo_first  # noqa: F401, I001 -- first: see bench/_repo_first.py

import argparse
import contextlib
import io
import os
import statistics
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client

from bench import photo_samples, server
from photos.models import Gallery
from tests.factories import GalleryFactory, UserFactory

BENCH_DATABASE = "bench_upload"
CSRF_TOKEN = "b" * 32  # a cookie and header pair Django accepts (any 32 letters)


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(port: int, session: str, gallery: Gallery, data: bytes, *, publish: bool) -> float:
    fields = {"gallery": str(gallery.pk), "credit": "Bench"}
    if publish:
        fields["publish"] = "on"
    body, content_type = multipart(fields, "IMG_0001.jpg", data)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/photos/upload/file/",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "Cookie": f"sessionid={session}; csrftoken={CSRF_TOKEN}",
            "X-CSRFToken": CSRF_TOKEN,
            "Referer": f"http://127.0.0.1:{port}/photos/upload/",
        },
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 -- loopback
        answer = response.read()
    if b'"ok": true' not in answer:
        raise SystemExit(f"the upload failed: {answer[:300]!r}")
    return time.perf_counter() - started


def header_and_full_decode(data: bytes) -> tuple[float, float]:
    """CPU seconds on one core: the header read now, the full decode before."""
    from photos.decoding import open_header, open_image
    from photos.imaging import placeholder_of, read_metadata

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.process_time()
    read_metadata(open_header(io.BytesIO(data)))
    header = time.process_time() - started
    started = time.process_time()
    image = open_image(io.BytesIO(data))
    read_metadata(image)
    placeholder_of(image)
    return header, time.process_time() - started


def environment_key() -> str:
    return server.server_environment("", Path(), page_cache=False)["DJANGO_SECRET_KEY"]


@contextlib.contextmanager
def fresh_database():
    """A new, migrated, empty database for this run (Django's test-database machinery)."""
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DATABASE
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.close()
        creation.destroy_test_db(original_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uploads", type=int, default=5, help="uploads per way")
    args = parser.parse_args()
    data = photo_samples.jpeg_photo(quality=97)
    settings.ALLOWED_HOSTS = ["testserver"]
    with fresh_database(), tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        gallery = GalleryFactory(title_en="Day one")
        # The server signs sessions with the key server_environment gives it.
        settings.SECRET_KEY = environment_key()
        client = Client()
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        print(f"# upload: a {len(data) / 1e6:.1f} MB JPEG, 6000 x 4000; {os.cpu_count()} cores")
        for backend in ("database", "immediate"):
            environment = server.server_environment(
                server.current_database_url(),
                Path(folder) / "static",
                page_cache=False,
                TASKS_BACKEND=backend,
                DJANGO_MEDIA_ROOT=str(Path(folder) / "media"),
                DJANGO_PRIVATE_MEDIA_ROOT=str(Path(folder) / "private-media"),
            )
            port = server.free_port()
            with server.serving(port, environment, Path(folder) / "serve.log"):
                upload(port, session, gallery, data, publish=False)  # warm-up
                for publish in (False, True):
                    times = [
                        upload(port, session, gallery, data, publish=publish)
                        for _ in range(args.uploads)
                    ]
                    label = "publish at once" if publish else "pending"
                    print(
                        f"  tasks {backend}, {label}: median {statistics.median(times):.3f} s, "
                        f"max {max(times):.3f} s ({args.uploads} uploads)"
                    )
    header, full = header_and_full_decode(data)
    print(f"  in process, one core: header {header:.3f} s CPU; full decode {full:.3f} s CPU")


if __name__ == "__main__":
    main()
