"""A restore's file work: reading members out of the archive, writing them to the storages,
and undoing those writes when a later step fails.

Files go first in a restore because their writes can be undone (FileJournal keeps a copy
of every file it overwrites) while the database is replaced in one transaction after them:
either both happen or neither does.
"""

import shutil
import tarfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages

from conference.ops.backup.archive import (
    ARCHIVE_ERRORS,
    CHUNK,
    BackupError,
    Manifest,
    split_member,
)


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


def files_undone(failed: list[str]) -> str:
    """What became of the files a failed restore wrote, as a sentence for the operator."""
    if not failed:
        return "The files it had written were removed again and those it overwrote put back."
    return (
        f"{len(failed)} file(s) it had written could not be removed again or put back "
        f"(for example {failed[0]}); check the storage."
    )


def write_files(path: Path, manifest: Manifest, journal: FileJournal) -> int:
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
            f"Nothing was restored: the database was not touched. {files_undone(left)}"
        ) from error
    if written != len(listed):
        journal.undo()
        raise BackupError("The backup file changed since it was checked; nothing was restored.")
    return written


def existing_files(manifest: Manifest) -> list[str]:
    """The archive's members that a file of the same name in its storage would clash with."""
    existing = []
    for item in manifest.files:
        storage_alias, name = split_member(item.member)
        if storages[storage_alias].exists(name):
            existing.append(item.member)
    return existing


def extract_members(path: Path, targets: dict[str, Path]) -> None:
    """Copy the archive's members named in `targets` (member -> local path) out of it."""
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                if info.name in targets:
                    with archive.extractfile(info) as source, open(targets[info.name], "wb") as out:
                        shutil.copyfileobj(source, out, CHUNK)
    except ARCHIVE_ERRORS as error:
        raise BackupError(f"The backup file could not be read again ({error}).") from error
