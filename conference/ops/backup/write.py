"""Writing an archive: the database and both media storages into one file (create_backup).

The format is archive.py's. The dump and the manifest's row counts come from one
snapshot, and the file appears under its name only once it is complete.
"""

import datetime
import hashlib
import tarfile
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connections, transaction

from conference.ops.backup.archive import (
    CHUNK,
    DUMP,
    MANIFEST,
    STORAGE_FOLDERS,
    ArchiveFile,
    Manifest,
    count_rows,
    sha256_of,
    storage_names,
)
from conference.ops.backup.pg_tools import find_tool, run_tool, server_major


def create_backup(path: Path, *, alias: str = "default") -> Manifest:
    """Write the database and both media storages to the archive at `path`.

    Side effects: runs pg_dump against DATABASES[alias] in a snapshot shared with the row
    counts of the manifest (pg_export_snapshot), reads every file of both storages, and
    writes `path` (through a temporary file next to it, renamed at the end, so a failed
    backup never leaves a half-written archive under the name asked for). Files changed
    while the backup runs may or may not be in it; see docs/operations.md.
    """
    path = Path(path)
    compressed = path.name.endswith((".gz", ".tgz"))
    major = server_major(alias)
    pg_dump = find_tool("pg_dump", major)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    # The archive holds password hashes, sessions and the private originals: owner only.
    partial.touch(mode=0o600, exist_ok=True)
    partial.chmod(0o600)  # also a stale one from a backup that was killed
    try:
        with tempfile.TemporaryDirectory() as scratch:
            dump_path = Path(scratch) / DUMP
            counts, server_version = _dump_database(pg_dump, dump_path, alias=alias)
            with tarfile.open(partial, "w:gz" if compressed else "w") as archive:
                database = _add_file(archive, DUMP, dump_path)
                files = []
                for storage_alias, folder in STORAGE_FOLDERS.items():
                    storage = storages[storage_alias]
                    for name in storage_names(storage):
                        files.append(_add_from_storage(archive, f"{folder}/{name}", storage, name))
                manifest = Manifest(
                    created_at=datetime.datetime.now(datetime.UTC).isoformat(),
                    app_version=app_version(),
                    server_version=server_version,
                    counts=counts,
                    database=database,
                    files=files,
                )
                _add_bytes(archive, MANIFEST, manifest.as_json())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _dump_database(pg_dump: str, target: Path, *, alias: str) -> tuple[dict[str, int], str]:
    """pg_dump into `target`; return the row counts of the dump's snapshot and the version."""
    connection = connections[alias]
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            # Our counts and pg_dump's rows come from one snapshot: the manifest's figures
            # are exactly what the dump holds, whatever is written meanwhile.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
        counts = count_rows(alias)
        run_tool(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            alias=alias,
            what="pg_dump",
        )
    return counts, server_version


def _tarinfo(member: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(member)
    info.size = size
    info.mode = 0o644
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    return info


def _add_file(archive: tarfile.TarFile, member: str, source: Path) -> ArchiveFile:
    with open(source, "rb") as file:
        checksum = sha256_of(file)
        size = file.tell()
        file.seek(0)
        archive.addfile(_tarinfo(member, size), file)
    return ArchiveFile(member=member, size=size, sha256=checksum)


def _add_bytes(archive: tarfile.TarFile, member: str, data: bytes) -> None:
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        archive.addfile(_tarinfo(member, len(data)), buffer)


def _add_from_storage(archive, member: str, storage, name: str) -> ArchiveFile:
    # Spooled to a temporary file: the tar header needs the size before the content, and
    # an S3 object is read once, not once for its size and once for its bytes.
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as buffer:
        digest = hashlib.sha256()
        with storage.open(name, "rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                buffer.write(chunk)
        size = buffer.tell()
        buffer.seek(0)
        archive.addfile(_tarinfo(member, size), buffer)
    return ArchiveFile(member=member, size=size, sha256=digest.hexdigest())


def app_version() -> str:
    """The site's version from pyproject.toml (the project is not installed as a package)."""
    try:
        return metadata.version("conference-archive")
    except metadata.PackageNotFoundError:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
