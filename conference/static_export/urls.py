"""What the static export holds: every page the sitemap lists, in both languages, and the
few the sitemap leaves out.

The sitemap's sections (conference.sitemaps.SITEMAPS) read every public page from the
readers, with the same visibility rules as the pages, and say when each last changed: the
export takes its list from them, so a kind of page added to the sitemap (topics, say) is
exported too, and its lastmod tells a second run whether the page changed. A page the
sitemap gives no lastmod (the home page and the indexes), and the extras below, are
stamped with the archive's version: they are rendered again whenever anything changed.
The sitemap's files (the index at /sitemap.xml, each section's file and its further
pages, conference.sitemaps) are stamped with what they list: a digest of their entries'
addresses, alternates and lastmods, so a run renders again only the files that change.

Files a page links (its feeds, calendar files, exports, slides, further pages of a
gallery) are found in the page itself when it is rendered (conference.static_export.render).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import translation

from conference.sitemaps import SITEMAPS, section_address
from conference.web.fast_urls import fixed_prefix

# Pages and files no sitemap section lists: the search page (replaced by the static one,
# in each language) and robots.txt; the sitemap's files are listed below.
SITEMAP = "/sitemap.xml"
EXTRA_PATHS = ("/search/", "/ru/search/", "/robots.txt")
# The stamp of a page without a lastmod: "v" and the archive version (a lastmod's ISO
# form starts with a digit).
VERSION_STAMP = "v"


@dataclass(frozen=True)
class Page:
    """An address to export and what says it changed: its lastmod, or the archive version."""

    path: str
    stamp: str


def sitemap_pages(version: int) -> list[Page]:
    """Every page of every sitemap section, in each of its languages, then the extras and
    the sitemap's files.

    Through the hooks a Sitemap documents (items, location, lastmod, get_languages_for_item)
    rather than get_urls(), which also builds every entry's alternates: a fifth of a
    20,000-talk archive's second run.
    """
    pages: list[Page] = []
    seen: set[str] = set()
    always = f"{VERSION_STAMP}{version}"
    index: list[str] = []
    files: list[Page] = []
    for name, sitemap in _sections().items():
        entries = []
        for item, locations, moment, lastmod in _section_items(sitemap):
            # Once per item, not per language: 60,000 pages at 20,000 talks.
            stamp = _stamp(item, moment, always)
            listed = f" {' '.join(locations.values())} {lastmod}"
            for code, path in locations.items():
                if path not in seen:
                    seen.add(path)
                    pages.append(Page(path, stamp))
                entries.append((code + listed, lastmod))
        section_files = _section_files(name, entries, sitemap.limit)
        files.extend(section_files)
        # The index names each file with the section's newest lastmod, if all have one.
        lastmods = [lastmod for _, lastmod in entries]
        latest = None if None in lastmods else max(lastmods)
        index.extend(f"{file.path} {latest}" for file in section_files)
    pages.extend(Page(path, always) for path in EXTRA_PATHS if path not in seen)
    pages.append(Page(SITEMAP, _digest(index)))
    pages.extend(files)
    return pages


def _sections() -> dict[str, Sitemap]:
    """conference.sitemaps.current_sections() without its paginators: each section with
    something to list. Counting through the paginator builds every (item, language) pair
    of the section, 60,000 at 20,000 talks, which nothing here reads."""
    sections = {name: section() for name, section in SITEMAPS.items()}
    return {name: sitemap for name, sitemap in sections.items() if sitemap.items()}


def _section_items(sitemap):
    """Each item of a section with its address per language (in the sitemap's order),
    its last change to the microsecond and its lastmod as the sitemap prints it."""
    items = sitemap.items()
    lastmod = getattr(sitemap, "lastmod", None)
    # One language at a time: translation.override per item would cost more than the rest.
    paths: dict[str, list[str]] = {}
    for code, _name in settings.LANGUAGES:
        # The language, script prefix and URLconf read once for the section's addresses
        # (conference.web.fast_urls), not once an address: a third of this function's
        # time at 20,000 talks (docs/performance.md).
        with translation.override(code), fixed_prefix():
            paths[code] = [sitemap.location(item) for item in items]
    # Sitemap.get_languages_for_item gives every item the same languages unless a section
    # overrides it: asked once, then, not once an item.
    same = type(sitemap).get_languages_for_item is Sitemap.get_languages_for_item
    languages = sitemap.get_languages_for_item(items[0]) if same and items else None
    for number, item in enumerate(items):
        codes = languages if same else sitemap.get_languages_for_item(item)
        locations = {code: paths[code][number] for code in codes}
        printed = lastmod(item) if callable(lastmod) else None
        # The readers' .last_change to the microsecond: the sitemap's lastmod is cut to
        # whole seconds, and an edit in the second of the last export must still move the
        # page's stamp.
        moment = getattr(item, "last_change", None)
        yield item, locations, moment if moment is not None else printed, printed


def _section_files(name: str, entries: list, limit: int) -> list[Page]:
    """A section's file and its further pages, each stamped with the entries it lists:
    Django's paginator cuts the (item, language) pairs, one <url> each, in this order."""
    return [
        Page(section_address(name, number + 1), _digest(line for line, _ in chunk))
        for number, chunk in enumerate(
            entries[start : start + limit] for start in range(0, len(entries), limit)
        )
    ]


def _digest(lines) -> str:
    text = "\n".join(lines)
    return "sitemap-" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _stamp(item, moment, always: str) -> str:
    """A page's stamp: its last change, and what it shows that no timestamp dates (a
    reader's .also_shows: a talk's related talks, a count of photos), if anything."""
    if moment is None:
        return always
    also = getattr(item, "also_shows", "")
    return f"{moment.isoformat()} {also}" if also else moment.isoformat()
