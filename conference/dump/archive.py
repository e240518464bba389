"""The dump's file: a gzipped tar of JSON Lines, frab XML and a manifest; writing it, and
reading one back with every check an import needs before it touches the database.

Members (docs/dump.md):
- ``manifest.json``, first: the format, its schema version, the archive version it was
  built from, the site's address, the count of records per kind and the size and SHA-256
  of every other member;
- ``<kind>.jsonl`` per kind of conference.dump.kinds, one JSON object a line;
- ``frab/<edition>.xml``: each published edition's schedule.xml.

Reading refuses, with a message and before anything is imported: a file larger than
DUMP_IMPORT_MAX_BYTES, more than MAX_MEMBERS members, a member that is not a plain file or
whose name could leave its folder, members that together unpack to more than
DUMP_IMPORT_MAX_UNPACKED_BYTES (a decompression bomb stops there), a member the manifest
does not list or one that does not match its checksum, another format or schema version,
and any line that is not one JSON object.
"""

import gzip
import hashlib
import io
import json
import tarfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

from conference.dump.fields import DumpError, Record

FORMAT = "conference-archive-dump"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
# A dump holds a file per kind and one per edition; far more is not one of ours.
MAX_MEMBERS = 10_000
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


@dataclass
class Contents:
    """A dump read back: its manifest, and each kind's records by kind name."""

    manifest: dict
    records: dict[str, list[Record]] = field(default_factory=dict)


# --- Writing ---------------------------------------------------------------------------


def jsonl(records) -> bytes:
    """Records as JSON Lines: UTF-8, keys in the records' order, no spaces to spare."""
    lines = (json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return "".join(f"{line}\n" for line in lines).encode()


def manifest_for(members: dict[str, bytes], **fields) -> dict:
    """The manifest of `members` (name -> bytes), with `fields` (archive_version, ...)."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        **fields,
        "files": [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
        ],
    }


def write(
    fileobj,
    manifest: dict,
    members: dict[str, bytes],
    *,
    mtimes: dict[str, int] | None = None,
    compresslevel: int = 9,
) -> None:
    """The dump into `fileobj`: the manifest first (a reader sees what follows), then
    `members` in their order, each dated now or by `mtimes` (name -> seconds)."""
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    now, mtimes = int(time.time()), mtimes or {}
    # The gzip header's date too: the same members and dates are the same bytes.
    stamp = max(mtimes.values(), default=now)
    with (
        gzip.GzipFile(
            fileobj=fileobj, mode="wb", compresslevel=compresslevel, mtime=stamp
        ) as packed,
        tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for name, data in {MANIFEST: manifest_bytes, **members}.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), mtimes.get(name, now), 0o644
            archive.addfile(info, io.BytesIO(data))


# --- Reading ---------------------------------------------------------------------------


def read(path: Path, kinds: tuple[str, ...], optional: frozenset[str] = frozenset()) -> Contents:
    """The dump at `path`, checked from end to end (see the module), with the records of
    `kinds` parsed; a kind of `optional` the dump has no file for has no records. No side
    effects; raises DumpError."""
    path = Path(path)
    if not path.is_file():
        raise DumpError(f"There is no file at {path}.")
    if path.stat().st_size > (limit := settings.DUMP["IMPORT_MAX_BYTES"]):
        raise DumpError(
            f"The file is larger than the {limit} bytes an import takes (DUMP_IMPORT_MAX_BYTES)."
        )
    members = _members(path)
    if MANIFEST not in members:
        raise DumpError("The file is not a dump of this archive: it has no manifest.json.")
    manifest = _manifest(members.pop(MANIFEST))
    _check_listed(manifest, members)
    contents = Contents(manifest)
    for kind in kinds:
        name = f"{kind}.jsonl"
        if name not in members and kind in optional:
            contents.records[kind] = []
            continue
        if name not in members:
            raise DumpError(f"The dump has no {name}.")
        contents.records[kind] = parse_lines(kind, members[name])
        if (count := manifest["counts"].get(kind)) != len(contents.records[kind]):
            raise DumpError(
                f"{name} holds {len(contents.records[kind])} records; the manifest says {count}."
            )
    return contents


def _members(path: Path) -> dict[str, bytes]:
    """Every member's bytes by name, within the limits."""
    budget = settings.DUMP["IMPORT_MAX_UNPACKED_BYTES"]
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:gz") as archive:
            for info in archive:
                if len(found) >= MAX_MEMBERS:
                    raise DumpError(f"The dump holds more than {MAX_MEMBERS} files.")
                name = _safe_name(info)
                if name in found:
                    raise DumpError(f"The dump holds {name} twice.")
                if info.size > budget:
                    raise DumpError(_too_large())
                data = archive.extractfile(info).read(info.size + 1)
                budget -= len(data)
                found[name] = data
    except DumpError:
        raise
    except ARCHIVE_ERRORS as error:
        raise DumpError(f"The file is not a gzipped tar file, or is damaged ({error}).") from None
    return found


def _too_large() -> str:
    limit = settings.DUMP["IMPORT_MAX_UNPACKED_BYTES"]
    return (
        f"The dump unpacks to more than the {limit} bytes an import takes "
        "(DUMP_IMPORT_MAX_UNPACKED_BYTES)."
    )


def _safe_name(info: tarfile.TarInfo) -> str:
    if not info.isfile():
        raise DumpError(f"The dump holds something that is not a file: {info.name!r}.")
    path = PurePosixPath(info.name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in info.name:
        raise DumpError(f"The dump holds a file with an unsafe name: {info.name!r}.")
    return str(path)


def _manifest(raw: bytes) -> dict:
    if len(raw) > MAX_MANIFEST_BYTES:
        raise DumpError("The dump's manifest is too large to be one.")
    try:
        manifest = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise DumpError(f"The dump's manifest is not JSON ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DumpError("The file is not a dump of this archive (unknown manifest).")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise DumpError(
            f"The dump has schema version {manifest.get('schema_version')!r}; this version "
            f"of the site imports schema version {SCHEMA_VERSION} only."
        )
    counts, files = manifest.get("counts"), manifest.get("files")
    if not isinstance(counts, dict) or not isinstance(files, list):
        raise DumpError("The dump's manifest is damaged: counts or files are missing.")
    return manifest


def _check_listed(manifest: dict, members: dict[str, bytes]) -> None:
    """Every member listed with its size and checksum, every listed one there."""
    listed = {}
    for item in manifest["files"]:
        if not isinstance(item, dict) or not {"name", "size", "sha256"} <= item.keys():
            raise DumpError("The dump's manifest is damaged: a file without name, size or sha256.")
        listed[item["name"]] = item
    for name, data in members.items():
        item = listed.pop(name, None)
        if item is None:
            raise DumpError(f"The dump holds a file its manifest does not list: {name}.")
        if item["size"] != len(data) or item["sha256"] != hashlib.sha256(data).hexdigest():
            raise DumpError(f"The dump is damaged: {name} does not match its checksum.")
    if listed:
        raise DumpError(f"The dump is incomplete: {next(iter(listed))} is missing.")


def parse_lines(kind: str, data: bytes) -> list[Record]:
    """The records of one kind's JSON Lines, each a Record (a line that is not one JSON
    object is an error naming it)."""
    try:
        text = data.decode()
    except UnicodeDecodeError as error:
        raise DumpError(f"{kind}.jsonl is not UTF-8 ({error}).") from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise DumpError(f"{kind}.jsonl, line {number}: not JSON ({error}).") from None
        records.append(Record(value, kind=kind, line=number))
    return records


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
