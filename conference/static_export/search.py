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
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conference.static_export.write import write_atomic

BUNDLE = "pagefind"
LIST = "bundles.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
# A talk page's address (talks/urls.py: "<edition>/talks/<slug>/"), in either language.
TALK_PAGE = re.compile(r"/(?:ru/)?([^/]+)/talks/[^/]+/")
TALK_FILE = re.compile(r"(?:ru/)?([^/]+)/talks/[^/]+/index\.html")


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


def editions_of(addresses, pattern=TALK_PAGE) -> set[str]:
    """The editions whose talk pages are among `addresses` (page addresses, or with
    TALK_FILE the folder's file names)."""
    return {match.group(1) for match in map(pattern.fullmatch, addresses) if match}


def build_index(folder: Path, editions: set[str], changed: set[str] | None) -> None:
    """Rebuild the bundles of the `changed` editions (None: all), and of any edition that
    has none yet; remove those of editions with no talk page any more."""
    root = folder / BUNDLE
    for slug in sorted(editions):
        if changed is None or slug in changed or not (root / slug / "pagefind.js").exists():
            _run(folder, slug)
    if root.exists():
        for path in root.iterdir():
            if path.is_dir() and path.name not in editions:
                shutil.rmtree(path)
    if editions:
        first = root / min(editions)
        for name in UI_FILES:
            write_atomic(root / name, (first / name).read_bytes())
    write_atomic(root / LIST, json.dumps(sorted(editions)).encode())


def _run(folder: Path, slug: str) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        f"{BUNDLE}/{slug}",
        "--glob",
        f"{{{slug},ru/{slug}}}/talks/*/index.html",
        "--silent",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 -- our own fixed command
    if done.returncode != 0 or "not able to build" in done.stdout + done.stderr:
        raise SearchIndexError(f"{slug}: {done.stderr.strip() or done.stdout.strip()}")
