"""What the static export holds: every page the sitemap lists, in both languages, and the
few the sitemap leaves out.

The sitemap's sections (conference.sitemaps.SITEMAPS) read every public page from the
readers, with the same visibility rules as the pages, and say when each last changed: the
export takes its list from them, so a kind of page added to the sitemap (topics, say) is
exported too, and its lastmod tells a second run whether the page changed. A page the
sitemap gives no lastmod (the home page and the indexes), and the extras below, are
stamped with the archive's version: they are rendered again whenever anything changed;
the sitemap itself is stamped with the list of pages it holds and their stamps.

Files a page links (its feeds, calendar files, exports, slides, further pages of a
gallery) are found in the page itself when it is rendered (conference.static_export.render).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from conference.sitemaps import SITEMAPS

# Pages and files no sitemap section lists: the search page (replaced by the static one,
# in each language), robots.txt and the sitemap itself.
SITEMAP = "/sitemap.xml"
EXTRA_PATHS = ("/search/", "/ru/search/", "/robots.txt", SITEMAP)
# The stamp of a page without a lastmod: "v" and the archive version (a lastmod's ISO
# form starts with a digit).
VERSION_STAMP = "v"


@dataclass(frozen=True)
class Page:
    """An address to export and what says it changed: its lastmod, or the archive version."""

    path: str
    stamp: str


def sitemap_pages(version: int) -> list[Page]:
    """Every page of every sitemap section, in each of its languages, then the extras.

    Through the hooks a Sitemap documents (items, location, lastmod, get_languages_for_item)
    rather than get_urls(), which also builds every entry's alternates: a fifth of a
    20,000-talk archive's second run.
    """
    pages: list[Page] = []
    seen: set[str] = set()
    always = f"{VERSION_STAMP}{version}"
    for section in SITEMAPS.values():
        sitemap = section() if callable(section) else section
        lastmod = getattr(sitemap, "lastmod", None)
        items = sitemap.items()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for item in items:
                    if code not in sitemap.get_languages_for_item(item):
                        continue
                    path = sitemap.location(item)
                    # The readers' .last_change to the microsecond: the sitemap's lastmod is
                    # cut to whole seconds, and an edit in the second of the last export
                    # must still move the stamp.
                    moment = getattr(item, "last_change", None)
                    if moment is None and callable(lastmod):
                        moment = lastmod(item)
                    if path not in seen:
                        seen.add(path)
                        pages.append(Page(path, _stamp(item, moment, always)))
    # The sitemap lists every page with its lastmod: rendered again when a page comes or
    # goes or a lastmod moves.
    listed = "\n".join(sorted(f"{page.path} {page.stamp}" for page in pages))
    stamps = {SITEMAP: "pages-" + hashlib.blake2b(listed.encode(), digest_size=16).hexdigest()}
    pages.extend(Page(path, stamps.get(path, always)) for path in EXTRA_PATHS if path not in seen)
    return pages


def _stamp(item, moment, always: str) -> str:
    """A page's stamp: its last change, and what it shows that no timestamp dates (a
    reader's .also_shows: a talk's related talks, a count of photos), if anything."""
    if moment is None:
        return always
    also = getattr(item, "also_shows", "")
    return f"{moment.isoformat()} {also}" if also else moment.isoformat()
