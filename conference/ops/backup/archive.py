"""The archive's format: what a backup file holds, and checking one from end to end.

An archive is a tar file (gzipped when its name ends in .gz or .tgz) holding:

- ``database.dump``: the database in pg_dump's custom format;
- ``media/...``: every file of the public media storage (STORAGES["default"]);
- ``private/...``: every file of the private storage of photo originals;
- ``manifest.json``, last: the format version, when and by which version of the site it
  was made, row counts read in the same snapshot as the dump, and the size and SHA-256 of
  every other member.

Writing (write.py) and restoring (restore.py) both follow this module, so the names,
the manifest and the checks are defined once.
"""

import hashlib
import json
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from conference.models import Edition
from photos.models import Gallery, Photo, Rendition
from talks.decks.models import SlideDeck, SlideImage, SlidePage
from talks.models import Company, Project, Room, Speaker, Talk, TalkSpeaker, Track

FORMAT = "conference-archive-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
# Storage alias -> folder of the archive its files go in.
STORAGE_FOLDERS = {"default": "media", "private": "private"}
CHUNK = 1024 * 1024
# The manifest is small; a huge one is not ours.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# What reading a damaged, truncated or vanished archive raises.
ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


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
        "tracks": Track,
        "rooms": Room,
        "speakers": Speaker,
        "talk_speakers": TalkSpeaker,
        "companies": Company,
        "projects": Project,
        "galleries": Gallery,
        "photos": Photo,
        "renditions": Rendition,
        "slide_decks": SlideDeck,
        "slide_pages": SlidePage,
        "slide_images": SlideImage,
    }
    return {name: model.objects.using(alias).count() for name, model in models.items()}


def files_by_folder(manifest: Manifest) -> dict[str, int]:
    """How many files the archive holds per storage folder ("media/renditions": 96,
    "private/slide-decks": 3, ...), for the commands' report."""
    folders: dict[str, int] = {}
    for item in manifest.files:
        parts = PurePosixPath(item.member).parts
        folder = "/".join(parts[:2]) if len(parts) > 2 else parts[0]
        folders[folder] = folders.get(folder, 0) + 1
    return dict(sorted(folders.items()))


def files_report(manifest: Manifest) -> str:
    """'Files: 111 (media/renditions 96, media/slide-pages 15, ...).' for the commands."""
    folders = ", ".join(f"{folder} {count}" for folder, count in files_by_folder(manifest).items())
    return f"Files: {len(manifest.files)}" + (f" ({folders})." if folders else ".")


# --- Storages and member names --------------------------------------------------------


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


# --- Checking an archive ---------------------------------------------------------------


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
