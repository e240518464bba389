"""Bilingual content on every page kind: an edition's name, city, venue and summary, a
project's description, a gallery's title and a photo's caption shown in the interface's
language, falling back to the other language's value when one is missing (never an empty
heading); a talk's title in the other language as a subtitle marked up in that language;
a value shown by that fallback marked up in the language it is written in.

Each page is asked for in English and in Russian, for content in both languages and for
content in one language only.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from photos.choices import RenditionFormat
from talks.choices import Language
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.html import assert_csp_clean, spoken_languages

pytestmark = pytest.mark.django_db

# The values of each language of the archive built by `archive` below.
EN = {
    "name": "Postgres Days 2016",
    "city": "Saint Petersburg",
    "venue": "Expoforum",
    "summary": "Three days of talks about replication.",
    "description": "Foreign data wrappers in Python.",
    "title": "Opening day",
    "caption": "The hall before the keynote",
    "company": "Dalibo",
}
RU = {
    "name": "Дни Постгреса 2016",
    "city": "Санкт-Петербург",
    "venue": "Экспофорум",
    "summary": "Три дня докладов о репликации.",
    "description": "Обёртки сторонних данных на Python.",
    "title": "День открытия",
    "caption": "Зал перед ключевым докладом",
    "company": "Далибо",
}
OTHER = {"en": RU, "ru": EN}


def get_in(client, language: str, name: str, *args, query: str = ""):
    """The page `name` as a visitor reading `language` asks for it: its address reversed in
    that language (a language prefix, where the URLs have one) and the language asked for
    by the browser and the language cookie."""
    with translation.override(language):
        url = reverse(name, args=args)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url + query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    return response


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _archive(languages: tuple[str, ...]):
    """An edition with a talk about a project, and a gallery with a photo, whose bilingual
    fields hold the EN and RU values of `languages` only (the others left empty)."""
    values = {"en": EN, "ru": RU}

    def columns(field):
        # The factories take the English value as `field` (their rename to field_en).
        return {
            field: EN[field] if "en" in languages else "",
            f"{field}_ru": RU[field] if "ru" in languages else "",
        }

    assert set(languages) <= set(values)
    edition = EditionFactory(
        slug="pgdays-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 5),
        **columns("name"),
        **columns("city"),
        **columns("venue"),
        **columns("summary"),
    )
    project = ProjectFactory(slug="multicorn", name="Multicorn", **columns("description"))
    company = CompanyFactory(
        slug="dalibo",
        name_en=EN["company"] if "en" in languages else "",
        name_ru=RU["company"] if "ru" in languages else "",
        **columns("description"),
    )
    talk = TalkFactory(
        edition=edition,
        slug="multicorn",
        title="Multicorn in practice",
        other_title="Мультикорн на практике",
        language=Language.ENGLISH,
        speakers=[SpeakerFactory(name="Ronan Dunklau", slug="ronan", company=company)],
        projects=[project],
    )
    gallery = GalleryFactory(edition=edition, slug="opening", **columns("title"))
    photo = PhotoFactory(gallery=gallery, alt_text="A full hall", **columns("caption"))
    for fmt in RenditionFormat.values:
        RenditionFactory(photo=photo, format=fmt, width=480, height=360)
    return edition, talk, gallery, photo


# (page, what to reverse, the bilingual fields the page shows). Every page kind.
PAGES = {
    "home": (("conference:home",), ("name", "summary", "title")),
    "edition": (
        ("conference:edition-detail", "pgdays-2016"),
        ("name", "city", "venue", "summary", "title"),
    ),
    "edition list": (("conference:edition-list",), ("name",)),
    "talk": (("talks:talk-detail", "pgdays-2016", "multicorn"), ("name",)),
    "gallery": (("photos:gallery-detail", "pgdays-2016", "opening"), ("name", "title", "caption")),
    "gallery list": (("photos:gallery-list",), ("name", "title")),
    "project": (("talks:project-detail", "multicorn"), ("description",)),
    "project list": (("talks:project-list",), ("description",)),
    "edition feed": (("talks:feed-edition", "pgdays-2016"), ("name", "summary")),
    "talk feed": (("talks:feed-talks",), ("name",)),
    "gallery feed": (("talks:feed-galleries",), ("name", "title")),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_page_shows_content_in_the_interface_language(client, page, language):
    _archive(("en", "ru"))
    (name, *args), fields = PAGES[page]

    text = text_of(get_in(client, language, name, *args))

    shown = {"en": EN, "ru": RU}[language]
    assert {field: shown[field] in text for field in fields} == dict.fromkeys(fields, True)
    assert [OTHER[language][field] for field in fields if OTHER[language][field] in text] == []


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("language", "stored"), [("en", "ru"), ("ru", "en")])
def test_page_falls_back_to_the_other_language(client, page, language, stored):
    """Content in one language only is shown in the other interface language too."""
    _archive((stored,))
    (name, *args), fields = PAGES[page]

    text = text_of(get_in(client, language, name, *args))

    values = {"en": EN, "ru": RU}[stored]
    assert {field: values[field] in text for field in fields} == dict.fromkeys(fields, True)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_talk_page_and_lists_show_the_title_in_the_other_language(client, language):
    _archive(("en", "ru"))

    talk_page = text_of(get_in(client, language, "talks:talk-detail", "pgdays-2016", "multicorn"))
    edition_page = text_of(get_in(client, language, "conference:edition-detail", "pgdays-2016"))

    # An English talk: its other title is Russian, marked up so.
    assert '<h1 lang="en">Multicorn in practice</h1>' in talk_page
    assert '<p class="subtitle" lang="ru">Мультикорн на практике</p>' in talk_page
    assert '<p class="talk-item-subtitle" lang="ru">Мультикорн на практике</p>' in edition_page


def test_search_page_names_the_edition_in_the_interface_language(client):
    _archive(("en", "ru"))

    pages = {
        language: text_of(get_in(client, language, "talks:search", query="?q=multicorn"))
        for language in ("en", "ru")
    }

    assert (EN["name"] in pages["en"], RU["name"] in pages["en"]) == (True, False)
    assert (RU["name"] in pages["ru"], EN["name"] in pages["ru"]) == (True, False)
    assert "Мультикорн на практике" in pages["en"]
    assert_csp_clean(pages["ru"])


@pytest.mark.parametrize(
    ("language", "stored"),
    [("en", ("en", "ru")), ("ru", ("en", "ru")), ("ru", ("en",)), ("en", ("ru",))],
)
def test_api_gives_each_bilingual_field_in_the_request_language_and_both_as_stored(
    client, language, stored
):
    _archive(stored)
    shown = {"en": EN, "ru": RU}[language if language in stored else stored[0]]

    edition = json.loads(text_of(get_in(client, language, "api-v1:get_edition", "pgdays-2016")))
    gallery = json.loads(
        text_of(get_in(client, language, "api-v1:get_gallery", "pgdays-2016", "opening"))
    )
    project = json.loads(text_of(get_in(client, language, "api-v1:get_project", "multicorn")))

    def stored_value(values, field, code):
        return values[field] if code in stored else ""

    for field in ("name", "city", "venue", "summary"):
        assert (edition[field], edition[f"{field}_en"], edition[f"{field}_ru"]) == (
            shown[field],
            stored_value(EN, field, "en"),
            stored_value(RU, field, "ru"),
        )
    assert (gallery["title"], gallery["title_en"], gallery["title_ru"]) == (
        shown["title"],
        stored_value(EN, "title", "en"),
        stored_value(RU, "title", "ru"),
    )
    caption = gallery["photos"][0]
    assert (caption["caption"], caption["caption_en"], caption["caption_ru"]) == (
        shown["caption"],
        stored_value(EN, "caption", "en"),
        stored_value(RU, "caption", "ru"),
    )
    assert (project["description"], project["description_en"], project["description_ru"]) == (
        shown["description"],
        stored_value(EN, "description", "en"),
        stored_value(RU, "description", "ru"),
    )
    assert edition["name"]  # never empty: one language is always there


# The pages in HTML, and the bilingual values each shows as text ("PHOTO": the photo's id).
HTML_PAGES = {page: spec for page, spec in PAGES.items() if "feed" not in page} | {
    "talk": (("talks:talk-detail", "pgdays-2016", "multicorn"), ("name", "company")),
    "company": (("talks:company-detail", "dalibo"), ("company", "description")),
    "company list": (("talks:company-list",), ("company",)),
    "photo": (
        ("photos:photo-detail", "pgdays-2016", "opening", "PHOTO"),
        ("name", "title", "caption"),
    ),
}


def _html_page(client, page: str, language: str, photo) -> str:
    (name, *args), _fields = HTML_PAGES[page]
    args = [photo.pk if arg == "PHOTO" else arg for arg in args]
    return text_of(get_in(client, language, name, *args))


@pytest.mark.parametrize("page", HTML_PAGES)
@pytest.mark.parametrize(("language", "stored"), [("en", "ru"), ("ru", "en")])
def test_a_value_shown_by_fallback_is_marked_in_its_language(client, page, language, stored):
    """An English-only edition name on a Russian page is read as English (lang="en"), and
    every other bilingual value likewise, wherever the page shows it as text."""
    *_, photo = _archive((stored,))

    html = _html_page(client, page, language, photo)

    values = {"en": EN, "ru": RU}[stored]
    fields = HTML_PAGES[page][1]
    spoken = {field: spoken_languages(html, values[field]) for field in fields}
    assert spoken == {field: {stored} for field in fields}


@pytest.mark.parametrize("page", HTML_PAGES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_value_in_the_page_language_is_not_marked(client, page, language):
    *_, photo = _archive(("en", "ru"))

    html = _html_page(client, page, language, photo)

    values = {"en": EN, "ru": RU}[language]
    fields = HTML_PAGES[page][1]
    assert f'<html lang="{language}"' in html
    spoken = {field: spoken_languages(html, values[field]) for field in fields}
    assert spoken == {field: {language} for field in fields}
