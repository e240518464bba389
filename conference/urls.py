"""The root URLconf.

Public pages have an address per language (i18n_patterns): the English ones where they
always were, unprefixed, the Russian ones under /ru/; the address alone decides the
language (conference/web/language.py). The admin, the JSON API, the staff's photo pages,
media, robots.txt and the sitemaps have one address (they are not pages in a language, or
are for staff, who read them in the language of their cookie); their prefixes are
conference.web.language.UNLOCALIZED_PREFIXES.

Edition pages live at the root (/<slug>/ and /ru/<slug>/), so the conference patterns come
last: every other top-level path is matched first, and the Edition model refuses slugs
that would collide with them (conference.models.RESERVED_EDITION_SLUGS, "ru" included).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from conference import sitemaps, views
from conference.web.media import media_urlpatterns
from talks import api
from talks.api_v1 import api as api_v1
from talks.api_v1.index import api_index


def read_only(urls):
    """An included URLconf whose every view refuses methods but GET and HEAD (405)."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback = require_safe(pattern.callback)
    return patterns, app_name, namespace


conference_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("editions/", views.EditionListView.as_view(), name="edition-list"),
    path("<slug:slug>/", views.EditionDetailView.as_view(), name="edition-detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Django's POST language switch and our GET one (conference.views.switch_language), kept
    # for anyone posting to or linking them: each remembers the language in the cookie and
    # redirects to the page's address in it. The site's own switch links that address.
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<slug:code>/", views.switch_language, name="switch-language"),
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # The sitemap index, and each section's file (conference/sitemaps.py); a name with a dot
    # is never an edition's slug.
    path("sitemap.xml", require_safe(sitemaps.index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "conference/sitemap.xml"},
        name=sitemaps.SECTION_URL_NAME,
    ),
    path("api/v1/search", api.search, name="api-search"),
    path("api/v1/suggest", api.suggestions, name="api-suggest"),
    # Everything else under /api/v1/ (talks/api_v1/), with /api/v1/openapi.json; the two
    # paths above come first and keep answering exactly as before.
    # The page for people at /api/v1/ itself, listing the endpoints below it.
    path("api/v1/", api_index, name="api-index"),
    path("api/v1/", read_only(api_v1.urls)),
    # Public media in development only (empty when DEBUG is off), downloaded unless a
    # picture (conference/web/media.py).
    *media_urlpatterns(),
    path("", include("photos.staff_urls")),
    *i18n_patterns(
        path("", include("talks.urls")),
        path("", include("photos.urls")),
        path("", include((conference_patterns, "conference"))),
        prefix_default_language=False,
    ),
]


def bench_trivial(request):
    """The ceiling of this stack for bench/http.py: every middleware, no query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


if settings.BENCH_TRIVIAL_VIEW:
    # Before the edition pattern, which would take any other single path segment.
    urlpatterns.insert(0, path("bench-trivial/", bench_trivial))
