"""The static export's search index: Pagefind (https://pagefind.app) over the talk pages.

Pagefind is a static-search tool in Rust, shipped with its binary in the `pagefind[extended]`
wheel, so it runs here without a download or a network. It reads the exported HTML, keeps
an index per language (from each page's <html lang>: the English pages and the Russian
ones under /ru/, stemmed in their language) in small fragments the browser fetches as a
query needs them, and brings its own search interface, which runs in WebAssembly. Only
what a talk page marks with data-pagefind-body is indexed (templates/talks/talk_detail.html,
in the export only): the title, the speakers and their companies, the abstract, the
projects and the track, not the header and footer every page repeats.

Pagefind has no incremental mode, and indexing every talk of a large archive takes longer
than a second run of the export may (docs/performance.md, "Static export"). So each edition
has a bundle of its own (pagefind/<edition>/), rebuilt only when one of its talk pages
changed, and the search page merges them in the browser (Pagefind's mergeIndex, made for
searching several sites at once). pagefind/bundles.json lists them; the interface's script
and stylesheet are copied to pagefind/ itself, where the search page loads them
(templates/talks/static_search.html, static/js/static-search.js). Nothing comes from
another host.

Pagefind reads a folder, and a glob over the export's (170,000 files for a large archive)
costs more than the indexing: it reads instead a temporary folder of its own (SCRATCH)
that holds only the edition's talk pages, each cut to what Pagefind reads of it
(_indexed_copy: the <html lang>, the <title> and the data-pagefind-body part up to the
first data-pagefind-ignore); the rest of a page (head, navigation, the lists of other talks,
footer) is most of its bytes, and parsing it was a third of Pagefind's time. The bundle
is the same, byte for byte, as from the whole pages (docs/performance.md, "An incremental
run's fixed costs, session 14"). A page without the marks is copied whole.

Each bundle is built in a temporary folder, then brought into its place file by file:
Pagefind names most of its files by their content, so only the few files a change touched
are written and the few the new bundle no longer has removed; its entry file, which names
the others, is replaced after the files it names are there (_sync).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from conference.static_export.write import digest, write_atomic

BUNDLE = "pagefind"
LIST = "bundles.json"
ENTRY = "pagefind-entry.json"
BODY_MARK, IGNORE_MARK = " data-pagefind-body", " data-pagefind-ignore"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
# A talk page's address (talks/urls.py: "<edition>/talks/<slug>/"), in either language.
TALK_PAGE = re.compile(r"/(?:ru/)?([^/]+)/talks/[^/]+/")
TALK_FILE = re.compile(r"(?:ru/)?([^/]+)/talks/[^/]+/index\.html")
# Where the indexed copies of an edition's talk pages are written for Pagefind to read: a
# RAM disk where there is one (Linux's /dev/shm), else the system's temporary folder.
# Thousands of small files in as many folders, written and removed on each build: on the
# export's disk that took seconds of waiting (docs/performance.md, session 14).
RAM_DISK = Path("/dev/shm")  # noqa: S108 -- only the parent of a private folder mkdtemp makes
SCRATCH = RAM_DISK if RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK) else None
# The files of a bundle Pagefind names by a hash of their content (_sync).
CONTENT_NAMED = re.compile(r"(?:fragment|index)/[^/]+|pagefind\.[a-z_-]+_[0-9a-f]+\.pf_meta")
# A talk page's <html> tag and <title>, which its indexed copy keeps (_indexed_copy).
HTML_TAG = re.compile(rb"<html[^>]*>")
TITLE = re.compile(rb"<title>.*?</title>", re.S)


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


def editions_of(addresses, pattern=TALK_PAGE) -> set[str]:
    """The editions whose talk pages are among `addresses` (page addresses, or with
    TALK_FILE the folder's file names)."""
    return {match.group(1) for match in map(pattern.fullmatch, addresses) if match}


def indexed_digest(html: str) -> str:
    """A digest of what Pagefind indexes of a talk page: from its data-pagefind-body to the
    first data-pagefind-ignore, after which the template puts nothing indexed
    (templates/talks/talk_detail.html); "" for a page with no body marked."""
    start = html.find(BODY_MARK)
    if start < 0:
        return ""
    end = html.find(IGNORE_MARK, start)
    return digest(html[start : end if end >= 0 else len(html)].encode())


def talk_files_by_edition(files) -> dict[str, list[str]]:
    """The folder's talk page files (names relative to it), by edition."""
    editions: dict[str, list[str]] = defaultdict(list)
    for file in files:
        match = TALK_FILE.fullmatch(file)
        if match:
            editions[match.group(1)].append(file)
    return editions


def build_index(folder: Path, talk_files: dict[str, list[str]], changed: set[str] | None) -> None:
    """Rebuild the bundles of the `changed` editions (None: all), and of any edition that
    has none yet, from their talk pages `talk_files`; remove those of editions with no
    talk page any more."""
    root = folder / BUNDLE
    editions = set(talk_files)
    for slug in sorted(editions):
        if changed is None or slug in changed or not (root / slug / "pagefind.js").exists():
            _build_bundle(folder, slug, talk_files[slug])
    if root.exists():
        for path in root.iterdir():
            if path.is_dir() and path.name not in editions:
                shutil.rmtree(path)
    if editions:
        first = root / min(editions)
        for name in UI_FILES:
            write_atomic(root / name, (first / name).read_bytes())
    write_atomic(root / LIST, json.dumps(sorted(editions)).encode())


def _build_bundle(folder: Path, slug: str, files: list[str]) -> None:
    """One edition's bundle from its pages, built in a temporary folder, then brought into
    its place (_sync)."""
    root = folder / BUNDLE
    # What an older version left if it was stopped (dot-named: never taken for a bundle).
    for leftover in (root / f".{slug}.new", root / f".{slug}.old", root / f".{slug}.pages"):
        shutil.rmtree(leftover, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"pagefind-{slug}-", dir=SCRATCH) as scratch:
        pages, fresh = Path(scratch) / "pages", Path(scratch) / "bundle"
        # In order: Pagefind numbers the pages as it finds them, in the folder's order,
        # which on a RAM disk is the order they were written in.
        for file in sorted(files):
            _indexed_copy(folder / file, pages / file)
        _run(pages, fresh)
        _steady_entry(fresh / ENTRY)
        _sync(fresh, root / slug)


def _sync(fresh: Path, bundle: Path) -> None:
    """The folder `bundle` made the same as `fresh`, so that a visitor's search sees the old
    bundle or the new one whole: the files the new one adds written first, its entry file
    (which names the others) in place last, then what only the old one had removed.

    Pagefind names its index, fragment and meta files by their content, so one the old
    bundle has by that name holds those bytes: a run that changed a few talks writes a few
    dozen files, not the edition's thousands (and removes as few)."""
    new = {str(path.relative_to(fresh)) for path in fresh.rglob("*") if path.is_file()}
    old = set()
    if bundle.exists():
        old = {str(path.relative_to(bundle)) for path in bundle.rglob("*") if path.is_file()}
    for name in sorted(new - {ENTRY}):
        if name in old and CONTENT_NAMED.fullmatch(name):
            continue
        data = (fresh / name).read_bytes()
        if name not in old or (bundle / name).read_bytes() != data:
            write_atomic(bundle / name, data)
    entry = (fresh / ENTRY).read_bytes()
    if ENTRY not in old or (bundle / ENTRY).read_bytes() != entry:
        write_atomic(bundle / ENTRY, entry)
    for name in old - new:
        (bundle / name).unlink()


def _steady_entry(path: Path) -> None:
    """The bundle's entry file with its keys in order: Pagefind writes its languages in any
    order, and the same index must give the same bytes (a run writes what changed only)."""
    entry = json.loads(path.read_text())
    path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def _indexed_copy(source: Path, target: Path) -> None:
    """What Pagefind reads of a talk page, at `target`: the page's <html> tag (its lang
    picks the index) and <title>, then its data-pagefind-body element up to the first
    data-pagefind-ignore part, closed again (in the template the ignored parts are that
    element's last children); the whole page when it has no such parts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    html = source.read_bytes()
    body = html.find(BODY_MARK.encode())
    ignored = html.find(IGNORE_MARK.encode(), body) if body >= 0 else -1
    opening, title = HTML_TAG.search(html), TITLE.search(html)
    if ignored < 0 or not opening or not title:
        _link(source, target)
        return
    start, end = html.rfind(b"<", 0, body), html.rfind(b"<", 0, ignored)
    element = html[start + 1 : body].split()[0]  # the marked element's tag name
    target.write_bytes(
        b"".join(
            (
                b"<!DOCTYPE html>\n",
                opening.group(),
                b'<head><meta charset="utf-8">',
                title.group(),
                b"</head><body>",
                html[start:end],
                b"</" + element + b"></body></html>\n",
            )
        )
    )


def _link(source: Path, target: Path) -> None:
    try:
        target.hardlink_to(source)
    except OSError:
        shutil.copyfile(source, target)


def _run(site: Path, output: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--silent",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 -- our own fixed command
    if done.returncode != 0 or "not able to build" in done.stdout + done.stderr:
        raise SearchIndexError(f"{output.name}: {done.stderr.strip() or done.stdout.strip()}")
