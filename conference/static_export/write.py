"""The exported folder and its manifest: what each address produced, with hashes.

The manifest (MANIFEST_NAME in the folder) records, for every page the sitemap listed,
the stamp it was rendered at (conference.static_export.urls.Page.stamp), the pages it
links (as numbers: their places in the list of pages, which keeps the file small), the addresses
it linked that are not pages themselves (its dependants: feeds, calendars, exports,
further gallery pages) and the media it shows; and for every rendered address its file
and the file's hash. A second run renders only the pages whose stamp moved, writes a
file only when its bytes differ from the hash on record, and removes the files of
addresses no current page needs any more (an unpublished talk, a deleted photo).
Files are replaced atomically (a temporary file renamed over the old one), so a server
reading the folder during a run sees the old file or the new one, never half of one.

The manifest is in the standard library's marshal format, not JSON: at 20,000 talks it
holds 170,000 outputs and is read and written whole on every run, and marshal does both
in about half the time (docs/performance.md, "the pipeline, session 13"). It is the
export's own bookkeeping, read only by the run that wrote the folder; one it cannot read
(another format, a damaged file) means a full export, as a missing one does. An
incremental run asks for a few hundred of its 60,000 page records: each is decoded when
first asked for (PageRecords), and the others are written back as they were read
(docs/performance.md, "An incremental run's fixed costs, session 14").
"""

import gc
import hashlib
import marshal
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".export-manifest"
# The manifest's name before it was marshal: removed when the new one is written.
OLD_MANIFEST_NAME = ".export-manifest.json"
FORMAT = 4


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class PageRecord:
    """A page of the sitemap as last exported."""

    stamp: str
    dependants: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    # The pages it links whose stamp is their own (not the archive version's): when one of
    # them changes or goes, this page shows it (a title, a link) and is rendered again.
    links: list[str] = field(default_factory=list)
    # A digest of its <title>: when it changes, the pages that link this one are rendered
    # again (they show its title); when only its body changes, they are not.
    title: str = ""
    # A talk page's: a digest of what the search index reads of it
    # (conference.static_export.search.indexed_digest); its edition's bundle is built
    # again only when this changed.
    indexed: str = ""


class PageRecords(Mapping[str, PageRecord]):
    """The manifest's page records by address, each decoded when first asked for.

    A record not asked for stays as the file holds it (a list; its links as numbers: places
    in `numbered`, the file's list of pages) and is written back as it is while that
    numbering holds, as it does when no page went (new pages come last)."""

    def __init__(self, entries: dict | None = None, numbered: list[str] | None = None):
        # address -> PageRecord, or the file's list for a record not decoded yet (a list is
        # never a PageRecord, whichever module's: bench/static_manifest.py saves an older one's).
        self._entries: dict[str, PageRecord | list] = entries if entries is not None else {}
        self._numbered = numbered or []

    def __getitem__(self, path: str) -> PageRecord:
        entry = self._entries[path]
        if not isinstance(entry, list):
            return entry
        stamp, dependants, media, linked, title, indexed = entry
        links = [self._numbered[number] for number in linked]
        record = self._entries[path] = PageRecord(stamp, dependants, media, links, title, indexed)
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, path) -> bool:
        return path in self._entries

    def stamp(self, path: str) -> str:
        entry = self._entries[path]
        return entry[0] if isinstance(entry, list) else entry.stamp

    def dependants(self, path: str) -> list[str]:
        """The page's dependants; none for a page not on record."""
        entry = self._entries.get(path)
        if entry is None:
            return []
        return entry[1] if isinstance(entry, list) else entry.dependants

    def media(self, path: str) -> list[str]:
        entry = self._entries[path]
        return entry[2] if isinstance(entry, list) else entry.media

    def linking(self, targets: set[str]) -> set[str]:
        """The pages that link one of `targets` (PageRecord.links), none decoded for it."""
        numbers = {number for number, path in enumerate(self._numbered) if path in targets}
        return {
            path
            for path, entry in self._entries.items()
            if (
                not numbers.isdisjoint(entry[3])
                if isinstance(entry, list)
                else not targets.isdisjoint(entry.links)
            )
        }

    def kept(self, paths, records: dict[str, PageRecord]) -> "PageRecords":
        """The records of `paths` (a set) as they are, then `records` in their place or
        after them."""
        entries = {path: entry for path, entry in self._entries.items() if path in paths}
        entries.update(records)
        return PageRecords(entries, self._numbered)

    def encoded(self) -> dict[str, list]:
        """The records as the file holds them, numbered in their order."""
        order = list(self._entries)
        place = {path: number for number, path in enumerate(order)}
        numbered = self._numbered
        # A page gone shifts the numbers after it: the undecoded records' links numbered anew.
        renumber = None
        if order[: len(numbered)] != numbered:
            renumber = [place.get(path, -1) for path in numbered]
        pages = {}
        for path, entry in self._entries.items():
            if not isinstance(entry, list):
                record = entry
                linked = [place[target] for target in record.links if target in place]
                entry = [record.stamp, record.dependants, record.media, linked]
                entry += [record.title, record.indexed]
            elif renumber is not None:
                linked = [renumber[number] for number in entry[3] if renumber[number] >= 0]
                entry = [*entry[:3], linked, *entry[4:]]
            pages[path] = entry
        return pages


