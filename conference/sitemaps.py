"""/sitemap.xml: every public page, and nothing a visitor could not open.

/sitemap.xml is a sitemap index (sitemaps.org's <sitemapindex>) naming one file per section
with something to list, /sitemap-<section>.xml, with its lastmod, and that file's further
pages (?p=2, ...) when a section holds more than URLS_PER_FILE addresses: the protocol
allows 50,000 <url>s and 50 MB per file, and one file for the whole archive passes both.

Each section takes its rows from a reader (conference.readers, talks.readers.sitemap,
photos.readers.sitemap), which apply the same visibility rules as the public pages, so
a draft edition, an unpublished talk or a pending photo never appears. A page's lastmod
is the newest change among the rows it shows (the readers' .last_change): a speaker page
changes when one of their talks does. Every page is listed in English and in Russian
(/ru/...), each entry naming the other (BilingualSitemap).
"""

from collections.abc import Callable
from functools import partial

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from conference.readers import edition_pages
from photos.readers.sitemap import (
    gallery_pages,
    gallery_pages_summary,
    photo_pages,
    photo_pages_summary,
)
from talks.readers.sitemap import (
    company_pages,
    company_pages_summary,
    project_and_topic_pages,
    project_and_topic_pages_summary,
    speaker_pages,
    speaker_pages_summary,
    talk_pages,
    talk_pages_summary,
    timetable_pages,
    timetable_pages_summary,
)

# <url>s per file. Django's paginator counts what a file emits: with i18n it pages the
# (item, language) pairs (Sitemap._items), one <url> each, so no file passes this; even, so
# the two languages of a page stay in one file. Well below the protocol's 50,000: a file
# is a few MB, and the static export renders again only the files whose entries changed.
URLS_PER_FILE = 10_000
SECTION_URL_NAME = "sitemap-section"


class BilingualSitemap(Sitemap):
    """Every page in each interface language: an entry per language (/x and /ru/x), each
    with xhtml:link alternates naming all of them and x-default, as Google documents
    (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).

    The locations are get_absolute_url() or reverse() under each language
    (Sitemap.i18n). Django's own x_default stays off: it makes the default language's
    address by replacing "/en/" in the URL, which is no prefix here (unprefixed English)
    and could be a slug; the template names the first alternate, the default language's
    (settings.LANGUAGES lists it first), x-default instead.
    """

    i18n = True
    alternates = True
    limit = URLS_PER_FILE


class StaticPagesSitemap(BilingualSitemap):
    """The home page and the indexes."""

    def items(self):
        return [
            "conference:home",
            "conference:edition-list",
            "talks:speaker-list",
            "talks:company-list",
            "talks:project-list",
            "talks:topic-list",
            "photos:gallery-list",
        ]

    def location(self, item):
        return reverse(item)


class ReaderSitemap(BilingualSitemap):
    """The rows a reader returns, each with its lastmod as .last_change."""

    def __init__(self, read: Callable[[], list]):
        self.read = read

    @cached_property
    def rows(self) -> list:
        # Read once: the index asks for the section's lastmod and its number of pages.
        return self.read()

    def items(self):
        return self.rows

    @cached_property
    def paginator(self):
        # One query per section: Django's paginator over a queryset runs a COUNT and then
        # fetches the page; the readers' rows (a few narrow columns each) are counted here.
        return Paginator(list(self._items()), self.limit)

    def lastmod(self, item):
        # Whole seconds: W3C datetimes allow fractions, but no reader needs them.
        return item.last_change.replace(microsecond=0)


class SectionSummary(BilingualSitemap):
    """A section as the index sees it: its number of <url>s (an entry per page and
    language, as ReaderSitemap's paginator counts them) and its newest lastmod."""

    def __init__(self, pages: int, newest):
        self.pages, self.newest = pages, newest

    @cached_property
    def paginator(self):
        return Paginator(range(self.pages * len(self._languages())), self.limit)

    def get_latest_lastmod(self):
        return self.newest.replace(microsecond=0) if self.newest is not None else None


# Django's sitemap view calls each section that is callable: a new ReaderSitemap (and its
# paginator) per request.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "editions": partial(ReaderSitemap, edition_pages),
    "talks": partial(ReaderSitemap, talk_pages),
    "timetables": partial(ReaderSitemap, timetable_pages),
    "speakers": partial(ReaderSitemap, speaker_pages),
    "companies": partial(ReaderSitemap, company_pages),
    "projects": partial(ReaderSitemap, project_and_topic_pages),
    "galleries": partial(ReaderSitemap, gallery_pages),
    "photos": partial(ReaderSitemap, photo_pages),
}
# For the index, a section's count of pages and newest .last_change, one aggregate of its
# reader's statement, stand in for its rows: the index prints no more, and reading 20,000
# talks' rows to count and date them cost it seconds (docs/performance.md). The few
# editions are read as rows.
SUMMARIES = {
    "talks": talk_pages_summary,
    "timetables": timetable_pages_summary,
    "speakers": speaker_pages_summary,
    "companies": company_pages_summary,
    "projects": project_and_topic_pages_summary,
    "galleries": gallery_pages_summary,
    "photos": photo_pages_summary,
}


def current_sections() -> dict[str, Sitemap]:
    """Each section with something to list (an empty <urlset> is no valid sitemap), as a
    new instance: its rows read once, by what asks first."""
    sections = {name: section() for name, section in SITEMAPS.items()}
    return {name: sitemap for name, sitemap in sections.items() if sitemap.paginator.count}


def section_address(name: str, page: int = 1) -> str:
    """The address of a section's file, or of its further page, as the index names them."""
    address = reverse(SECTION_URL_NAME, kwargs={"section": name})
    return address if page == 1 else f"{address}?p={page}"


def index(request):
    """/sitemap.xml: Django's index view over the sections with something to list."""
    sections = {
        name: SectionSummary(*SUMMARIES[name]()) if name in SUMMARIES else section()
        for name, section in SITEMAPS.items()
    }
    return sitemap_views.index(
        request,
        {name: section for name, section in sections.items() if section.paginator.count},
        template_name="conference/sitemap_index.xml",
        sitemap_url_name=SECTION_URL_NAME,
    )
