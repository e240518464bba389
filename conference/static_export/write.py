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
(another format, a damaged file) means a full export, as a missing one does.
"""

import hashlib
import marshal
import os
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


@dataclass
class Manifest:
    """What the folder holds, as the last run left it."""

    version: int = 0
    base_url: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)
    # address -> [file, hash]
    outputs: dict[str, list[str]] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        """The folder's manifest; an empty one for a new folder or another format."""
        path = folder / MANIFEST_NAME
        try:
            # The export's own file, in the folder it writes; marshal builds plain values
            # (a damaged file is caught below), it runs no code as pickle can.
            data = marshal.loads(path.read_bytes())  # noqa: S302 -- see above
        except FileNotFoundError:
            return cls()
        except (EOFError, ValueError, TypeError):
            return cls()  # not a manifest marshal can read: a full export
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        addresses = list(data["pages"])
        pages = {}
        for key, (stamp, dependants, media, linked, title, indexed) in data["pages"].items():
            linked = [addresses[number] for number in linked]
            pages[key] = PageRecord(stamp, dependants, media, linked, title, indexed)
        return cls(
            version=data["version"],
            base_url=data["base_url"],
            pages=pages,
            outputs=data["outputs"],
            media=data["media"],
        )

    def save(self, folder: Path) -> None:
        place = {address: number for number, address in enumerate(self.pages)}
        pages = {
            key: [
                page.stamp,
                page.dependants,
                page.media,
                [place[address] for address in page.links if address in place],
                page.title,
                page.indexed,
            ]
            for key, page in self.pages.items()
        }
        data = {
            "format": FORMAT,
            "version": self.version,
            "base_url": self.base_url,
            "pages": pages,
            "outputs": self.outputs,
            "media": sorted(self.media),
        }
        write_atomic(folder / MANIFEST_NAME, marshal.dumps(data))
        (folder / OLD_MANIFEST_NAME).unlink(missing_ok=True)


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
