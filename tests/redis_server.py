"""A real redis-server for tests: Debian's binary on a free loopback port, no persistence.

Tests that need it skip when the binary is missing, except in CI (CI=true), where a
missing redis-server fails them: .ci/run installs it.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

REDIS_SERVER = "/usr/bin/redis-server"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1"}


def redis_server_binary(path: str = REDIS_SERVER) -> str:
    """The binary's path; skips the test without it, or fails it in CI."""
    if os.access(path, os.X_OK):
        return path
    message = f"{path} is missing (apt-get install redis-server)"
    if in_ci():
        pytest.fail(f"{message}; CI runs the Redis tests")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """One redis-server on 127.0.0.1:`port`, its files in `folder`; kill() and start()
    again on the same port to restart it as a crash and a supervisor would."""

    binary: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def client(self, database: int = 0) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, db=database, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(self.binary, "--bind", "127.0.0.1", "--port", str(self.port)),
                # Nothing written to disk: a restart comes back empty, as after a crash
                # of a Redis without persistence.
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
                *("--protected-mode", "no", "--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "redis-server exited at start"
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if self.client().ping():
                    return
            time.sleep(0.05)
        pytest.fail("redis-server did not answer within 10 s")

    def kill(self) -> None:
        """SIGKILL: no goodbye to the clients, their connections just die."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@contextlib.contextmanager
def running_redis() -> Iterator[RedisServer]:
    """A started RedisServer, killed and its folder removed on the way out."""
    binary = redis_server_binary()
    server = RedisServer(binary, Path(tempfile.mkdtemp(prefix="redis-test-")))
    try:
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(server.folder, ignore_errors=True)
