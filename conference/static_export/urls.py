"""What the static export holds: every page the sitemap lists, in both languages, and the
few the sitemap leaves out.

The sitemap's sections (conference.sitemaps.SITEMAPS) read every public page from the
readers, with the same visibility rules as the pages, and say when each last changed: the
export takes its list from them, so a kind of page added to the sitemap (topics, say) is
exported too, and its lastmod tells a second run whether the page changed. A page the
sitemap gives no lastmod (the home page and the indexes), and the extras below, are
stamped with the archive's version: they are rendered again whenever anything changed.

Files a page links (its feeds, calendar files, exports, slides, further pages of a
gallery) are found in the page itself when it is rendered (conference.static_export.render).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from conference.sitemaps import SITEMAPS

# Pages and files no sitemap section lists: the search page (replaced by the static one,
# in each language), robots.txt and the sitemap itself.
EXTRA_PATHS = ("/search/", "/ru/search/", "/robots.txt", "/sitemap.xml")
# The stamp of a page without a lastmod: "v" and the archive version (a lastmod's ISO
# form starts with a digit).
VERSION_STAMP = "v"


@dataclass(frozen=True)
class Page:
    """An address to export and what says it changed: its lastmod, or the archive version."""

    path: str
    stamp: str


class _Domain:
    """What Sitemap.get_urls needs of a site: its domain (the locations' host, cut off below)."""

    domain = "static-export.invalid"


def sitemap_pages(version: int) -> list[Page]:
    """Every page of every sitemap section, in each language, then the extras."""
    pages: list[Page] = []
    seen: set[str] = set()
    for section in SITEMAPS.values():
        sitemap = section() if callable(section) else section
        for number in sitemap.paginator.page_range:
            for entry in sitemap.get_urls(page=number, site=_Domain(), protocol="https"):
                path = urlsplit(entry["location"]).path
                lastmod = entry.get("lastmod")
                stamp = lastmod.isoformat() if lastmod else f"{VERSION_STAMP}{version}"
                if path not in seen:
                    seen.add(path)
                    pages.append(Page(path, stamp))
    pages.extend(
        Page(path, f"{VERSION_STAMP}{version}") for path in EXTRA_PATHS if path not in seen
    )
    return pages
