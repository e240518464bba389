"""Cross-lingual search through topics (talks/search_topics.py)."""

import pytest

from talks import typo_memo
from talks.models import Talk
from talks.search import SearchFilters, search_talks
from talks.search_topics import CROSS_LIMIT, CROSS_SLOTS, OWN_FIRST
from tests.factories import EditionFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sharding():
    return TopicFactory(
        slug="sharding-test",
        name_en="Sharding",
        name_ru="Шардирование",
        terms_en=["sharding", "distributed tables"],
        terms_ru=["шардирование", "распределённые таблицы"],
    )


def english(title, **kwargs):
    return TalkFactory(title=title, abstract="", language="en", **kwargs)


def russian(title, **kwargs):
    return TalkFactory(title=title, abstract="", language="ru", **kwargs)


def titles(results):
    return [talk.title for talk in results.talks]


def test_a_russian_query_finds_english_talks_of_its_topic(sharding):
    russian("Шардирование без боли")
    english("Sharding at scale")
    english("Caching at scale")

    results = search_talks("шардирование")

    assert titles(results) == ["Шардирование без боли", "Sharding at scale"]
    assert results.count == 2


def test_an_english_query_finds_russian_talks_of_its_topic(sharding):
    russian("Распределённые таблицы в продакшене")
    english("Sharding at scale")

    results = search_talks("sharding")

    assert titles(results) == ["Sharding at scale", "Распределённые таблицы в продакшене"]


def test_the_language_facet_tells_the_two_apart(sharding):
    russian("Шардирование без боли")
    english("Sharding at scale")
    english("Sharding again")

    results = search_talks("шардирование")

    languages = {value.value: value.count for value in results.facets["language"]}
    assert languages == {"ru": 1, "en": 2}


def test_topic_talks_come_after_the_best_own_matches_within_the_first_page(sharding):
    edition = EditionFactory()
    for number in range(OWN_FIRST + 4):
        russian(f"Шардирование, часть {number}", edition=edition)
    english("Sharding at scale", edition=edition)

    results = search_talks("шардирование", limit=20)

    place = titles(results).index("Sharding at scale")
    assert place == OWN_FIRST
    assert all(title.startswith("Шардирование") for title in titles(results)[:OWN_FIRST])
    assert results.count == OWN_FIRST + 5
    assert OWN_FIRST + CROSS_SLOTS <= 20


def test_a_query_asking_for_more_than_a_topic_gets_no_talk_by_topic_alone(sharding):
    russian("Шардирование в Авито")
    english("Sharding at scale")

    results = search_talks("шардирование Авито")

    assert titles(results) == ["Шардирование в Авито"]


def test_an_excluded_word_still_excludes_topic_talks(sharding):
    english("Sharding at scale with Citus")
    english("Sharding at scale")

    results = search_talks("шардирование -citus")

    assert titles(results) == ["Sharding at scale"]


def test_a_draft_talk_of_the_topic_is_never_found(sharding):
    english("Sharding draft", is_published=False)
    english("Sharding in a draft edition", edition=EditionFactory(is_published=False))

    results = search_talks("шардирование")

    assert results.count == 0
    assert titles(results) == []


def test_filters_apply_to_topic_talks(sharding):
    english("Sharding at scale")
    russian("Шардирование без боли")

    results = search_talks("шардирование", filters=SearchFilters(language="en"))

    assert titles(results) == ["Sharding at scale"]


def test_a_talk_whose_topic_an_organiser_removed_is_not_found_by_it(sharding):
    talk = english("Sharding at scale")
    talk.talk_topics.update(source="removed")

    assert titles(search_talks("шардирование")) == []


def test_sorted_by_date_topic_talks_take_their_place_by_date(sharding):
    edition = EditionFactory()
    old = russian("Шардирование в 2016", edition=edition)
    new = english("Sharding at scale", edition=edition)
    newest = russian("Шардирование сегодня", edition=edition)
    for talk, hour in ((old, 9), (new, 11), (newest, 13)):
        talk.start = talk.start.replace(hour=hour)
        talk.save(update_fields=["start"])

    results = search_talks("шардирование", sort="date")

    assert titles(results) == ["Шардирование сегодня", "Sharding at scale", "Шардирование в 2016"]
    assert results.count == 3


def test_a_search_adds_at_most_cross_limit_topic_talks_the_other_language_first(sharding):
    edition = EditionFactory()
    russian("Распределённые таблицы", edition=edition)
    Talk.objects.bulk_create(
        Talk(
            edition=edition,
            slug=f"sharding-{number}",
            title=f"Sharding, part {number}",
            abstract="",
            language="en",
            is_published=True,
        )
        for number in range(CROSS_LIMIT + 5)
    )

    results = search_talks("распределённые таблицы", limit=100)

    assert results.count == 1 + CROSS_LIMIT
    assert titles(results)[0] == "Распределённые таблицы"
    assert all(title.startswith("Sharding, part") for title in titles(results)[1:])


def test_a_topic_term_no_talk_uses_still_names_its_topic_once_corrected(sharding):
    # "distributed tables" is a term of the topic that no talk's text holds: the typo
    # correction turns "distributed" into a word the archive knows, and the topic is
    # still the one the query as typed names.
    english("Sharding at scale")
    russian("Шардирование без боли")
    english("Distribute your writes")

    results = search_talks("distributed tables")

    assert results.corrected != ""
    assert {"Sharding at scale", "Шардирование без боли"} <= set(titles(results))


@pytest.fixture
def memo_on(settings):
    """The typo correction's memo on, and empty (talks/typo_memo.py), which also holds the
    topics a query names (talks/search_topics.py named_topics)."""
    settings.SEARCH_WORD_MEMO = 1000
    typo_memo.forget()
    yield
    typo_memo.forget()


def test_the_topics_a_query_names_are_asked_once_per_archive_version(
    sharding, memo_on, django_assert_num_queries
):
    russian("Шардирование без боли")
    english("Sharding at scale")

    first = search_talks("шардирование")
    with django_assert_num_queries(2):  # the version and the search: no look-up
        again = search_talks("шардирование")

    assert titles(again) == titles(first) == ["Шардирование без боли", "Sharding at scale"]


def test_a_topics_new_term_names_it_at_once_with_the_memo_on(sharding, memo_on):
    english("Sharding at scale")
    assert "Sharding at scale" not in titles(search_talks("секционирование"))

    sharding.terms_ru = [*sharding.terms_ru, "секционирование"]
    sharding.save()

    assert titles(search_talks("секционирование")) == ["Sharding at scale"]
