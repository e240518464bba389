"""conference/web/page_cache.py: public pages cached for anonymous visitors, never stale.

Every test here runs with the page cache on (the suite keeps it off elsewhere). The
requests of a test share its transaction, as the version's triggers allow for (see
ArchiveVersion.current).
"""

import gzip
import re

import pytest
from django.conf import settings as project_settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conference.web.page_cache import placeholder_bytes
from photos.choices import PhotoStatus
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.talks.import_helpers import FIXTURES

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    # Versions of rolled-back tests come back in the next test (its transaction counts
    # from the same committed row): start each test with an empty cache.
    caches["pages"].clear()


@pytest.fixture
def visitor():
    """An anonymous visitor, separate from the `client` organiser_client signs in."""
    return Client()


def talk_page(**kwargs):
    """A published talk with a speaker, and the address of its page."""
    talk = TalkFactory(speakers=[SpeakerFactory()], **kwargs)
    return talk, talk.get_absolute_url()


def test_second_anonymous_get_runs_only_the_version_query(visitor, django_assert_num_queries):
    _, url = talk_page(title="Multicorn in production")

    first = visitor.get(url)
    with django_assert_num_queries(1):
        second = visitor.get(url)

    assert first.status_code == second.status_code == 200
    assert "Multicorn in production" in second.text
    assert second.content == first.content
    # Nothing of the visitor's own in it: one ETag for everyone, and shared caches may keep it.
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    # The address alone says the language (/ru/...): nothing the visitor sends but the
    # encoding they accept changes the page.
    assert second["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("page", ["talk", "speaker", "edition"])
def test_public_page_has_no_csrf_token_and_sets_no_cookie(visitor, page):
    talk, talk_url = talk_page()
    url = {
        "talk": talk_url,
        "speaker": talk.speakers.get().get_absolute_url(),
        "edition": talk.edition.get_absolute_url(),
    }[page]

    missed, hit = visitor.get(url), visitor.get(url)

    for response in (missed, hit):
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" not in response.content
        assert project_settings.CSRF_COOKIE_NAME not in response.cookies
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert project_settings.CSRF_COOKIE_NAME not in visitor.cookies


def test_cache_hit_sends_the_page_gzipped_once_for_all(
    settings, visitor, django_assert_num_queries
):
    talk, _ = talk_page()
    url = talk.edition.get_absolute_url()
    settings.PAGE_CACHE_SECONDS = 0
    uncached = visitor.get(url)
    settings.PAGE_CACHE_SECONDS = 600

    stored = visitor.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    with django_assert_num_queries(1):
        hit = visitor.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})

    for response in (stored, hit):  # the miss that stores the page sends it gzipped too
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == uncached.content
        assert response["Content-Length"] == str(len(response.content))
        assert response["ETag"] == f"W/{uncached['ETag']}"
        assert "Accept-Encoding" in {part.strip() for part in response["Vary"].split(",")}
    # Compressed once: the same bytes for everyone, no per-response padding.
    assert hit.content == stored.content
    assert len(hit.content) < len(uncached.content) / 2


@pytest.mark.parametrize("form", ["weak", "strong"])
def test_if_none_match_with_either_form_of_the_gzip_etag_is_304(
    visitor, django_assert_num_queries, form
):
    _, url = talk_page()
    weak = visitor.get(url, headers={"Accept-Encoding": "gzip"})["ETag"]
    etag = weak if form == "weak" else weak.removeprefix("W/")

    with django_assert_num_queries(1):
        response = visitor.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})

    assert weak.startswith('W/"')
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == weak


def test_cache_hit_without_accept_encoding_is_the_plain_page(visitor, settings):
    _, url = talk_page(title="Plain for old clients")
    settings.PAGE_CACHE_SECONDS = 0
    uncached = visitor.get(url)
    settings.PAGE_CACHE_SECONDS = 600
    visitor.get(url, headers={"Accept-Encoding": "gzip"})  # stored gzipped

    response = visitor.get(url)

    assert not response.has_header("Content-Encoding")
    assert response.content == uncached.content  # unzipped from the stored copy
    assert "Plain for old clients" in response.text
    assert response["ETag"] == uncached["ETag"]


