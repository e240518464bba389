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

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

from conference.readers import edition_pages
from conference.web.fast_urls import fixed_prefix
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
# the two languages of a page stay in one file. Well below the protocol's 50,000, and
# small: the static export renders again only the files whose entries changed, and a file
# costs what it lists (one talk's change touches a talks file and its speakers' files, at
# 10,000 a file a third of the whole sitemap, docs/performance.md), while a further file
# costs the index one line.
URLS_PER_FILE = 2_000
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

    A file's entries are built here (get_urls) rather than by Django's Sitemap._urls, from
    the same hooks (items through the paginator, location, lastmod): each item's
    addresses once per language with the language and URL prefix set once for the whole
    file (conference.web.fast_urls.fixed_prefix), where Django sets the language for each
    address, and its alternates built once for both its entries. The entries hold what
    the template prints (templates/conference/sitemap.xml): the lastmod as its W3C
    datetime text.
    """

    i18n = True
    alternates = True
    limit = URLS_PER_FILE

    @property
    def languages(self) -> list[str]:
        # Every page in every language (Sitemap.get_languages_for_item asks this).
        return [code for code, _name in settings.LANGUAGES]

    def page_items(self, page) -> list:
        """The items of a page of the (item, language) pairs: each once, in order."""
        items = []
        for item, _code in self.paginator.page(page).object_list:
            if not items or items[-1] is not item:
                items.append(item)
        return items

    def get_urls(self, page=1, site=None, protocol=None):
        """A page's entries, as Sitemap.get_urls gives them to Django's sitemap view (which
        turns EmptyPage and PageNotAnInteger into a 404), with .latest_lastmod set when
        every entry has a lastmod (the view's Last-Modified header)."""
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        first, last = self._pair_range(page)
        items = self.page_items(page)
        languages = self.languages
        paths = {}
        for code in languages:
            with translation.override(code), fixed_prefix():
                paths[code] = [self.location(item) for item in items]
        lastmod = getattr(self, "lastmod", None)
        zone = timezone.get_current_timezone()  # read once: a context-local value
        entries, lastmods = [], []
        for number, item in enumerate(items):
            alternates = [
                {"location": root + paths[code][number], "lang_code": code} for code in languages
            ]
            moment = lastmod(item) if callable(lastmod) else None
            lastmods.append(moment)
            # The W3C datetime the template prints, as its date:"c" would (in the current
            # time zone): once for the item's entries, and no filter run per <url>, a large
            # share of a big file's rendering (docs/performance.md).
            printed = timezone.localtime(moment, zone).isoformat() if moment is not None else None
            entries.extend(
                {"location": alternate["location"], "lastmod": printed, "alternates": alternates}
                for alternate in alternates
            )
        # The pairs of the page: its first item may start with its second language, its
        # last may end before its second; the section's last page may hold fewer.
        offset = first % len(languages)
        entries = entries[offset : offset + last - first]
        if None not in lastmods and lastmods:
            self.latest_lastmod = max(lastmods)
        return entries

    def _pair_range(self, page) -> tuple[int, int]:
        """The page's first pair and the one after its last, counted in the section."""
        found = self.paginator.page(page)
        first = (found.number - 1) * self.limit
        return first, first + len(found.object_list)


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
    """The rows a reader returns, each with its lastmod as .last_change.

    With its summary (count and newest .last_change, one aggregate of the reader's
    statement), a section counts its pages and dates itself from it for the index, and a
    file reads only the rows it lists, a slice of the reader's rows in their order, in
    one statement, where it read the whole section and built all its (item, language)
    pairs to cut its page from them (docs/performance.md). A page past the last is the
    one whose slice holds no row (a 404, as Django's paginator answers), so a file needs
    no count."""

    def __init__(self, read: Callable[..., list], summary: Callable[[], tuple] | None = None):
        self.read, self.summary = read, summary

    @cached_property
    def rows(self) -> list:
        # Read once: the index asks for the section's lastmod and its number of pages.
        return self.read()

    def items(self):
        return self.rows

    @cached_property
    def counted(self) -> tuple:
        """The summary's (count of rows, newest .last_change), read once."""
        return self.summary()

    @cached_property
    def paginator(self):
        # One query per section: Django's paginator over a queryset runs a COUNT and then
        # fetches the page; the readers' rows (a few narrow columns each) are counted here.
        if self.summary is None:
            return Paginator(list(self._items()), self.limit)
        # The pairs by number: item number // languages, in language number % languages.
        return Paginator(range(self.counted[0] * len(self.languages)), self.limit)

    def page_items(self, page) -> list:
        if self.summary is None:
            return super().page_items(page)
        first, last = self._pair_range(page)
        languages = len(self.languages)
        start = first // languages
        rows = self.read(offset=start, limit=(last - 1) // languages + 1 - start)
        # Every row has an entry per language: a page whose first pair exists has a row.
        if not rows and first:
            raise EmptyPage("That page contains no results")
        return rows

    def _pair_range(self, page) -> tuple[int, int]:
        if self.summary is None:
            return super()._pair_range(page)
        # The checks of Django's Paginator.validate_number but the last page's: the
        # last page may hold fewer pairs, get_urls cuts what is there.
        try:
            if isinstance(page, float) and not page.is_integer():
                raise ValueError
            number = int(page)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        first = (number - 1) * self.limit
        return first, first + self.limit

    def lastmod(self, item):
        # Whole seconds: W3C datetimes allow fractions, but no reader needs them.
        return item.last_change.replace(microsecond=0)

    def get_latest_lastmod(self):
        if self.summary is None:
            return super().get_latest_lastmod()
        newest = self.counted[1]
        return newest.replace(microsecond=0) if newest is not None else None


# For the index and a file's count of pages, a section's count of rows and newest
# .last_change, one aggregate of its reader's statement, stand in for its rows: the index
# prints no more, and reading 20,000 talks' rows to count and date them cost it seconds
# (docs/performance.md). The few editions are read as rows.
SUMMARIES = {
    "talks": talk_pages_summary,
    "timetables": timetable_pages_summary,
    "speakers": speaker_pages_summary,
    "companies": company_pages_summary,
    "projects": project_and_topic_pages_summary,
    "galleries": gallery_pages_summary,
    "photos": photo_pages_summary,
}
READERS = {
    "talks": talk_pages,
    "timetables": timetable_pages,
    "speakers": speaker_pages,
    "companies": company_pages,
    "projects": project_and_topic_pages,
    "galleries": gallery_pages,
    "photos": photo_pages,
}
# Django's sitemap view calls each section that is callable: a new ReaderSitemap (and its
# paginator) per request.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "editions": partial(ReaderSitemap, edition_pages),
    **{name: partial(ReaderSitemap, read, SUMMARIES[name]) for name, read in READERS.items()},
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
    return sitemap_views.index(
        request,
        current_sections(),
        template_name="conference/sitemap_index.xml",
        sitemap_url_name=SECTION_URL_NAME,
    )
