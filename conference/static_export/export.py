"""One run of the static export: what changed rendered, written, and the rest cleaned up.

The pages come from the sitemap's sections (conference.static_export.urls), each with a
stamp; a page whose stamp is the one on record in the folder's manifest is left as it is,
with what it linked. Every other page is rendered (conference.static_export.render), and
so are the addresses it links that are not pages of their own (its dependants: feeds,
calendar files, exports, slides PDFs, a gallery's further pages), once per run. Files
whose bytes did not change are not written again (conference.static_export.write). Then
whatever no current page needs any more is removed, the media the pages show are copied,
and the search index is rebuilt if a page changed.

A full export renders tens of thousands of pages, so rendering is spread over worker
processes (forked after Django is set up; each opens its own database connection). A
run whose archive version (conference.web.archive_version) is the one on record has
nothing to render.
"""

import contextlib
import multiprocessing
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.db import connections
from django.test.utils import override_settings

from conference.static_export import links, search
from conference.static_export.assets import copy_media, static_storage
from conference.static_export.dump import MEDIA_NAME, write_dump
from conference.static_export.render import Renderer, RenderError
from conference.static_export.urls import VERSION_STAMP, Page, sitemap_pages
from conference.static_export.write import (
    Manifest,
    PageRecord,
    digest,
    remove_files,
    write_if_changed,
)
from conference.web.archive_version import ArchiveVersion

CHUNK = 64
# Fewer pages than this are rendered in this process: starting workers would cost more.
IN_PROCESS = 16
# A photo's page (photos/urls.py: "<edition>/photos/<gallery>/<id>/"), in either language.
PHOTO_PAGE = re.compile(r"/(?:ru/)?[^/]+/photos/[^/]+/[0-9]+/")


def digest_text(text: str) -> str:
    return digest(text.encode())


@dataclass
class Summary:
    """What a run did, for the command's one line."""

    pages: int = 0
    rendered: int = 0
    written: int = 0
    removed: int = 0
    # The files written and removed (pages, dependants), folder-relative.
    written_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    media_copied: int = 0
    media_removed: int = 0
    indexed: bool = False
    dump_written: bool = False
    dump_seconds: float = 0.0
    index_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class RootResult:
    """A page rendered in this run, with its dependants and the files written for them."""

    path: str
    record: PageRecord
    outputs: dict[str, list[str]] = field(default_factory=dict)
    rendered: int = 0
    written_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Worker:
    """Renders pages and their dependants in one process; remembers what it rendered, so a
    dependant many pages link (the feed in every page's head) is rendered once."""

    def __init__(self, folder: Path, base_url: str, old: dict, pages: dict[str, str]):
        self.folder, self.old, self.pages = folder, old, pages
        self.renderer = Renderer(base_url)
        self.seen: dict[str, tuple[set[str], set[str]]] = {}

    def root(self, page: Page) -> RootResult:
        result = RootResult(page.path, PageRecord(page.stamp))
        dependants, media, linked = set(), set(), set()
        queue = [page.path]
        while queue:
            address = queue.pop()
            if address in self.seen and address != page.path:
                found, shown = self.seen[address]
            else:
                found, shown = self._render(address, result, page.path)
            media |= shown
            linked |= {target for target in found if target in self.pages}
            # Not `found - self.pages.keys()`: a set minus a dict's keys view walks every
            # key, tens of thousands of pages for each address rendered.
            for target in found:
                if target not in self.pages and target not in dependants and target != page.path:
                    dependants.add(target)
                    queue.append(target)
        result.record.dependants = sorted(dependants)
        result.record.media = sorted(media)
        result.record.links = sorted(
            target
            for target in linked - {page.path}
            if not self.pages[target].startswith(VERSION_STAMP)
        )
        return result

    def _render(self, address: str, result: RootResult, root: str) -> tuple[set[str], set[str]]:
        try:
            rendered = self.renderer.render(address)
        except (RenderError, links.UnsupportedAddress) as error:
            result.problems.append(str(error))
            self.seen[address] = (set(), set())
            return self.seen[address]
        old = self.old.get(address)
        digest, written = write_if_changed(
            self.folder, rendered.file, rendered.body, old[1] if old else None
        )
        result.outputs[address] = [rendered.file, digest]
        result.rendered += 1
        if address == root:
            result.record.title = digest_text(rendered.title)
            if search.TALK_PAGE.fullmatch(address):
                result.record.indexed = search.indexed_digest(rendered.body.decode())
        if written:
            result.written_files.append(rendered.file)
        result.problems.extend(f"{address} links {bad}" for bad in rendered.found.problems)
        self.seen[address] = (rendered.found.addresses, rendered.found.media)
        return self.seen[address]