@dataclass
class Manifest:
    """What the folder holds, as the last run left it."""

    version: int = 0
    base_url: str = ""
    pages: PageRecords = field(default_factory=PageRecords)
    # address -> [file, hash]
    outputs: dict[str, list[str]] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        """The folder's manifest; an empty one for a new folder or another format."""
        path = folder / MANIFEST_NAME
        try:
            data = _unmarshal(path.read_bytes())
        except FileNotFoundError:
            return cls()
        except (EOFError, ValueError, TypeError):
            return cls()  # not a manifest marshal can read: a full export
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        return cls(
            version=data["version"],
            base_url=data["base_url"],
            pages=PageRecords(data["pages"], list(data["pages"])),
            outputs=data["outputs"],
            media=data["media"],
        )

    def encode(self) -> bytes:
        """The manifest's bytes, for write()."""
        pages = self.pages
        if not isinstance(pages, PageRecords):
            pages = PageRecords(dict(pages))
        data = {
            "format": FORMAT,
            "version": self.version,
            "base_url": self.base_url,
            "pages": pages.encoded(),
            "outputs": self.outputs,
            "media": sorted(self.media),
        }
        return marshal.dumps(data)

    @staticmethod
    def write(folder: Path, encoded: bytes) -> None:
        write_atomic(folder / MANIFEST_NAME, encoded)
        (folder / OLD_MANIFEST_NAME).unlink(missing_ok=True)

    def save(self, folder: Path) -> None:
        Manifest.write(folder, Manifest.encode(self))


def _unmarshal(data: bytes):
    """The export's own file, in the folder it writes; marshal builds plain values (a
    damaged file raises), it runs no code as pickle can. The collector is held off while
    it builds the manifest's objects (millions at 20,000 talks), none of them
    garbage, which it would otherwise walk again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)  # noqa: S302 -- see above
    finally:
        if collecting:
            gc.enable()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_if_changed(
    folder: Path, file: str, data: bytes, old_hash: str | None
) -> tuple[str, bool]:
    """Write `data` to `file` unless the folder holds those bytes already; (hash, written)."""
    new_hash = digest(data)
    path = folder / file
    if new_hash == old_hash and path.exists():
        return new_hash, False
    write_atomic(path, data)
    return new_hash, True


def remove_files(folder: Path, files: set[str]) -> int:
    """Delete these files of the folder and the folders they leave empty; how many went."""
    removed = 0
    for file in files:
        path = folder / file
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
        parent = path.parent
        while parent != folder:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent
    return removed
