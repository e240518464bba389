"""/sitemap.xml: every public page, and nothing a visitor could not open.

Each section takes its rows from a reader (conference.readers, talks.readers.sitemap,
photos.readers.sitemap), which apply the same visibility rules as the public pages, so
a draft edition, an unpublished talk or a pending photo never appears. A page's lastmod
is the newest change among the rows it shows (the readers' .last_change): a speaker page
changes when one of their talks does.
"""

from collections.abc import Callable
from functools import partial

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from conference.readers import edition_pages
from photos.readers.sitemap import gallery_pages, photo_pages
from talks.readers.sitemap import company_pages, project_pages, speaker_pages, talk_pages


class StaticPagesSitemap(Sitemap):
    """The home page and the indexes."""

    def items(self):
        return [
            "conference:home",
            "conference:edition-list",
            "talks:speaker-list",
            "talks:company-list",
            "talks:project-list",
            "photos:gallery-list",
        ]

    def location(self, item):
        return reverse(item)


class ReaderSitemap(Sitemap):
    """The rows a reader returns, each with its lastmod as .last_change."""

    def __init__(self, read: Callable[[], list]):
        self.read = read

    def items(self):
        return self.read()

    @cached_property
    def paginator(self):
        # One query per section: Django's paginator over a queryset runs a COUNT and then
        # fetches the page; the readers' rows (a few narrow columns each) are counted here.
        return Paginator(list(self._items()), self.limit)

    def lastmod(self, item):
        # Whole seconds: W3C datetimes allow fractions, but no reader needs them.
        return item.last_change.replace(microsecond=0)


# Django's sitemap view calls each section that is callable: a new ReaderSitemap (and its
# paginator) per request.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "editions": partial(ReaderSitemap, edition_pages),
    "talks": partial(ReaderSitemap, talk_pages),
    "speakers": partial(ReaderSitemap, speaker_pages),
    "companies": partial(ReaderSitemap, company_pages),
    "projects": partial(ReaderSitemap, project_pages),
    "galleries": partial(ReaderSitemap, gallery_pages),
    "photos": partial(ReaderSitemap, photo_pages),
}
