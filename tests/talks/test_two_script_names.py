"""Speakers' and companies' names in the reader's script (issue 18, item 3): Cyrillic in
the Russian interface, Latin in the English one, the other spelling where one is missing,
on every page kind, the feeds, the API, search, facets and suggestions."""

import re

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from talks.facets import FACET_NAMES
from talks.search import search_talks
from talks.suggestions import suggest
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive():
    """A talk by a speaker with both spellings (at a company with both), one with only a
    Latin name and one with only a Cyrillic name."""
    edition = EditionFactory(slug="pgconf-2016", name="PGConf 2016")
    bars = CompanyFactory(
        name_en="BARS Group",
        name_ru="БАРС Груп",
        slug="bars-group",
        description_en="Healthcare information systems.",
        description_ru="Медицинские информационные системы.",
    )
    ivan = SpeakerFactory(name_en="Ivan Panchenko", name_ru="Иван Панченко", slug="ivan")
    ronan = SpeakerFactory(name="Ronan Dunklau", slug="ronan")
    oleg = SpeakerFactory(name="Олег Бартунов", slug="oleg")
    talk = TalkFactory(edition=edition, slug="migration", title="Migrating from Oracle")
    TalkSpeakerFactory(talk=talk, speaker=ivan, company=bars, position=0)
    TalkSpeakerFactory(talk=talk, speaker=ronan, company=None, position=1)
    TalkSpeakerFactory(talk=talk, speaker=oleg, company=None, position=2)
    return {"edition": edition, "talk": talk, "bars": bars, "ivan": ivan}


