"""The static export's search index: Pagefind (https://pagefind.app) over the talk pages.

Pagefind is a static-search tool in Rust, shipped with its binary in the `pagefind[extended]`
wheel, so it runs here without a download or a network. It reads the exported HTML, keeps
an index per language (from each page's <html lang>: the English pages and the Russian
ones under /ru/, stemmed in their language) in small fragments the browser fetches as a
query needs them, and brings its own search interface, which runs in WebAssembly. Only
what a talk page marks with data-pagefind-body is indexed (templates/talks/talk_detail.html,
in the export only): the title, the speakers and their companies, the abstract, the
projects and the track, not the header and footer every page repeats.

The search page (templates/talks/static_search.html, static/js/static-search.js) loads
the bundle from the folder's pagefind/; nothing comes from another host.
"""

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"
# The talk pages in every language (talks/urls.py: "<edition>/talks/<slug>/").
TALK_PAGES = "**/talks/*/index.html"


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


def build_index(folder: Path) -> None:
    """Rebuild the folder's search bundle from its talk pages (Pagefind has no incremental
    mode; it indexes tens of thousands of pages in seconds)."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        BUNDLE,
        "--glob",
        TALK_PAGES,
        "--silent",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 -- our own fixed command
    if done.returncode != 0:
        raise SearchIndexError(done.stderr.strip() or done.stdout.strip())
