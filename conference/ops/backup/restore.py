"""Restoring an archive into this installation (restore_backup), then verifying it.

The archive is checked whole before anything is touched (archive.read_manifest); an
installation that has data of its own is refused unless forced; then the files are
written (restore_files, undone if anything later fails) and the database replaced in one
transaction; last, everything is read back and compared with the manifest.
"""

import importlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import ProgrammingError, connections

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from conference.ops.backup.archive import (
    DUMP,
    BackupError,
    Manifest,
    count_rows,
    read_manifest,
    sha256_of,
    split_member,
)
from conference.ops.backup.pg_tools import (
    find_tool,
    libpq_environment,
    run_tool,
    server_major,
)
from conference.ops.backup.restore_files import (
    FileJournal,
    existing_files,
    extract_members,
    files_undone,
    write_files,
)
from conference.web.archive_version import ArchiveVersion

# Staff groups migration conference.0002_groups creates: a new installation has them.
MIGRATION_GROUPS = (ORGANISERS, PHOTOGRAPHERS)


@dataclass
class RestoreResult:
    """What a restore did: the manifest it followed and how many files it wrote."""

    manifest: Manifest
    files_written: int
    replaced_files: int


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
    existing = _refuse_unless_empty(manifest, alias=alias, force=force)
    with tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DUMP
        extract_members(path, {manifest.database.member: dump_path})
        journal = FileJournal(Path(scratch))
        written = write_files(path, manifest, journal)
        try:
            _run_pg_restore(pg_restore, dump_path, alias=alias)
        except BaseException as error:
            left = journal.undo()
            if not isinstance(error, BackupError):
                raise
            raise BackupError(f"{error}\n{files_undone(left)}") from error
    _restore_planner_cost(alias)
    _verify(manifest, alias)
    _forget_cached_pages(alias)
    return RestoreResult(manifest=manifest, files_written=written, replaced_files=len(existing))


def _refuse_unless_empty(manifest: Manifest, *, alias: str, force: bool) -> list[str]:
    """Raise BackupError, unless `force`, when the installation has data or files of its
    own; return the archive's members that already exist in a storage."""
    if not force and (contents := installation_contents(alias)):
        raise BackupError(
            "This installation is not empty (it has "
            + ", ".join(contents)
            + "). Restore into an empty database, or pass --force to replace its contents "
            "with the backup's (take a backup of it first)."
        )
    existing = existing_files(manifest)
    if existing and not force:
        raise BackupError(
            f"{len(existing)} file(s) of the backup already exist in the media storage "
            f"(for example {existing[0]}). Restore into empty storage, or pass --force to "
            "overwrite them."
        )
    return existing


def _run_pg_restore(pg_restore: str, dump_path: Path, *, alias: str) -> None:
    """Replace the database with the dump's, all or nothing (--single-transaction)."""
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


def _forget_cached_pages(alias: str) -> None:
    """The dump brought back its own archive version, which may be one the pages cached
    before the restore are stored under: move the version past the clock and empty the
    page cache (a shared Redis one; each process's local one follows the version)."""
    ArchiveVersion.move_past_clock(using=alias)
    caches["pages"].clear()


def _restore_planner_cost(alias: str) -> None:
    # ALTER FUNCTION on a catalog function is not part of any dump; the migration's own SQL
    # sets it again (it does nothing unless the role is a superuser).
    migration = importlib.import_module("talks.migrations.0006_tsquery_match_cost")
    with connections[alias].cursor() as cursor:
        cursor.execute(migration.RAISE_COST)


def _verify(manifest: Manifest, alias: str) -> None:
    """Read the restored rows and files back; BackupError if any differs from the manifest."""
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
