"""Hyphenated terms (talks/sql/archive_topic_query.sql): PostgreSQL parses "ввод-вывод"
as the whole word and its parts, so a term's phrase alone matched only text with the
hyphen; the same words written apart, and a search query (split at hyphens), missed."""

import pytest

from talks.models import TalkTopic
from talks.search import search_talks
from tests.factories import TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def async_io():
    return TopicFactory(
        slug="async-io-test",
        name_en="Asynchronous I/O",
        name_ru="Асинхронный ввод-вывод",
        terms_en=["io_uring"],
        terms_ru=["асинхронный ввод-вывод", "мастер-мастер"],
    )


def carried(topic) -> set[str]:
    return set(TalkTopic.objects.filter(topic=topic).values_list("talk__title", flat=True))


def test_hyphenated_russian_term_tags_text_with_and_without_the_hyphen(async_io):
    TalkFactory(title="Асинхронный ввод-вывод в PostgreSQL 18", abstract="", language="ru")
    TalkFactory(title="Асинхронный ввод вывод без дефиса", abstract="", language="ru")
    TalkFactory(title="Репликация мастер-мастера", abstract="", language="ru")
    TalkFactory(title="Ввод данных и их вывод", abstract="", language="ru")

    assert carried(async_io) == {
        "Асинхронный ввод-вывод в PostgreSQL 18",
        "Асинхронный ввод вывод без дефиса",
        "Репликация мастер-мастера",
    }


def test_hyphenated_russian_query_finds_english_talks_of_its_topic(async_io):
    TalkFactory(title="Асинхронный ввод-вывод в PostgreSQL 18", abstract="", language="ru")
    TalkFactory(title="Reading pages with io_uring", abstract="", language="en")

    results = search_talks("асинхронный ввод-вывод")

    assert [talk.title for talk in results.talks] == [
        "Асинхронный ввод-вывод в PostgreSQL 18",
        "Reading pages with io_uring",
    ]


def test_a_stop_word_in_a_hyphenated_term_does_not_widen_it():
    topic = TopicFactory(slug="tsql-test", name_en="Transact SQL", terms_en=["T-SQL"])
    TalkFactory(title="Porting T-SQL procedures", abstract="")
    TalkFactory(title="SQL for beginners", abstract="")

    assert carried(topic) == {"Porting T-SQL procedures"}
