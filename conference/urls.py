"""The root URLconf.

Edition pages live at the root (/<slug>/), so the conference patterns come last: every
other top-level path is matched first, and the Edition model refuses slugs that would
collide with them (conference.models.RESERVED_EDITION_SLUGS).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from conference import views
from conference.sitemaps import SITEMAPS
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
    # Django's POST language switch, kept for anyone posting to it; the site's own switcher
    # is a row of links to switch-language (GET: see conference.views.switch_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<slug:code>/", views.switch_language, name="switch-language"),
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "conference/sitemap.xml"},
        name="sitemap",
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
    path("", include("talks.urls")),
    path("", include("photos.urls")),
    path("", include((conference_patterns, "conference"))),
]


def bench_trivial(request):
    """The ceiling of this stack for bench/http.py: every middleware, no query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


if settings.BENCH_TRIVIAL_VIEW:
    # Before the edition pattern, which would take any other single path segment.
    urlpatterns.insert(0, path("bench-trivial/", bench_trivial))
