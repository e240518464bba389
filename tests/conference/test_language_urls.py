"""An address per language (conference/urls.py, conference/web/language.py): English pages
where they always were, Russian ones under /ru/, the address alone deciding a page's
language; the admin, the API and the staff's pages keep one address and the visitor's
language."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import URLResolver, get_resolver, set_script_prefix
from django.urls.resolvers import LocalePrefixPattern

from conference.web.language import (
    is_localized,
    path_in_language,
)
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory
from tests.html import page_meta

pytestmark = pytest.mark.django_db


def _routes_outside_the_language_prefix(patterns, prefix="/"):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            if not isinstance(pattern.pattern, LocalePrefixPattern):
                yield from _routes_outside_the_language_prefix(pattern.url_patterns, route)
        else:
            yield route


def test_every_path_outside_the_language_prefixes_is_listed_as_such():
    """The middleware tells the two kinds of path apart by UNLOCALIZED_PREFIXES and
    LANGUAGE_NEUTRAL_PATHS: every pattern of the root URLconf outside i18n_patterns must be
    one of them, else it would be answered in English whatever the visitor's language."""
    routes = list(_routes_outside_the_language_prefix(get_resolver().url_patterns))
    assert "/photos/upload/" in routes
    assert [
        route
        for route in routes
        # A parameter stands for a value of it ("sitemap-<slug:section>.xml").
        if is_localized(re.sub(r"<(?:\w+:)?\w+>", "x", route))
    ] == []


@pytest.mark.parametrize(
    ("path", "english", "russian"),
    [
        ("/", "/", "/ru/"),
        ("/ru/", "/", "/ru/"),
        ("/ru", "/", "/ru/"),
        ("/speakers/anna/", "/speakers/anna/", "/ru/speakers/anna/"),
        ("/ru/speakers/anna/", "/speakers/anna/", "/ru/speakers/anna/"),
        # Slugs that begin like a language code are not one.
        ("/rubyconf/", "/rubyconf/", "/ru/rubyconf/"),
        ("/ru/rubyconf/talks/ru/", "/rubyconf/talks/ru/", "/ru/rubyconf/talks/ru/"),
        # No prefix for the default language: /en/ is an edition's address, kept as it is.
        ("/en/", "/en/", "/ru/en/"),
    ],
)
def test_path_in_language(path, english, russian):
    assert path_in_language(path, "en") == english
    assert path_in_language(path, "ru") == russian


def test_path_in_language_keeps_the_script_prefix():
    set_script_prefix("/archive/")
    try:
        assert path_in_language("/archive/speakers/", "ru") == "/archive/ru/speakers/"
        assert path_in_language("/archive/ru/speakers/", "en") == "/archive/speakers/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    ("path", "localized"),
    [
        ("/", True),
        ("/ru/speakers/", True),
        ("/feeds/talks/", True),
        ("/pgconf-2016/schedule.xml", True),
        ("/admin/", False),
        ("/api/v1/search", False),
        ("/photos/upload/", False),
        ("/photos/preview/1/480/", False),
        ("/photos/", True),
        ("/sitemap.xml", False),
        ("/sitemap-talks.xml", False),
        ("/robots.txt", False),
    ],
)
def test_which_paths_have_an_address_per_language(path, localized):
    assert is_localized(path) is localized


def test_old_address_with_a_russian_cookie_is_the_english_page_with_the_switch(client):
    """What a visitor who chose Russian with the old switch (the cookie) finds at an old
    address: the English page, the same for everyone, whose switch leads to /ru/..."""
    client.cookies["django_language"] = "ru"

    response = client.get("/speakers/", headers={"Accept-Language": "ru"})

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert '<a href="/ru/speakers/" lang="ru" hreflang="ru">Русский</a>' in response.text
    assert response["Content-Language"] == "en"
    assert "Cookie" not in response.get("Vary", "")
    assert "Accept-Language" not in response.get("Vary", "")


def test_russian_home_answers_at_ru_with_and_without_the_slash(client):
    assert '<html lang="ru">' in client.get("/ru/").text

    response = client.get("/ru")

    assert response.status_code == 301
    assert response["Location"] == "/ru/"


def test_unknown_russian_address_is_the_russian_404(client):
    response = client.get("/ru/no-such-edition/")

    assert response.status_code == 404
    assert '<html lang="ru">' in response.text


@pytest.mark.parametrize(("cookie", "language"), [("ru", "ru"), ("en", "en"), (None, "en")])
def test_admin_speaks_the_visitors_language(client, cookie, language):
    """The admin has one address: the language cookie (or Accept-Language) chooses."""
    if cookie:
        client.cookies["django_language"] = cookie

    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
    assert response["Content-Language"] == language
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_admin_in_russian_by_accept_language(client):
    response = client.get("/admin/login/", headers={"Accept-Language": "ru"})

    assert 'lang="ru"' in response.text


def test_ru_is_a_reserved_edition_slug():
    edition = EditionFactory.build(slug="ru")
    with pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert "slug" in refused.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(slug="ru")


def test_edition_pages_answer_in_both_languages(client):
    TalkFactory(edition=EditionFactory(slug="rubyconf-2016"), slug="intro")

    assert '<html lang="en">' in client.get("/rubyconf-2016/").text
    assert '<html lang="ru">' in client.get("/ru/rubyconf-2016/").text
    assert client.get("/ru/rubyconf-2016/talks/intro/").status_code == 200


def test_search_page_and_its_form_in_russian(client):
    TalkFactory(title="Logical replication explained")

    response = client.get("/ru/search/", {"q": "replication"})

    assert response.status_code == 200
    assert '<html lang="ru">' in response.text
    assert 'action="/ru/search/"' in response.text
    assert "Logical replication explained" in response.text
    meta = page_meta(response.text)
    assert meta.links["canonical"] == ["http://testserver/ru/search/"]
    assert meta.hreflang["en"] == "http://testserver/search/"


def test_opensearch_in_each_language_searches_its_own_pages(client):
    english = client.get("/opensearch.xml").text
    russian = client.get("/ru/opensearch.xml").text

    assert 'template="http://testserver/search/?q={searchTerms}"' in english
    assert 'template="http://testserver/ru/search/?q={searchTerms}"' in russian
    assert "<ShortName>Доклады о PostgreSQL</ShortName>" in russian
    # Each page's head offers the description in its language.
    assert 'href="/ru/opensearch.xml"' in client.get("/ru/").text
    assert 'href="/opensearch.xml"' in client.get("/").text


def test_suggestions_link_the_pages_in_the_language_asked_for(client):
    speaker = SpeakerFactory(name="Anna Karenina", slug="anna")
    TalkFactory(speakers=[speaker])

    english = client.get("/api/v1/suggest", {"q": "Anna"}).json()["suggestions"]
    russian = client.get("/api/v1/suggest", {"q": "Anna", "lang": "ru"}).json()["suggestions"]
    unknown = client.get("/api/v1/suggest", {"q": "Anna", "lang": "xx"}).json()["suggestions"]

    assert [item["url"] for item in english] == ["http://testserver/speakers/anna/"]
    assert [item["url"] for item in russian] == ["http://testserver/ru/speakers/anna/"]
    assert unknown == english


def test_robots_and_sitemap_have_one_address(client):
    assert client.get("/ru/robots.txt").status_code == 404
    assert client.get("/ru/sitemap.xml").status_code == 404
    response = client.get("/sitemap.xml", headers={"Accept-Language": "ru"})
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
