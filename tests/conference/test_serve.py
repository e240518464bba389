"""`manage.py serve`: its checks and command line, and the real production server end to end."""

import gzip
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from conference.management.commands.serve import DEFAULT_THREADS, database_url, granian_args
from tests.factories import EditionFactory

ROOT = Path(__file__).resolve().parents[2]


def printed_command(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("serve", "--print-command", *args, stdout=out)
    return out.getvalue().split()


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_serve_command_line_uses_environment_for_workers_and_threads(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("WEB_THREADS", "5")

    command = printed_command("--addr", "0.0.0.0:8080")

    assert command[1:4] == ["-m", "granian", "--interface"]
    assert option(command, "--interface") == "wsgi"
    assert (option(command, "--host"), option(command, "--port")) == ("0.0.0.0", "8080")  # noqa: S104 -- the option under test
    assert (option(command, "--workers"), option(command, "--blocking-threads")) == ("3", "5")
    assert command[-1] == "conference.wsgi:application"


def test_serve_defaults_to_one_worker_per_core_and_capped_threads(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)

    command = printed_command("--addr", "9000")

    assert option(command, "--workers") == str(os.cpu_count())
    # Never granian's default of 128 threads, each holding a database connection.
    assert option(command, "--blocking-threads") == str(DEFAULT_THREADS) == "1"
    assert (option(command, "--host"), option(command, "--port")) == ("127.0.0.1", "9000")


def test_serve_options_win_over_environment(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("WEB_CONCURRENCY", "3")

    command = printed_command("--workers", "1", "--threads", "2")

    assert (option(command, "--workers"), option(command, "--blocking-threads")) == ("1", "2")


@pytest.mark.parametrize("value", ["zero", "0", "-2", "1.5"])
def test_serve_bad_worker_count_refused(settings, monkeypatch, value):
    settings.DEBUG = False
    monkeypatch.setenv("WEB_CONCURRENCY", value)

    with pytest.raises(CommandError, match="WEB_CONCURRENCY must be a whole number"):
        printed_command()


def test_serve_with_debug_on_refused(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        printed_command()


def test_serve_bench_view_beyond_loopback_refused(settings):
    settings.DEBUG = False
    settings.BENCH_TRIVIAL_VIEW = True

    with pytest.raises(CommandError, match="loopback only"):
        printed_command("--addr", "0.0.0.0:8000")
    assert printed_command("--addr", "127.0.0.1:8000")[-1] == "conference.wsgi:application"


def test_serve_without_collected_static_files_refused(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "nothing-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    with pytest.raises(CommandError, match="collectstatic"):
        call_command("serve", stdout=io.StringIO())


def test_granian_args_bind_the_given_address():
    command = granian_args(host="::1", port=8001, workers=2, threads=3)

    assert command[0] == sys.executable
    assert (option(command, "--host"), option(command, "--port")) == ("::1", "8001")
    assert "--no-ws" in command


def test_database_url_carries_socket_folder_and_password():
    url = database_url(
        {"USER": "archive", "PASSWORD": "p@ss", "HOST": "/run/pg sock", "PORT": 5433, "NAME": "db"}
    )

    assert url == "postgres://archive:p%40ss@%2Frun%2Fpg%20sock:5433/db"


def test_templates_load_through_the_cached_loader(settings):
    # Django caches compiled templates unless TEMPLATES sets its own loaders.
    engine = engines["django"].engine

    assert [type(loader) for loader in engine.template_loaders] == [CachedLoader]


# --- The real server -----------------------------------------------------------------------


def production_environment(static_root: Path, database: str, **extra: str) -> dict[str, str]:
    """The environment of `manage.py serve` in production mode on loopback: this process's
    own, without its DJANGO_ settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain http on loopback
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database,
        **extra,
    )
    return env


def start_serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`manage.py serve` (1 worker, 2 threads) on 127.0.0.1:`port` in its own process
    group, its output in `log`; the caller stops it."""
    with log.open("w") as output:
        return subprocess.Popen(
            [
                *(sys.executable, "manage.py", "serve", f"--addr=127.0.0.1:{port}"),
                *("--collectstatic", "--workers=1", "--threads=2"),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 -- http on loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- http on loopback
        return response.status, response.headers, response.read()


def wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            get(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail(f"the server did not answer within 60 s: {log.read_text()}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_server_serves_pages_and_hashed_static_files_then_stops(tmp_path):
    edition = EditionFactory(name="PGConf.Russia 2031", is_published=True)
    connection.ensure_connection()
    port = free_port()
    # The test database, which this test's rows were committed to.
    env = production_environment(tmp_path / "static", database_url(connection.settings_dict))
    log = tmp_path / "serve.log"
    server = start_serve(port, env, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(server, f"{base}/robots.txt", log)

        status, headers, body = get(f"{base}/", **{"Accept-Encoding": "gzip"})
        html = gzip.decompress(body).decode()
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        static_status, static_headers, css = get(base + stylesheet.group(1))
        edition_status, _, edition_html = get(f"{base}{edition.get_absolute_url()}")

        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=45)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "PGConf.Russia 2031" in html
    assert static_status == 200
    # Hashed names never change content: whitenoise marks them immutable for ten years.
    assert static_headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert css.strip()
    assert edition_status == 200
    assert b"PGConf.Russia 2031" in edition_html
    assert returncode == 0, log.read_text()
