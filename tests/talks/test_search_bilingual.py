"""Search over bilingual content: a talk's title in the other language, and its edition's
name, city and venue and its projects' descriptions in English and in Russian, each
stemmed as its own language (talks/sql/archive_talk_vector.sql and
archive_talk_context_vector.sql). The Russian value finds the same talks as the English
one, and the documents follow when an edition or project changes (archive_edition_changed,
archive_project_changed)."""

import datetime

import pytest
from django.utils import translation

from talks.choices import Language
from talks.search import search_talks
from talks.suggestions import suggest
from tests.factories import EditionFactory, ProjectFactory, TalkFactory

pytestmark = pytest.mark.django_db


def slugs(query: str) -> list[str]:
    return sorted(talk.slug for talk in search_talks(query).talks)


@pytest.fixture
def archive():
    """Two editions in two cities; a talk about a project with a bilingual description."""
    piter = EditionFactory(
        name="Postgres Days 2016",
        name_ru="Дни Постгреса 2016",
        slug="pgdays-2016",
        city="Saint Petersburg",
        city_ru="Санкт-Петербург",
        venue="Expoforum",
        venue_ru="Экспофорум",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
    )
    moscow = EditionFactory(
        name="Highload Conference 2017",
        name_ru="Конференция Хайлоад 2017",
        slug="highload-2017",
        city="Moscow",
        city_ru="Москва",
        venue="Crocus Expo",
        venue_ru="Крокус Экспо",
        start_date=datetime.date(2017, 2, 3),
        end_date=datetime.date(2017, 2, 4),
    )
    pooler = ProjectFactory(
        name="Odyssey",
        slug="odyssey",
        description="A multithreaded connection pooler.",
        description_ru="Многопоточный пулер соединений.",
    )
    TalkFactory(
        edition=piter,
        slug="vacuum",
        title="Vacuum internals",
        abstract="Dead tuples.",
        projects=[pooler],
    )
    TalkFactory(
        edition=piter,
        slug="indexes",
        title="Индексы изнутри",
        other_title="Indexes from the inside",
        abstract="Деревья.",
        language=Language.RUSSIAN,
    )
    TalkFactory(
        edition=moscow,
        slug="sharding",
        title="Sharding at scale",
        other_title="Шардирование в больших масштабах",
        abstract="Many nodes.",
    )
    return {"piter": piter, "moscow": moscow, "pooler": pooler}


@pytest.mark.parametrize(
    ("english", "russian", "expected"),
    [
        ("Expoforum", "Экспофорум", ["indexes", "vacuum"]),
        ('"Postgres Days"', '"Дни Постгреса"', ["indexes", "vacuum"]),
        ("Moscow", "Москве", ["sharding"]),  # "Москве": Russian stemming of the city
        ("Petersburg", "Петербурге", ["indexes", "vacuum"]),
        ("multithreaded pooler", "многопоточного пулера", ["vacuum"]),
    ],
)
def test_russian_and_english_values_find_the_same_talks(archive, english, russian, expected):
    assert slugs(english) == expected
    assert slugs(russian) == expected


def test_the_title_in_the_other_language_finds_the_talk_stemmed_as_that_language(archive):
    assert slugs("шардированием") == ["sharding"]  # Russian stemming of the other title
    assert slugs("index inside") == ["indexes"]  # English stemming for a Russian talk's
    # As typed: no Russian text says "вакуум", but it names the topic vacuum, whose talks
    # it finds (talks/search_topics.py).
    assert [talk.slug for talk in search_talks("вакуум", verbatim=True).talks] == ["vacuum"]
    assert slugs("изнанка") == []


def test_a_title_match_in_the_other_language_ranks_first(archive):
    TalkFactory(
        edition=archive["moscow"],
        slug="mentions",
        title="Scaling writes",
        abstract="On sharding and more sharding at scale.",
    )

    # A title match in either language ranks above a match in the abstract.
    # The other talk on sharding follows, by its topic (talks/search_topics.py).
    assert [talk.slug for talk in search_talks("шардирование").talks] == ["sharding", "mentions"]
    assert [talk.slug for talk in search_talks("sharding").talks] == ["sharding", "mentions"]
    assert [talk.slug for talk in search_talks("шардирование OR sharding").talks] == [
        "sharding",
        "mentions",
    ]


def test_renaming_an_edition_in_either_language_refreshes_its_talks(archive):
    piter = archive["piter"]
    piter.venue_ru = "Ленэкспо"
    piter.name_en = "PGDays Piter"
    piter.save()

    assert slugs("Ленэкспо") == ["indexes", "vacuum"]
    assert slugs("Экспофорум") == []
    assert slugs("Piter") == ["indexes", "vacuum"]
    assert slugs('"Дни Постгреса"') == ["indexes", "vacuum"]  # unchanged value still found


def test_changing_a_project_description_refreshes_its_talks(archive):
    pooler = archive["pooler"]
    pooler.description_ru = "Балансировщик нагрузки."
    pooler.save()

    assert slugs("балансировщик") == ["vacuum"]
    assert slugs("пулер") == []


def test_moving_a_talk_to_another_edition_refreshes_its_document(archive):
    talk = archive["piter"].talks.get(slug="vacuum")
    # Its track and room are the old edition's (the database refuses them in another).
    talk.edition, talk.track, talk.room = archive["moscow"], None, None
    talk.save()

    assert slugs("Москва") == ["sharding", "vacuum"]


def test_search_facets_and_suggestions_name_editions_in_the_interface_language(archive):
    with translation.override("ru"):
        facets = search_talks("vacuum").facets["edition"]
        suggested = suggest("Vacuum")
    with translation.override("en"):
        english = search_talks("vacuum").facets["edition"]

    assert [(value.value, value.label) for value in facets] == [
        ("pgdays-2016", "Дни Постгреса 2016")
    ]
    assert [(value.value, value.label) for value in english] == [
        ("pgdays-2016", "Postgres Days 2016")
    ]
    assert [item.detail for item in suggested] == ["Дни Постгреса 2016"]


def test_facets_fall_back_to_the_other_language(archive):
    archive["moscow"].name_ru = ""
    archive["moscow"].save()

    with translation.override("ru"):
        facets = search_talks("sharding").facets["edition"]

    assert [value.label for value in facets] == ["Highload Conference 2017"]
