"""pretalx as the HTTP benchmark's reference: installed, filled and served on loopback.

    uv run python bench/pretalx_reference.py --talks 200 --port 8123

bench/http.py compares our talk and speaker pages with pretalx's (issue 8) through
`running()`. pretalx is installed from PyPI, pinned, into its own virtualenv under the
cache folder (<repo>/.bench-cache/pretalx, git-ignored), once; its database lives on the
same PostgreSQL server as ours (the embedded one, or DATABASE_URL's server when that is
set), in a database of its own, so both sides pay the same database costs.
bench/pretalx_event.py, run with pretalx's python, builds the event; an event of the same
size is reused, so only the first run (install, migrations, static files, event) is slow.
gunicorn serves it with sync workers, as in the issue's measurement.

One deviation from a stock pretalx install: pretalx 2026 wants Redis for its cache and
sessions; we give it Django's local-memory cache (per worker, in a generated settings
module) and its cached_db sessions (pretalx.cfg), as our own site caches by default, so
that nothing beyond PyPI packages is needed.

Run as a script it prints the URLs and one request's time per kind of page, and serves
until Ctrl-C.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script, bench/ leads sys.path and bench/http.py would shadow the standard
    # library's http (urllib imports it); the repository is what we want there instead.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != REPO / "bench"]
    sys.path.insert(0, str(REPO))

import argparse
import concurrent.futures
import contextlib
import dataclasses
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

from bench.pretalx_config import Database, configure

PRETALX_VERSION = "2026.2.1"
# Pinned with pretalx so that a cached install and a fresh one serve the same way.
REQUIREMENTS = (f"pretalx[postgres]=={PRETALX_VERSION}", "gunicorn==27.0.1")
DATABASE_NAME = "pretalx_bench"
EVENT_SCRIPT = Path(__file__).resolve().parent / "pretalx_event.py"

INSTALL_TIMEOUT = 600  # seconds; downloading pretalx and its ~80 dependencies
SETUP_TIMEOUT = 900  # migrations, static files, the event
START_TIMEOUT = 120  # gunicorn answering (its workers boot slowly on a busy machine)
STOP_TIMEOUT = 10  # graceful stop, then SIGKILL


class Unavailable(Exception):
    """pretalx could not be installed or started; str() says why."""


@dataclasses.dataclass(frozen=True)
class Reference:
    """A running pretalx: absolute URLs of its public pages."""

    talk_urls: list[str]
    speaker_urls: list[str]
    frab_url: str
    base_url: str
    version: str = PRETALX_VERSION
    setup_seconds: float = 0.0  # install, migrations, event and start-up, this run
    database: str = ""  # where pretalx's data lives, for the report


def log(message: str) -> None:
    # stderr: bench/http.py prints its table on stdout.
    print(f"pretalx: {message}", file=sys.stderr, flush=True)


def run(
    command: list[str], *, what: str, timeout: int, env: dict | None = None, cwd: Path | None = None
) -> str:
    """Run a setup command to completion; any failure becomes Unavailable with its output."""
    try:
        result = subprocess.run(  # noqa: S603 -- our own argument lists
            command,
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise Unavailable(f"{what}: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise Unavailable(f"{what}: no result after {timeout} s") from error
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise Unavailable(f"{what} failed (exit {result.returncode}):\n{tail}")
    return result.stdout


def install(cache_dir: Path) -> Path:
    """pretalx's virtualenv under cache_dir, created once; returns its python."""
    venv = cache_dir / "venv"
    python = venv / "bin" / "python"
    marker = venv / ".bench-requirements"
    wanted = "\n".join(REQUIREMENTS)
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` sets UV to its own binary
    if not uv:
        raise Unavailable("uv is not on PATH; it installs pretalx's virtualenv")
    log(f"installing pretalx {PRETALX_VERSION} into {venv}")
    shutil.rmtree(venv, ignore_errors=True)
    # Our own VIRTUAL_ENV must not leak into uv's choice of environment.
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    run(
        [uv, "venv", "--quiet", "--python", "3.13", str(venv)], what="uv venv", timeout=120, env=env
    )
    run(
        [uv, "pip", "install", "--quiet", "--python", str(python), *REQUIREMENTS],
        what=f"installing pretalx {PRETALX_VERSION} from PyPI (is PyPI reachable?)",
        timeout=INSTALL_TIMEOUT,
        env=env,
    )
    marker.write_text(wanted)
    return python


def database() -> Database:
    """pretalx's own database on our PostgreSQL server, created if missing."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        import dj_database_url
        import psycopg
        from psycopg import errors, sql

        parsed = dj_database_url.parse(url)
        host, port = parsed.get("HOST") or "", str(parsed.get("PORT") or "")
        user, password = parsed.get("USER") or "", parsed.get("PASSWORD") or ""
        try:
            with psycopg.connect(url, autocommit=True) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
                ).fetchone()
                if not exists:
                    with contextlib.suppress(errors.DuplicateDatabase):
                        connection.execute(
                            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME))
                        )
        except psycopg.Error as error:
            raise Unavailable(f"cannot create database {DATABASE_NAME}: {error}") from error
        return Database(
            host, port, user, password, DATABASE_NAME, f"PostgreSQL from DATABASE_URL ({host})"
        )

    from conference.db import embedded_db

    # The same folder conference.settings uses (EMBEDDED_POSTGRES_DIR), without
    # loading Django's settings here (empty means the default there too).
    data_dir = Path(
        os.environ.get("EMBEDDED_POSTGRES_DIR", "").strip() or REPO / ".embedded-postgres"
    )
    # This process now keeps the embedded server up until it exits.
    address = embedded_db.ensure_server(data_dir)
    embedded_db.ensure_database(address, DATABASE_NAME)
    return Database(
        address.socket_dir,
        str(address.port),
        embedded_db.SUPERUSER,
        "",
        DATABASE_NAME,
        "our embedded PostgreSQL (Unix socket)",
    )


def prepare(python: Path, cache_dir: Path, env: dict, *, talks: int, speakers: int) -> dict:
    """Migrate, collect static files (once per version), build the event; return its paths."""
    # Every step runs in the cache folder: `python -m` puts the working folder on sys.path,
    # which must not be our checkout.
    setup = functools.partial(run, timeout=SETUP_TIMEOUT, env=env, cwd=cache_dir)
    log("migrating its database")
    setup([str(python), "-m", "pretalx", "migrate", "--noinput"], what="pretalx migrate")
    static_marker = cache_dir / "static" / ".bench-rebuilt"
    if not static_marker.exists() or static_marker.read_text() != PRETALX_VERSION:
        log("collecting its static files (pretalx rebuild)")
        setup([str(python), "-m", "pretalx", "rebuild", "--silent"], what="pretalx rebuild")
        static_marker.write_text(PRETALX_VERSION)
    log(f"building (or reusing) an event of {talks} talks and {speakers} speakers")
    out = cache_dir / "urls.json"
    out.unlink(missing_ok=True)
    setup(
        [
            str(python),
            "-P",  # not bench/ on sys.path: bench/http.py would shadow the standard library
            str(EVENT_SCRIPT),
            "--talks",
            str(talks),
            "--speakers",
            str(speakers),
            "--out",
            str(out),
        ],
        what="building the pretalx event",
    )
    return json.loads(out.read_text())


def fetch_status(url: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 -- http only
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def listen(port: int) -> socket.socket:
    """Take 127.0.0.1:port now, for gunicorn to inherit: nobody can grab it during setup."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(2048)  # gunicorn's default backlog
    except OSError as error:
        listener.close()
        raise Unavailable(f"cannot listen on 127.0.0.1:{port}: {error}") from error
    return listener


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn's whole process group: SIGTERM, then SIGKILL after STOP_TIMEOUT."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_serving(process: subprocess.Popen, url: str, server_log: Path) -> None:
    """Return once `url` answers at all; gunicorn exiting or START_TIMEOUT is Unavailable."""
    deadline = time.monotonic() + START_TIMEOUT
    while (remaining := deadline - time.monotonic()) > 0:
        if process.poll() is not None:
            tail = "\n".join(server_log.read_text().splitlines()[-15:])
            raise Unavailable(f"gunicorn exited with {process.returncode}:\n{tail}")
        # The socket listens already, so this waits in its backlog until a worker is up;
        # a long timeout spares workers from serving abandoned retries.
        with contextlib.suppress(OSError):
            fetch_status(url, timeout=min(remaining, 20))
            return
        time.sleep(0.25)
    raise Unavailable(f"pretalx did not answer {url} within {START_TIMEOUT} s")


def warm_up(reference: Reference, workers: int) -> None:
    """A few concurrent requests, so that every worker has its templates and URLs loaded
    (a cold worker's first talk page takes seconds, not milliseconds)."""
    urls = (reference.talk_urls[: 2 * workers] + reference.speaker_urls[: 2 * workers]) * 2
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(fetch_status, urls))


def start_gunicorn(
    python: Path, cache_dir: Path, env: dict, listener: socket.socket, workers: int, log_to: Path
) -> subprocess.Popen:
    """gunicorn serving pretalx on `listener`, which it inherits, its output in `log_to`."""
    with log_to.open("w") as output:
        return subprocess.Popen(  # noqa: S603 -- our own argument list
            [
                str(python.parent / "gunicorn"),
                "pretalx.wsgi",
                f"--workers={workers}",
                "--worker-class=sync",
                f"--bind=fd://{listener.fileno()}",
                "--log-level=warning",
            ],
            cwd=cache_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )


@contextlib.contextmanager
def running(
    *,
    talks: int = 200,
    speakers: int = 150,
    port: int,
    workers: int = 2,
    cache_dir: Path | None = None,
) -> Iterator[Reference]:
    """Install pretalx (once, cached under cache_dir, default <repo>/.bench-cache/pretalx,
    git-ignored), create its database and an event with `talks` accepted+scheduled+published
    talks and `speakers` speakers, serve it with gunicorn (2 sync workers, like the issue's
    measurement) on 127.0.0.1:port, wait until it answers, yield a Reference(talk_urls=[...],
    speaker_urls=[...], frab_url=..., base_url=...), and on exit stop every process it
    started (process group kill, also on KeyboardInterrupt)."""
    if talks < 1 or speakers < 1:
        raise ValueError("talks and speakers must be at least 1")
    started = time.monotonic()
    cache_dir = (cache_dir or REPO / ".bench-cache" / "pretalx").resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with listen(port) as listener:
        python = install(cache_dir)
        db = database()
        env = configure(cache_dir, db, port)
        paths = prepare(python, cache_dir, env, talks=talks, speakers=speakers)
        base_url = f"http://127.0.0.1:{port}"
        reference = Reference(
            talk_urls=[base_url + path for path in paths["talk_paths"]],
            speaker_urls=[base_url + path for path in paths["speaker_paths"]],
            frab_url=base_url + paths["frab_path"],
            base_url=base_url,
            database=db.description,
        )
        log(f"serving on {base_url} with {workers} sync gunicorn workers")
        server_log = cache_dir / "gunicorn.log"
        process = start_gunicorn(python, cache_dir, env, listener, workers, server_log)
    try:
        wait_until_serving(process, reference.talk_urls[0], server_log)
        # Anonymous visitors must see these pages, or the comparison means nothing.
        for url in (reference.talk_urls[0], reference.speaker_urls[0], reference.frab_url):
            status = fetch_status(url)
            if status != 200:
                raise Unavailable(f"{url} answered {status}, not 200 (see {server_log})")
        warm_up(reference, workers)
        yield dataclasses.replace(reference, setup_seconds=time.monotonic() - started)
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve pretalx with a generated event.")
    parser.add_argument("--talks", type=int, default=200)
    parser.add_argument("--speakers", type=int, default=150)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-dir", type=Path, default=None)
    options = parser.parse_args()
    try:
        with running(
            talks=options.talks,
            speakers=options.speakers,
            port=options.port,
            workers=options.workers,
            cache_dir=options.cache_dir,
        ) as reference:
            print(f"pretalx {reference.version} on {reference.database}")
            print(f"ready after {reference.setup_seconds:.1f} s of setup")
            print(f"{len(reference.talk_urls)} talk pages, e.g. {reference.talk_urls[0]}")
            print(f"{len(reference.speaker_urls)} speaker pages, e.g. {reference.speaker_urls[0]}")
            print(f"frab XML: {reference.frab_url}")
            for name, url in (
                ("talk page", reference.talk_urls[-1]),
                ("speaker page", reference.speaker_urls[-1]),
                ("frab XML", reference.frab_url),
            ):
                began = time.perf_counter()
                status = fetch_status(url)
                print(f"{name}: HTTP {status} in {(time.perf_counter() - began) * 1000:.1f} ms")
            print("serving until Ctrl-C")
            while True:
                time.sleep(3600)
    except Unavailable as error:
        raise SystemExit(f"pretalx unavailable: {error}") from error
    except KeyboardInterrupt:
        print("stopped")


if __name__ == "__main__":
    main()