_worker: _Worker | None = None


def _start_worker(folder, base_url, old, pages) -> None:
    global _worker
    _worker = _Worker(folder, base_url, old, pages)


def _render_chunk(chunk: list[Page]) -> list[RootResult]:
    return [_worker.root(page) for page in chunk]


def export(
    folder: Path,
    *,
    base_url: str = "",
    full: bool = False,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Export the public archive into `folder` (created if missing); see the module doc."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(folder)
    full = full or manifest.base_url != base_url or not manifest.pages
    summary = Summary()
    # No rate limits: the export is no visitor, and their check resolves every address.
    settings = {"PAGE_CACHE_SECONDS": 0, "ALLOWED_HOSTS": [links.HOST], "RATE_LIMITS": {}}
    with override_settings(**settings), static_storage(folder):
        version = ArchiveVersion.current()
        if not full and version == manifest.version:
            summary.pages = len(manifest.pages)
            summary.seconds = time.perf_counter() - started
            return summary
        pages = sitemap_pages(version)
        summary.pages = len(pages)
        results = _render_rounds(folder, base_url, manifest, pages, full, workers, progress)
        reindex = None if full else _reindexed_editions(manifest, pages, results)
        # Pagefind (a process of its own, waited on in a thread) indexes as soon as the
        # talk pages are final, while this process removes what is gone, copies the media,
        # writes the dump and encodes the manifest: none of them writes a talk page or
        # reads what Pagefind writes.
        with ThreadPoolExecutor(max_workers=1) as background:
            indexing = None
            if reindex is None or reindex or not (folder / search.BUNDLE).exists():
                talk_files = _talk_files(manifest, pages, results)
                indexing = background.submit(_index, folder, talk_files, reindex, summary)
            _settle(folder, manifest, pages, results, summary)
            dumping = time.perf_counter()
            summary.dump_written = write_dump(folder, version, base_url)
            summary.dump_seconds = time.perf_counter() - dumping
            manifest.version, manifest.base_url = version, base_url
            encoded = manifest.encode()
            if indexing:
                indexing.result()
    # Written last, once the index is: a run stopped before leaves the old manifest, and
    # the next run does this one's work again, the search index with it.
    manifest.write(folder, encoded)
    summary.seconds = time.perf_counter() - started
    return summary


def _talk_files(manifest: Manifest, pages: list[Page], results) -> dict[str, list[str]]:
    """The files of the current talk pages, by edition, as this run leaves them."""
    outputs = {
        address: output
        for result in results
        for address, output in result.outputs.items()
        if search.TALK_PAGE.fullmatch(address)
    }
    files = (
        (outputs.get(page.path) or manifest.outputs.get(page.path, ("",)))[0]
        for page in pages
        if search.TALK_PAGE.fullmatch(page.path)
    )
    return search.talk_files_by_edition(files)


def _index(folder: Path, talk_files, reindex: set[str] | None, summary: Summary) -> None:
    """The search index brought up to date: the bundles of `reindex` (None: all)."""
    started = time.perf_counter()
    search.build_index(folder, talk_files, reindex)
    summary.indexed = True
    summary.index_seconds = time.perf_counter() - started


def _reindexed_editions(manifest: Manifest, pages: list[Page], results) -> set[str]:
    """The editions whose search bundle is out of date: a talk page came or went, or what
    the index reads of one changed (PageRecord.indexed)."""
    current = {page.path for page in pages}
    touched = manifest.pages.keys() ^ current
    for result in results:
        old = manifest.pages.get(result.path)
        if old is None or old.indexed != result.record.indexed:
            touched.add(result.path)
    return search.editions_of(touched)


def _moved(pages: list[Page], manifest: Manifest, full: bool) -> list[Page]:
    """The pages whose stamp moved (or that are new)."""
    if full:
        return pages
    return [
        page
        for page in pages
        if page.path not in manifest.pages or manifest.pages.stamp(page.path) != page.stamp
    ]


def _render_rounds(folder, base_url, manifest, pages, full, workers, progress) -> list[RootResult]:
    """The moved pages rendered, then, round after round until none is left, the pages the
    ones just rendered tell are out of date (_referrers, _linked_anew)."""
    render = partial(_render_all, folder, base_url, manifest, pages, workers=workers)
    results = render(_moved(pages, manifest, full), progress=progress)
    latest, gone = results, manifest.pages.keys() - {page.path for page in pages}
    while latest:
        rendered = {result.path for result in results}
        # The difference taken once: in the comprehension's condition it was taken again for
        # each of the 60,000 pages (all of them linked anew after a full export's first round).
        wanted = _referrers(manifest, latest, gone) | _linked_anew(manifest, latest)
        wanted -= rendered
        latest = render([page for page in pages if page.path in wanted], progress=progress)
        results += latest
        gone = set()
    return results


def _linked_anew(manifest: Manifest, results: list[RootResult]) -> set[str]:
    """The pages a rendered page links now and did not before, or linked and does not any
    more: links go both ways in this archive (a talk and its edition, speakers, topics,
    neighbours and photos; a photo and its gallery, talk and speakers), so the other end
    of a link that came or went lists, or stopped listing, this page. A new page links
    every page that now lists it."""
    changed = set()
    for result in results:
        before = manifest.pages.get(result.path)
        changed |= set(result.record.links).symmetric_difference(before.links if before else ())
    return changed


def _referrers(manifest: Manifest, results: list[RootResult], gone: set[str]) -> set[str]:
    """The pages that link a page whose title changed, a photo's page that changed, or a
    page that is `gone`: they show its title or the photo (its picture and description),
    or a link that would break."""
    retitled = {
        result.path
        for result in results
        if result.path in manifest.pages
        and (
            manifest.pages[result.path].title != result.record.title
            or (PHOTO_PAGE.fullmatch(result.path) and _rewritten(manifest, result))
        )
    }
    retitled |= gone
    if not retitled:
        return set()
    return manifest.pages.linking(retitled)


def _rewritten(manifest: Manifest, result: RootResult) -> bool:
    old = manifest.outputs.get(result.path)
    return not old or old[1] != result.outputs.get(result.path, [None, None])[1]


def _render_all(
    folder, base_url, manifest, pages, changed, *, workers, progress
) -> list[RootResult]:
    known = {page.path: page.stamp for page in pages}
    # The pool hands a chunk to whichever worker is free: a round of fewer than
    # workers * CHUNK * CHUNK pages goes in smaller chunks (one page each for a second
    # run's hundred), heaviest first, so that its few expensive pages (an edition's page
    # and its exports, a sitemap file, the list of all speakers) do not end up in one
    # worker's share while the other waits.
    size = max(1, min(CHUNK, len(changed) // (workers * CHUNK)))
    if size < CHUNK:  # a full export's thousands of chunks: no file's size asked for
        changed = _heaviest_first(folder, manifest, changed)
    chunks = [changed[start : start + size] for start in range(0, len(changed), size)]
    results: list[RootResult] = []
    if workers <= 1 or len(changed) < IN_PROCESS:
        _start_worker(folder, base_url, manifest.outputs, known)
        for chunk in chunks:
            results.extend(_render_chunk(chunk))
            if progress:
                progress(len(results), len(changed))
        return results
    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    arguments = (folder, base_url, manifest.outputs, known)
    with context.Pool(workers, initializer=_start_worker, initargs=arguments) as pool:
        for done in pool.imap_unordered(_render_chunk, chunks):
            results.extend(done)
            if progress:
                progress(len(results), len(changed))
    return results


def _heaviest_first(folder: Path, manifest: Manifest, changed: list[Page]) -> list[Page]:
    """The pages by the bytes they and their dependants left in the folder last time, most
    first: a page's rendering costs about as much as what it writes (a new page, with
    nothing yet, goes last)."""

    def weight(page: Page) -> int:
        total = 0
        for address in [page.path, *manifest.pages.dependants(page.path)]:
            output = manifest.outputs.get(address)
            if output:
                # A file removed by hand since weighs nothing.
                with contextlib.suppress(OSError):
                    total += (folder / output[0]).stat().st_size
        return total

    return sorted(changed, key=weight, reverse=True)


def _settle(folder: Path, manifest: Manifest, pages, results, summary: Summary) -> None:
    """The manifest brought up to date; the files of addresses nothing needs removed."""
    current = {page.path for page in pages}
    records = manifest.pages.kept(current, {result.path: result.record for result in results})
    outputs = dict(manifest.outputs)
    for result in results:
        outputs.update(result.outputs)
        summary.rendered += result.rendered
        summary.written_files.extend(result.written_files)
        summary.problems.extend(result.problems)
    needed = set(current)
    for path in records:
        needed.update(records.dependants(path))
    gone = {address: output for address, output in outputs.items() if address not in needed}
    summary.removed_files = sorted(output[0] for output in gone.values())
    summary.removed = remove_files(folder, set(summary.removed_files))
    summary.written_files = sorted(set(summary.written_files))
    summary.written = len(summary.written_files)
    manifest.pages = records
    manifest.outputs = {address: output for address, output in outputs.items() if address in needed}
    media = set().union(*(records.media(path) for path in records))
    media.discard(MEDIA_NAME)  # the dump: written by write_dump, never copied
    summary.media_copied, summary.media_removed = copy_media(folder, media, set(manifest.media))
    manifest.media = sorted(media)
