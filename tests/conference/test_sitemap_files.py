"""The sitemap's section files (conference/sitemaps.py) byte for byte as Django's own Sitemap
would write them from every row of the section, on every page of a section cut small: a
file reads only its own rows (a slice of its reader's) and builds its entries itself."""

import datetime

import pytest
from django.contrib.sitemaps import Sitemap
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from conference.sitemaps import READERS, SITEMAPS, BilingualSitemap, StaticPagesSitemap
from talks.models import Talk
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

# templates/conference/sitemap.xml as Django's own sitemap.xml prints a lastmod (a
# datetime through the date filter).
STOCK_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
{% spaceless %}
{% for url in urlset %}
  <url>
    <loc>{{ url.location }}</loc>
    {% if url.lastmod %}<lastmod>{{ url.lastmod|date:"c" }}</lastmod>{% endif %}
    {% for alternate in url.alternates %}
    <xhtml:link rel="alternate" hreflang="{{ alternate.lang_code }}" href="{{ alternate.location }}"/>
    {% if forloop.first %}<xhtml:link rel="alternate" hreflang="x-default" href="{{ alternate.location }}"/>{% endif %}
    {% endfor %}
  </url>
{% endfor %}
{% endspaceless %}
</urlset>"""  # noqa: E501 -- the template's lines as they are


class StockSection(Sitemap):
    """A section through Django's own Sitemap: every row read, every pair paginated."""

    i18n = True
    alternates = True

    def __init__(self, read, limit: int):
        self.read, self.limit = read, limit

    def items(self):
        return self.read()


class StockRows(StockSection):
    """A reader's rows, dated as conference.sitemaps.ReaderSitemap dates them."""

    def lastmod(self, item):
        return item.last_change.replace(microsecond=0)


class StockPages(StockSection):
    def location(self, item):
        return reverse(item)


@pytest.fixture
def archive():
    """A few rows of every section, some changed later than others, with a microsecond
    part (cut from the lastmod)."""
    editions = [EditionFactory(), EditionFactory()]
    for number in range(5):
        talk = TalkFactory(
            edition=editions[number % 2],
            speakers=[SpeakerFactory(company=CompanyFactory())],
            projects=[ProjectFactory()],
        )
        PhotoFactory(gallery=GalleryFactory(edition=talk.edition, talk=talk))
        when = timezone.now() + datetime.timedelta(days=number, microseconds=123)
        Talk.objects.filter(pk=talk.pk).update(updated_at=when)


def stock_file(name: str, limit: int, page: int) -> bytes:
    request = RequestFactory().get("/")
    if name == "pages":
        section = StockPages(StaticPagesSitemap().items, limit)
    elif name == "editions":
        section = StockRows(SITEMAPS["editions"]().items, limit)
    else:
        section = StockRows(READERS[name], limit)
    urls = section.get_urls(page=page, site=_Site(request.get_host()), protocol="http")
    return Template(STOCK_TEMPLATE).render(Context({"urlset": urls})).encode()


class _Site:
    def __init__(self, domain: str):
        self.domain = domain


@pytest.mark.parametrize("limit", [3, 4, 10_000])
def test_every_file_is_the_one_djangos_sitemap_writes(client, archive, monkeypatch, limit):
    monkeypatch.setattr(BilingualSitemap, "limit", limit)

    for name, section in SITEMAPS.items():
        pages = section().paginator.num_pages
        assert pages >= 1, name
        for page in range(1, pages + 1):
            response = client.get(f"/sitemap-{name}.xml?p={page}")
            assert response.status_code == 200, (name, page)
            assert response.content == stock_file(name, limit, page), (name, page)
        assert client.get(f"/sitemap-{name}.xml?p={pages + 1}").status_code == 404
    for odd in ("x", "0", "-1", "1.5"):
        assert client.get(f"/sitemap-talks.xml?p={odd}").status_code == 404, odd


def test_a_files_last_modified_is_the_newest_lastmod_it_lists(client, archive, monkeypatch):
    monkeypatch.setattr(BilingualSitemap, "limit", 4)
    stock = StockRows(READERS["talks"], 4)
    stock.get_urls(page=2, site=_Site("testserver"), protocol="http")

    response = client.get("/sitemap-talks.xml?p=2")

    assert response["Last-Modified"]
    assert response["Last-Modified"] == _http_date(stock.latest_lastmod)
    assert "Last-Modified" not in client.get("/sitemap-pages.xml")  # the indexes have none


def _http_date(moment) -> str:
    return http_date(moment.timestamp())


def test_a_file_reads_only_its_own_rows(client, archive, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(BilingualSitemap, "limit", 4)

    with django_assert_num_queries(1):  # the two talks it lists, and no count
        response = client.get("/sitemap-talks.xml?p=2")

    assert response.content.count(b"<url>") == 4