def get(client, language: str, name: str, **kwargs):
    """The page `name` in `language`: its address reversed in that language (a language
    prefix, where the site has one) and the language asked for as browsers do."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response


def link_texts(html: str, href_part: str) -> list[str]:
    """The opening tag's attributes and text of every link to an address containing
    `href_part`: ' lang="ru">Олег Бартунов'."""
    pattern = rf'<a href="[^"]*{re.escape(href_part)}[^"]*"([^>]*>[^<]*)</a>'
    return re.findall(pattern, html)


# Each credit in the reader's script; a name shown in the other script says its language.
CREDITS = {
    "en": {
        "/speakers/ivan/": ">Ivan Panchenko",
        "/speakers/ronan/": ">Ronan Dunklau",
        "/speakers/oleg/": ' lang="ru">Олег Бартунов',
        "/companies/bars-group/": ">BARS Group",
    },
    "ru": {
        "/speakers/ivan/": ">Иван Панченко",
        "/speakers/ronan/": ' lang="en">Ronan Dunklau',
        "/speakers/oleg/": ">Олег Бартунов",
        "/companies/bars-group/": ">БАРС Груп",
    },
}


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    ("page", "kwargs"),
    [
        ("talks:talk-detail", {"edition_slug": "pgconf-2016", "slug": "migration"}),
        ("conference:edition-detail", {"slug": "pgconf-2016"}),
    ],
)
def test_talk_credits_in_the_reader_script(client, archive, language, page, kwargs):
    html = get(client, language, page, **kwargs).content.decode()

    for href, text in CREDITS[language].items():
        assert text in link_texts(html, href), (href, link_texts(html, href))
    assert_csp_clean(html)


@pytest.mark.parametrize(
    ("language", "names"),
    [
        # By the name shown: Latin A to Z, then Cyrillic.
        ("en", ["Ivan Panchenko", "Ronan Dunklau", "Олег Бартунов"]),
        ("ru", ["Ronan Dunklau", "Иван Панченко", "Олег Бартунов"]),
    ],
)
def test_speaker_index_in_the_reader_script(client, archive, language, names):
    response = get(client, language, "talks:speaker-list")

    shown = [speaker.name for group in response.context["groups"] for speaker in group.speakers]
    assert shown == names


@pytest.mark.parametrize(
    ("language", "heading", "other"),
    [
        (
            "en",
            "<h1>Ivan Panchenko</h1>",
            '<p class="other-name muted" lang="ru">Иван Панченко</p>',
        ),
        (
            "ru",
            "<h1>Иван Панченко</h1>",
            '<p class="other-name muted" lang="en">Ivan Panchenko</p>',
        ),
    ],
)
def test_speaker_page_shows_the_other_spelling_beneath(client, archive, language, heading, other):
    html = get(client, language, "talks:speaker-detail", slug="ivan").content.decode()

    assert heading in html
    assert other in html
    assert_csp_clean(html)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_speaker_page_with_one_spelling_falls_back_and_says_its_language(client, archive, language):
    html = get(client, language, "talks:speaker-detail", slug="oleg").content.decode()

    expected = "<h1>Олег Бартунов</h1>" if language == "ru" else '<h1 lang="ru">Олег Бартунов</h1>'
    assert expected in html
    assert 'class="other-name' not in html


@pytest.mark.parametrize(
    ("language", "heading", "other", "description"),
    [
        ("en", "BARS Group", "БАРС Груп", "Healthcare information systems."),
        ("ru", "БАРС Груп", "BARS Group", "Медицинские информационные системы."),
    ],
)
def test_company_page_and_index_in_the_reader_script(
    client, archive, language, heading, other, description
):
    html = get(client, language, "talks:company-detail", slug="bars-group").content.decode()
    index = get(client, language, "talks:company-list").content.decode()

    assert f"<h1>{heading}</h1>" in html
    assert f">{other}</p>" in html
    assert description in html
    assert link_texts(index, "/companies/bars-group/") == [f">{heading}"]


@pytest.mark.parametrize(
    ("language", "authors", "title"),
    [
        ("en", "Ivan Panchenko, Ronan Dunklau, Олег Бартунов", "Talks by Ivan Panchenko"),
        ("ru", "Иван Панченко, Ronan Dunklau, Олег Бартунов", "Иван Панченко"),
    ],
)
def test_feeds_name_authors_in_the_reader_script(client, archive, language, authors, title):
    newest = ET.fromstring(get(client, language, "talks:feed-talks").content)
    speaker = ET.fromstring(get(client, language, "talks:feed-speaker", slug="ivan").content)

    assert [e.findtext(f"{ATOM}author/{ATOM}name") for e in newest.iter(f"{ATOM}entry")] == [
        authors
    ]
    assert title in speaker.findtext(f"{ATOM}title")


@pytest.mark.parametrize(("language", "name"), [("en", "Ivan Panchenko"), ("ru", "Иван Панченко")])
def test_api_gives_the_name_of_the_request_language_and_both_spellings(
    client, archive, language, name
):
    talk = client.get("/api/v1/talks/pgconf-2016/migration", HTTP_ACCEPT_LANGUAGE=language).json()
    speaker = client.get("/api/v1/speakers/ivan", HTTP_ACCEPT_LANGUAGE=language).json()
    company = client.get("/api/v1/companies/bars-group", HTTP_ACCEPT_LANGUAGE=language).json()

    credit = talk["speakers"][0]
    assert (credit["name"], credit["name_en"], credit["name_ru"]) == (
        name,
        "Ivan Panchenko",
        "Иван Панченко",
    )
    assert credit["company"]["name_en"] == "BARS Group"
    assert credit["company"]["name_ru"] == "БАРС Груп"
    assert [c["name"] for c in talk["speakers"][1:]] == ["Ronan Dunklau", "Олег Бартунов"]
    assert [c["name_ru"] for c in talk["speakers"][1:]] == ["", "Олег Бартунов"]
    assert (speaker["name"], speaker["name_en"], speaker["name_ru"]) == (
        name,
        "Ivan Panchenko",
        "Иван Панченко",
    )
    assert company["name"] == {"en": "BARS Group", "ru": "БАРС Груп"}[language]
    assert (company["description_en"], company["description_ru"]) == (
        "Healthcare information systems.",
        "Медицинские информационные системы.",
    )


@pytest.mark.parametrize(
    ("language", "order"),
    [
        ("en", ["Ivan Panchenko", "Ronan Dunklau", "Олег Бартунов"]),
        ("ru", ["Ronan Dunklau", "Иван Панченко", "Олег Бартунов"]),
    ],
)
def test_api_lists_speakers_by_the_name_of_the_request_language(client, archive, language, order):
    body = client.get("/api/v1/speakers?limit=2", HTTP_ACCEPT_LANGUAGE=language).json()
    rest = client.get("/api/v1/speakers?limit=2&offset=2", HTTP_ACCEPT_LANGUAGE=language).json()

    assert [row["name"] for row in body["results"] + rest["results"]] == order


@pytest.mark.parametrize(
    "query", ["Ivan Panchenko", "Иван Панченко", "Panchenko", "BARS Group", "БАРС", "Бартунов"]
)
def test_search_by_either_spelling_finds_the_same_talks(archive, query):
    # A fixed abstract: Faker's words ("bar") could match "БАРС" transliterated.
    TalkFactory(
        title="Another talk",
        abstract="Nothing in common.",
        speakers=[SpeakerFactory(name="Someone Else")],
    )

    found = search_talks(query)

    assert [talk.pk for talk in found.talks] == [archive["talk"].pk]


@pytest.mark.parametrize(("language", "label"), [("en", "BARS Group"), ("ru", "БАРС Груп")])
def test_company_facet_label_in_the_reader_script(archive, language, label):
    with translation.override(language):
        found = search_talks("Oracle")

    assert "company" in FACET_NAMES
    assert [(value.value, value.label) for value in found.facets["company"]] == [
        ("bars-group", label)
    ]


@pytest.mark.parametrize(
    ("language", "prefix", "label"),
    [
        ("en", "panch", "Ivan Panchenko"),
        ("en", "Панч", "Ivan Panchenko"),
        ("ru", "panch", "Иван Панченко"),
        ("ru", "Панч", "Иван Панченко"),
    ],
)
def test_suggestions_name_speakers_in_the_reader_script(archive, language, prefix, label):
    with translation.override(language):
        found = suggest(prefix)

    assert [(item.kind, item.label) for item in found] == [("speaker", label)]
