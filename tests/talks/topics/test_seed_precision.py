"""The seed topics' names and terms are precise (talks migration 0029): none is a common
word or a stem so short that it tags talks which only use the word, and none loses its
other words to stop words. A topic's name is a term too (archive_topic_before_write)."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection

from bench.search_eval_topics import load_sample_talks
from talks.models import Topic
from talks.topics import CARRIED
from tests.factories import TalkFactory
from tests.talks.test_topic_seed import CONFIGS, TOPICS, stem

pytestmark = pytest.mark.django_db

# Words of everyday English and Russian that are also names of languages, tools or topics:
# as a topic's whole term (after stemming) each would tag talks that merely use the word.
COMMON = {
    "en": [
        "go", "rust", "swift", "spark", "r", "c", "hive", "chef", "log", "logging",
        "documentation", "document", "copy", "merge", "serial", "network", "networking",
        "new", "version", "open", "architecture", "julia",
    ],
    "ru": [
        "go", "rust", "copy", "merge", "serial", "julia", "доступность", "сети", "сеть",
        "открытое", "открытый", "архитектура", "версия", "новая версия", "документ",
    ],
}  # fmt: skip
ACRONYM = re.compile(r"^[\wА-ЯЁ]*$")


def names_and_terms():
    """(slug, language, text) of every name and term of the seed."""
    for topic in TOPICS:
        for language in CONFIGS:
            for text in [topic[f"name_{language}"], *topic[f"terms_{language}"]]:
                yield topic["slug"], language, text


def lexemes(query: str) -> list[str]:
    return re.findall(r"'([^']*)'", query)


def test_no_name_or_term_is_a_common_word():
    keys = list(names_and_terms())
    queries = stem([(language, text) for _, language, text in keys])
    common = [(language, word) for language, words in COMMON.items() for word in words]
    common_queries = set(zip((language for language, _ in common), stem(common), strict=True))

    assert [
        key for key, query in zip(keys, queries, strict=True) if (key[1], query) in common_queries
    ] == []


def test_no_name_or_term_loses_its_words_to_stop_words_or_is_a_tiny_stem():
    keys = list(names_and_terms())
    queries = stem([(language, text) for _, language, text in keys])

    # "на Go" is "go" alone, "Открытое ПО" is "открыт": several words, one lexeme.
    cut_down = [
        key
        for key, query in zip(keys, queries, strict=True)
        if len(key[2].split()) > 1 and len(lexemes(query)) == 1
    ]
    # A one- or two-letter stem is a word only when written as an acronym (AI, S3, 5G, ИИ).
    tiny = [
        key
        for key, query in zip(keys, queries, strict=True)
        if len(lexemes(query)) == 1
        and len(lexemes(query)[0]) <= 2
        and not (key[2].isupper() or any(char.isdigit() for char in key[2]))
    ]
    assert cut_down == []
    assert tiny == []


def carrying(slug: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT link.talk_id FROM talks_talktopic link JOIN talks_topic topic"
            " ON topic.id = link.topic_id WHERE topic.slug = %s AND link.source = ANY(%s)",
            [slug, list(CARRIED)],
        )
        return {row[0] for row in cursor.fetchall()}


def test_sample_archive_go_topic_tags_only_talks_about_go():
    """The sample's abstracts say "we will go through ..." (none of its subjects is Go);
    the old name "Go" gave a fifth of its talks the topic."""
    sample = load_sample_talks()
    english = TalkFactory(
        title="Services in Go", abstract="Goroutines and channels talk to PostgreSQL."
    )
    russian = TalkFactory(
        title="Программирование на Go для администраторов баз",
        abstract="Пишем утилиты.",
        language="ru",
    )

    assert len(sample) >= 100
    assert carrying("golang") == {english.pk, russian.pk}


def test_migration_makes_the_old_seed_precise_keeping_organisers_edits():
    migration = importlib.import_module("talks.migrations.0029_precise_seed_terms")
    Topic.objects.filter(slug="golang").update(
        name_en="Go", name_ru="Go", terms_ru=["Golang", "на Go"]
    )
    Topic.objects.filter(slug="rust").update(name_en="Rust (edited)", terms_en=["Rust", "cargo"])
    talk = TalkFactory(title="We will go through it", abstract="")
    assert talk.pk in carrying("golang")

    migration.make_precise(apps, None)

    golang = Topic.objects.get(slug="golang")
    rust = Topic.objects.get(slug="rust")
    assert (golang.name_en, golang.name_ru) == ("Go language", "Язык Go")
    assert "на Go" not in golang.terms_ru
    assert "программирование на Go" in golang.terms_ru
    assert rust.name_en == "Rust (edited)"  # an organiser's name stays
    assert "Rust" not in rust.terms_en
    assert "cargo" in rust.terms_en  # an organiser's term stays
    assert talk.pk not in carrying("golang")