def test_small_pages_are_cached_without_a_gzipped_copy(visitor, django_assert_num_queries):
    url = reverse("robots-txt")
    visitor.get(url, headers={"Accept-Encoding": "gzip"})

    with django_assert_num_queries(1):
        response = visitor.get(url, headers={"Accept-Encoding": "gzip"})

    assert len(response.content) < 200
    assert not response.has_header("Content-Encoding")
    assert response.text.startswith("User-agent: *")


def test_talk_change_in_admin_shows_on_next_anonymous_get(visitor, organiser_client):
    talk, url = talk_page(title="Old title")
    visitor.get(url)

    response = organiser_client.post(
        reverse("admin:talks_talk_change", args=[talk.pk]),
        {
            "edition": talk.edition.pk,
            "title": "New title",
            "slug": talk.slug,
            "abstract": talk.abstract,
            "language": "en",
            "kind": "talk",
            "is_published": "on",
            "talk_speakers-TOTAL_FORMS": 0,
            "talk_speakers-INITIAL_FORMS": 0,
            "talk_speakers-MIN_NUM_FORMS": 0,
            "talk_speakers-MAX_NUM_FORMS": 1000,
            # The topics inline (talks/topic_admin.py), left as it is.
            "talk_topics-TOTAL_FORMS": 0,
            "talk_topics-INITIAL_FORMS": 0,
            "talk_topics-MIN_NUM_FORMS": 0,
            "talk_topics-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302

    page = visitor.get(url).text
    assert "New title" in page
    assert "Old title" not in page


def test_publish_action_update_shows_on_next_anonymous_get(visitor, organiser_client):
    edition = EditionFactory()
    draft = TalkFactory(edition=edition, title="Draft becoming public", is_published=False)
    url = edition.get_absolute_url()
    assert "Draft becoming public" not in visitor.get(url).text

    organiser_client.post(
        reverse("admin:talks_talk_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )

    assert "Draft becoming public" in visitor.get(url).text


def test_import_shows_on_next_anonymous_get(visitor):
    url = reverse("conference:edition-list")
    assert "PG Archive Conference 2024" not in visitor.get(url).text

    call_command("import_frab", str(FIXTURES / "frab.xml"), "--publish", stdout=None)

    assert "PG Archive Conference 2024" in visitor.get(url).text


def test_published_photo_shows_in_gallery_on_next_anonymous_get(visitor, organiser_client):
    gallery = GalleryFactory()
    photo = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING, alt_text="Hall at dawn")
    RenditionFactory(photo=photo)
    url = gallery.get_absolute_url()
    assert "Hall at dawn" not in visitor.get(url).text

    organiser_client.post(
        reverse("admin:photos_photo_changelist"),
        {"action": "publish_photos", "_selected_action": [photo.pk]},
    )

    assert "Hall at dawn" in visitor.get(url).text


def test_if_none_match_answers_304_from_the_cache(visitor, django_assert_num_queries):
    _, url = talk_page()
    etag = visitor.get(url)["ETag"]

    with django_assert_num_queries(1):
        response = visitor.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_with_an_old_etag_gets_the_new_page(visitor):
    talk, url = talk_page(title="Before")
    etag = visitor.get(url)["ETag"]
    talk.title = "After"
    talk.save()

    response = visitor.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "After" in response.text
    assert response["ETag"] != etag


def test_staff_never_get_a_cached_page(visitor, organiser_client):
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Public talk")
    TalkFactory(edition=edition, title="Draft talk", is_published=False)
    url = edition.get_absolute_url()
    visitor.get(url)

    staff_page = organiser_client.get(url)

    assert "Draft talk" in staff_page.text
    assert "private" in staff_page["Cache-Control"]
    assert "no-cache" in staff_page["Cache-Control"]
    assert "public" not in staff_page["Cache-Control"]
    # ...and the staff page, drafts and all, was not stored for the public either.
    public_page = visitor.get(url).text
    assert "Public talk" in public_page
    assert "Draft talk" not in public_page


def photo_page():
    """A published photo, the address of its page and of its takedown form."""
    photo = PhotoFactory()
    RenditionFactory(photo=photo)
    takedown = reverse(
        "photos:photo-takedown",
        kwargs={
            "edition_slug": photo.gallery.edition.slug,
            "gallery_slug": photo.gallery.slug,
            "pk": photo.pk,
        },
    )
    return photo.get_absolute_url(), takedown


TAKEDOWN_FORM = {"reason": "That is me, please take it down.", "contact": ""}


def test_cached_photo_page_gives_each_visitor_their_own_csrf_token(django_assert_num_queries):
    url, takedown = photo_page()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page = first.get(url)
    with django_assert_num_queries(1):
        second_page = second.get(url)

    first_token = TOKEN.search(first_page.content).group(1).decode()
    second_token = TOKEN.search(second_page.content).group(1).decode()
    # The page with the form is the visitor's own: private, with their CSRF cookie.
    assert second_page["Cache-Control"] == "max-age=0, must-revalidate, private"
    assert project_settings.CSRF_COOKIE_NAME in second_page.cookies
    # Another visitor's token is refused, the visitor's own is accepted.
    form = TAKEDOWN_FORM
    assert second.post(takedown, {**form, "csrfmiddlewaretoken": first_token}).status_code == 403
    assert second.post(takedown, {**form, "csrfmiddlewaretoken": second_token}).status_code == 302


def test_cached_photo_page_is_gzipped_per_response_with_the_visitors_token():
    url, takedown = photo_page()
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url, headers={"Accept-Encoding": "gzip"})

    response = visitor.get(url, headers={"Accept-Encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content)
    assert placeholder_bytes() not in page
    token = TOKEN.search(page).group(1).decode()
    assert (
        visitor.post(takedown, {**TAKEDOWN_FORM, "csrfmiddlewaretoken": token}).status_code == 302
    )


def test_language_versions_of_a_page_are_cached_apart_by_address(
    visitor, django_assert_num_queries
):
    english_url = reverse("conference:edition-list")
    with translation.override("ru"):
        russian_url = reverse("conference:edition-list")
    assert russian_url == "/ru/editions/"
    english = visitor.get(english_url)
    russian = visitor.get(russian_url)

    with django_assert_num_queries(1):
        russian_again = visitor.get(russian_url)
    with django_assert_num_queries(1):
        english_again = visitor.get(english_url)

    assert '<html lang="ru">' in russian.text
    assert '<html lang="ru">' in russian_again.text
    assert '<html lang="en">' in english.text
    assert '<html lang="en">' in english_again.text
    assert russian_again["ETag"] != english_again["ETag"]


@pytest.mark.parametrize(
    ("cookie", "accept_language"), [("ru", ""), ("", "ru"), ("ru", "ru"), ("en", "en")]
)
def test_page_is_in_its_addresss_language_whatever_the_visitor_sends(
    visitor, django_assert_num_queries, cookie, accept_language
):
    """The language cookie (the old switch's) or Accept-Language never decide a public
    page: the unprefixed address is English, /ru/... Russian, one cached copy each."""
    url = reverse("conference:edition-list")
    english, russian = visitor.get(url), visitor.get(f"/ru{url}")
    if cookie:
        visitor.cookies[project_settings.LANGUAGE_COOKIE_NAME] = cookie

    with django_assert_num_queries(2):
        answers = [
            visitor.get(address, headers={"Accept-Language": accept_language})
            for address in (url, f"/ru{url}")
        ]

    assert [answer.content for answer in answers] == [english.content, russian.content]
    assert ['<html lang="en">' in english.text, '<html lang="ru">' in russian.text] == [True] * 2
    assert [answer["Content-Language"] for answer in answers] == ["en", "ru"]
    for answer in answers:
        assert answer["Vary"] == "Accept-Encoding"


def test_api_answers_in_the_visitors_language_and_says_it_varies(visitor):
    """The API has one address (/api/...): the visitor's cookie or Accept-Language choose
    the language of the links it gives, cached apart, or `lang` in the query string."""
    path = TalkFactory(title="Logical replication explained").get_absolute_url()
    url = reverse("api-search")

    english = visitor.get(url, {"q": "replication"})
    russian = visitor.get(url, {"q": "replication"}, headers={"Accept-Language": "ru"})
    russian_again = visitor.get(url, {"q": "replication"}, headers={"Accept-Language": "ru"})
    by_parameter = visitor.get(url, {"q": "replication", "lang": "ru"})

    assert english.json()["results"][0]["url"] == f"http://testserver{path}"
    assert russian.json()["results"][0]["url"] == f"http://testserver/ru{path}"
    assert russian_again.content == russian.content
    assert by_parameter.json()["results"][0]["url"] == f"http://testserver/ru{path}"
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in russian["Vary"].split(",")}
    assert "Cookie" not in by_parameter["Vary"]


def test_search_api_is_cached_per_query_string(visitor, django_assert_num_queries):
    TalkFactory(title="Logical replication explained")
    TalkFactory(title="Vacuum internals")
    url = reverse("api-search")
    visitor.get(url, {"q": "replication"})
    visitor.get(url, {"q": "vacuum"})

    with django_assert_num_queries(1):
        replication = visitor.get(url, {"q": "replication"}).json()
    with django_assert_num_queries(1):
        vacuum = visitor.get(url, {"q": "vacuum"}).json()

    assert [result["title"] for result in replication["results"]] == [
        "Logical replication explained"
    ]
    assert [result["title"] for result in vacuum["results"]] == ["Vacuum internals"]


def test_cached_talk_page_keeps_its_video_player_in_the_csp(visitor):
    video = "https://tube.example.org/videos/watch/9c9de5e8-0a1b-4f2c-9a7d-1c2b3d4e5f60"
    _, url = talk_page(video_url=video)
    visitor.get(url)

    cached = visitor.get(url)

    assert "https://tube.example.org" in cached["Content-Security-Policy"]


def test_pages_that_are_not_shareable_are_not_cached(visitor, django_assert_max_num_queries):
    visitor.get("/no-such-edition/")

    with django_assert_max_num_queries(99) as captured:
        response = visitor.get("/no-such-edition/")

    assert len(captured.captured_queries) > 1  # the version, then the lookup: rendered again
    assert response.status_code == 404
    assert "ETag" not in response


def test_page_cache_seconds_zero_renders_every_time_and_keeps_etags(
    settings, visitor, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    _, url = talk_page(title="Always fresh")
    first = visitor.get(url)

    with django_assert_max_num_queries(99) as captured:
        second = visitor.get(url, headers={"If-None-Match": first["ETag"]})

    assert len(captured.captured_queries) > 1  # rendered, not served from a cache
    assert "archiveversion" not in " ".join(q["sql"] for q in captured.captured_queries)
    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]


def test_a_changed_csrf_cookie_gets_the_page_again_with_a_working_token(visitor):
    """A browser's copy of the photo page holds a token made from its cookie then: after
    the cookie changed (cleared, or rotated by a sign-in), a 304 would leave it with a
    token that fails."""
    url, _ = photo_page()
    visitor.get(url)
    etag = visitor.get(url)["ETag"]
    visitor.cookies.clear()

    response = visitor.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_language_switch_is_never_cached(visitor, django_assert_num_queries):
    url = reverse("switch-language", kwargs={"code": "ru"}) + "?next=/speakers/"

    with django_assert_num_queries(0):  # not even the version: the page cache stays out
        responses = [visitor.get(url), visitor.get(url)]

    for response in responses:
        assert response.status_code == 302
        assert response.cookies[project_settings.LANGUAGE_COOKIE_NAME].value == "ru"
        assert response["Cache-Control"] == "no-store"
        assert "ETag" not in response
