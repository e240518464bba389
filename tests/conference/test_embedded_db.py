"""The checkout's private PostgreSQL: lazy start, one server shared by processes, clean stop."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL set: the embedded server is unused"
)

# Connects, prints the postmaster's start time and data folder, then holds the connection
# for a moment so that two such processes overlap.
PROBE = """
import time
from django.db import connection
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


def test_fresh_folder_starts_one_server_for_concurrent_processes_and_stops_after_last(tmp_path):
    data = tmp_path / "pg"
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
