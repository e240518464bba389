"""What the HTTP benchmarks share: a throwaway archive and the production server on loopback.

Imported by bench/http.py and bench/stress.py once Django is set up. `archive_database`
builds the archive (bench/archive.py) in a fresh database made by Django's test-database
machinery, so the site's own data is never touched, and destroys it afterwards;
`serving` runs `manage.py serve` (granian, production settings) on loopback in its own
process group and stops it, always.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection, transaction

from bench.archive import build_archive
from conference.management.commands.serve import database_url
from conference.models import Edition
from photos.choices import PhotoStatus, RenditionFormat, RenditionsStatus
from photos.models import Gallery, Photo, Rendition

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60
STOP_TIMEOUT = 35  # granian's own kill timeout is 30 s


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def archive_database(name: str, *, talks: int, speakers: int):
    """A fresh database called `name` holding a built archive; yields build_archive's counts.

    The database is destroyed on exit, whatever happened; this process keeps its
    connection open meanwhile, which keeps the embedded PostgreSQL server up.
    """
    creation = connection.creation
    original_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield build_archive(talks=talks, speakers=speakers)
    finally:
        connection.close()
        creation.destroy_test_db(original_name, verbosity=0)


def current_database_url() -> str:
    """DATABASE_URL of the database this process uses (the archive, inside archive_database)."""
    connection.ensure_connection()
    return database_url(connection.settings_dict)


def add_gallery(edition: Edition, photos: int = 48) -> Gallery:
    """A published gallery with photos and rendition rows (fake file names: no image is read)."""
    with transaction.atomic():
        gallery = Gallery.objects.create(
            edition=edition,
            title_en="Day one",
            title_ru="День первый",
            slug="day-one",
            is_published=True,
        )
        rows = Photo.objects.bulk_create(
            Photo(
                gallery=gallery,
                original=f"originals/bench/{number}.jpg",
                width=4000,
                height=3000,
                caption_en=f"Hall, photo {number}",
                caption_ru=f"Зал, фото {number}",
                alt_text=f"People listening to a talk in the main hall, photo {number}",
                credit="Bench",
                status=PhotoStatus.PUBLISHED,
                position=number,
                renditions_status=RenditionsStatus.READY,
            )
            for number in range(photos)
        )
        Rendition.objects.bulk_create(
            Rendition(
                photo=photo,
                width=width,
                height=width * 3 // 4,
                format=kind,
                file=f"renditions/bench/{photo.pk}-{width}.{kind}",
                size_bytes=width * 40,
            )
            for photo in rows
            for width in (480, 1200)
            for kind in RenditionFormat.values
        )
        gallery.cover = rows[0]
        gallery.save(update_fields=["cover"])
    return gallery


def server_environment(
    db_url: str, static_root: Path, *, page_cache: bool, trivial_view: bool = False, **extra: str
) -> dict[str, str]:
    """Production settings for a loopback server; `extra` adds or overrides variables."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": db_url,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain http on loopback
        "BENCH_TRIVIAL_VIEW": "1" if trivial_view else "0",
        "RATE_LIMIT_SEARCH_PER_MINUTE": "0",  # the load generator is one client address
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        **extra,
    }


@contextlib.contextmanager
def serving(port: int, environment: dict[str, str], log: Path):
    """`manage.py serve` on 127.0.0.1:`port`, its output in `log`; stopped on exit, always."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 -- our own argument list
            [sys.executable, "manage.py", "serve", f"--addr=127.0.0.1:{port}", "--collectstatic"],
            cwd=REPO,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server did not answer: {log.read_text()}") from None
                time.sleep(0.3)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to serve (which stops granian gracefully), then the whole group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # stragglers of the group, if any
    process.wait()
