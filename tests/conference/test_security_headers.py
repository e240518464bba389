"""Security headers and a CSP-clean body on every kind of HTML page the site serves.

Every public route of the URLconf (tests/routes.py) is either one of the HTML pages below,
each rendered with content that fills its template (speakers with companies, slides, a
video, photos), or named as not HTML. A new page therefore fails
test_every_html_route_is_checked until it is added here.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from talks.topics import Topic
from tests.factories import (
    CompanyFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
)
from tests.html import csp_violations
from tests.routes import public_routes

pytestmark = pytest.mark.django_db

# Routes that answer with something other than an HTML page.
NOT_HTML_PREFIXES = ("api/v1/", "feeds/")  # JSON; Atom
# .zip: photo downloads (photos/download_views.py); the page a large one answers without
# ?part= is axe-checked in tests/browser/test_photo_download.py.
NOT_HTML_SUFFIXES = (".xml", ".json", ".ics", ".txt", ".ico", ".zip", ".pdf")
NOT_HTML = {
    "language/<slug:code>/": "a redirect that sets the language",
    "photos/upload/file/": "the upload page's JSON endpoint (POST)",
    "photos/batches/<int:pk>/clock/": "a form handler that redirects (POST)",
    "photos/upload/chunked/": "the resumable upload's JSON endpoints (photos/chunked.py)",
    "photos/upload/chunked/<uuid:pk>/": "the resumable upload's JSON endpoints",
    "photos/upload/chunked/<uuid:pk>/complete/": "the resumable upload's JSON endpoints",
    "photos/preview/<int:pk>/<int:width>/": "a JPEG for staff (photos/previews.py)",
}

FTS = "full-text-search"  # a seeded topic
TAKEDOWN = "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/takedown/"
# name: (route, expected status). The URLs come from the `archive` fixture.
PAGES = {
    "home": ("", 200),
    "edition list": ("editions/", 200),
    "edition": ("<slug:slug>/", 200),
    "talk": ("<slug:edition_slug>/talks/<slug:slug>/", 200),
    "talk with a PeerTube player": ("<slug:edition_slug>/talks/<slug:slug>/", 200),
    "speaker list": ("speakers/", 200),
    "speaker": ("speakers/<slug:slug>/", 200),
    "company list": ("companies/", 200),
    "company": ("companies/<slug:slug>/", 200),
    "project list": ("projects/", 200),
    "project": ("projects/<slug:slug>/", 200),
    "topic list": ("topics/", 200),
    "topic": ("topics/<slug:slug>/", 200),
    "timetable": ("<slug:edition_slug>/timetable/", 200),
    "timetable day": ("<slug:edition_slug>/timetable/<slug:day>/", 200),
    "my talks": ("editions/my-talks/", 200),
    "search form": ("search/", 200),
    "search results": ("search/", 200),
    "search without results": ("search/", 200),
    "gallery list": ("photos/", 200),
    "gallery": ("<slug:edition_slug>/photos/<slug:slug>/", 200),
    "photo": ("<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/", 200),
    # POST only: the photo page again, with the form's errors.
    "photo takedown refused": (TAKEDOWN, 400),
    "photo upload (photographer)": ("photos/upload/", 200),
    "upload batches (photographer)": ("photos/batches/", 200),
    "photo moderation (organiser)": ("photos/moderation/", 200),
    "admin login": (None, 200),
    "not found": (None, 404),
}
SIGNED_IN_AS_PHOTOGRAPHER = {"photo upload (photographer)", "upload batches (photographer)"}
SIGNED_IN_AS_ORGANISER = {"photo moderation (organiser)"}
POSTED = {"photo takedown refused"}


@pytest.fixture
def archive() -> dict[str, str]:
    """One of everything a page shows, and the URL of each page in PAGES."""
    company = CompanyFactory(name="Postgres Professional")
    speaker = SpeakerFactory(name="Oleg Bartunov", company=company)
    project = ProjectFactory(name="Multicorn")
    talk = TalkFactory(
        title="Full-text search",
        speakers=[speaker],
        projects=[project],
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    talk.slides_file.save("fts.pdf", ContentFile(b"%PDF-1.4\nstartxref\n0\n%%EOF\n"))
    peertube = TalkFactory(
        edition=talk.edition,
        speakers=[speaker],
        video_url="https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
    )
    gallery = GalleryFactory(edition=talk.edition, talk=talk)
    photo = PhotoFactory(gallery=gallery, speakers=[speaker])
    RenditionFactory(photo=photo)
    edition = talk.edition
    second_day = talk.start + datetime.timedelta(days=1)
    TalkFactory(edition=edition, title="Day two", speakers=[speaker], start=second_day)
    return {
        "home": "/",
        "edition list": reverse("conference:edition-list"),
        "edition": edition.get_absolute_url(),
        "talk": talk.get_absolute_url(),
        "talk with a PeerTube player": peertube.get_absolute_url(),
        "speaker list": reverse("talks:speaker-list"),
        "speaker": speaker.get_absolute_url(),
        "company list": reverse("talks:company-list"),
        "company": company.get_absolute_url(),
        "project list": reverse("talks:project-list"),
        "project": project.get_absolute_url(),
        "topic list": reverse("talks:topic-list"),
        # A topic the talk's title names (talks/topic_seed/), found by the database.
        "topic": Topic.objects.get(
            talk_topics__talk=talk, slug="full-text-search"
        ).get_absolute_url(),
        "timetable": reverse("talks:timetable", kwargs={"edition_slug": edition.slug}),
        "timetable day": reverse(
            "talks:timetable-day",
            kwargs={"edition_slug": edition.slug, "day": timezone.localdate(second_day)},
        ),
        "my talks": reverse("talks:my-talks"),
        "search form": reverse("talks:search"),
        "search results": reverse("talks:search") + "?q=search",
        "search without results": reverse("talks:search") + "?q=zzzzqqq",
        "gallery list": reverse("photos:gallery-list"),
        "gallery": gallery.get_absolute_url(),
        "photo": photo.get_absolute_url(),
        "photo takedown refused": reverse(
            "photos:photo-takedown",
            kwargs={"edition_slug": edition.slug, "gallery_slug": gallery.slug, "pk": photo.pk},
        ),
        "photo upload (photographer)": reverse("photo-staff:upload"),
        "upload batches (photographer)": reverse("photo-staff:batches"),
        "photo moderation (organiser)": reverse("photo-staff:moderation"),
        "admin login": reverse("admin:login"),
        "not found": "/no-such-edition/",
    }


def csp_directives(response) -> dict[str, str]:
    csp = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())


def html_routes() -> set[str]:
    return {
        route.route
        for route in public_routes()
        if not route.route.startswith(NOT_HTML_PREFIXES)
        and not route.route.endswith(NOT_HTML_SUFFIXES)
        and route.route not in NOT_HTML
    }


def test_every_html_route_is_checked():
    assert html_routes() == {route for route, _ in PAGES.values() if route is not None}


@pytest.mark.parametrize("name", PAGES)
def test_page_sends_strict_csp_and_has_no_inline_script_or_style(client, archive, name):
    if name in SIGNED_IN_AS_PHOTOGRAPHER:
        client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))
    if name in SIGNED_IN_AS_ORGANISER:
        client.force_login(StaffFactory(groups=[ORGANISERS]))

    response = client.post(archive[name]) if name in POSTED else client.get(archive[name])

    assert response.status_code == PAGES[name][1]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-" not in response["Content-Security-Policy"]
    assert csp_violations(response.content.decode()) == []


def test_talk_page_with_peertube_player_allows_that_player_only(client, archive):
    frame_src = csp_directives(client.get(archive["talk with a PeerTube player"]))["frame-src"]

    assert frame_src.split() == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://tube.example.org",
    ]


def test_home_sends_referrer_opener_and_permissions_policies(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


# --- the checker itself ------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<button type="button" onclick="go()">Go</button>',
        '<BODY ONLOAD="go()">',
        '<img src="/x.png" alt="" onerror="go()">',
        '<svg><a onmouseover="go()"/></svg>',
        '<p style="color: red">Red</p>',
        "<style>p { color: red }</style>",
        "<script>go()</script>",
        '<script type="module">go()</script>',
        '<a href=" JavaScript:go()">Go</a>',
        '<form action="javascript:go()"></form>',
    ],
)
def test_checker_finds_what_the_csp_blocks(html):
    assert len(csp_violations(f"<!doctype html><html><body>{html}</body></html>")) == 1


def test_checker_passes_what_the_csp_allows():
    html = """<!doctype html><html><head>
    <script src="/static/js/search.js" defer></script>
    <script type="application/ld+json">{"@type": "Event"}</script>
    <link rel="stylesheet" href="/static/css/site.css"></head>
    <body><p>Set onclick="x" or style="y" in text: neither is an attribute.</p>
    <a href="/talks/" data-online="yes" class="onclick">Talks</a></body></html>"""

    assert csp_violations(html) == []
