"""The curated seed of topics (talks/topic_seed/10-*.toml to 70-*.toml), read as data.

The files are read with tomllib alone, so these tests hold whatever loads them. The
starter file (00-starter.toml) belongs to the topics code and is tested with it: its
broad topics share terms on purpose, and the seed's topics with the same slug add their
terms to them when loaded. The shape checks need no database; the term checks ask
PostgreSQL how each term stems (the english and russian text search configurations, as
talks are matched) and whether every topic of the sample archive
(conference/sample/vocabulary.py) is named by its seed topic in both of its titles, which
the cross-lingual evaluation relies on.
"""

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

from bench.search_eval_topics import SAMPLE_TOPICS  # the one list of subject topics
from conference.sample import vocabulary

SEED = Path(__file__).resolve().parents[2] / "talks" / "topic_seed"
KEYS = {"slug", "name_en", "name_ru", "terms_en", "terms_ru"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN_WORD = re.compile(r"[a-z][a-z0-9]*", re.IGNORECASE)
CONFIGS = {"en": "english", "ru": "russian"}
# Latin words any Russian term may hold: the product's name and acronyms Russian keeps.
LATIN_IN_RUSSIAN = {"postgresql", "sql", "it", "wal"}

# Terms so broad that they would give a topic to every talk of the archive.
GENERIC = {
    "en": {
        "data",
        "database",
        "databases",
        "postgresql",
        "postgres",
        "system",
        "systems",
        "sql",
        "software",
        "server",
        "servers",
        "new",
        "talk",
        "experience",
        "production",
        "problem",
        "solution",
        "example",
        "work",
        "use",
        "how",
        "application",
        "project",
    },
    "ru": {
        "данные",
        "база",
        "база данных",
        "базы данных",
        "postgresql",
        "postgres",
        "система",
        "системы",
        "sql",
        "сервер",
        "новый",
        "новое",
        "доклад",
        "опыт",
        "продакшен",
        "проблема",
        "решение",
        "пример",
        "работа",
        "приложение",
        "проект",
        "история",
        "обучение",
    },
}


def seed_topics() -> list[dict]:
    """Every topic of every seed file, in file order, each with the file it came from."""
    topics = []
    for path in sorted(SEED.glob("[1-9]*.toml")):
        for topic in tomllib.loads(path.read_text(encoding="utf-8"))["topic"]:
            topics.append({**topic, "file": path.name})
    return topics


TOPICS = seed_topics()


def all_terms():
    """(slug, language, term) for every term of every topic."""
    for topic in TOPICS:
        for language in CONFIGS:
            for term in topic[f"terms_{language}"]:
                yield topic["slug"], language, term


def test_the_seed_holds_at_least_300_topics():
    assert len(TOPICS) >= 300


def test_each_topic_has_exactly_the_five_fields_as_strings():
    def clean(text):
        return isinstance(text, str) and text == text.strip() != ""

    assert [topic for topic in TOPICS if set(topic) - {"file"} != KEYS] == []
    names = [topic[key] for topic in TOPICS for key in ("slug", "name_en", "name_ru")]
    assert [name for name in names if not clean(name)] == []
    terms = [term for topic in TOPICS for key in ("terms_en", "terms_ru") for term in topic[key]]
    assert [term for term in terms if not clean(term)] == []


def test_slugs_are_well_formed_and_unique_across_the_files():
    slugs = [topic["slug"] for topic in TOPICS]
    assert [slug for slug in slugs if not SLUG.fullmatch(slug)] == []
    assert sorted(slug for slug in set(slugs) if slugs.count(slug) > 1) == []


def test_names_are_unique_in_each_language():
    for key in ("name_en", "name_ru"):
        names = [topic[key].casefold() for topic in TOPICS]
        assert sorted({name for name in names if names.count(name) > 1}) == [], key


def test_english_names_and_terms_are_in_latin_letters():
    texts = [
        (topic["slug"], text) for topic in TOPICS for text in (topic["name_en"], *topic["terms_en"])
    ]
    assert [(slug, text) for slug, text in texts if CYRILLIC.search(text)] == []


def test_russian_names_are_cyrillic_unless_the_topic_is_a_product_named_alike():
    """Patroni is "Patroni" in Russian talks too; any other name is written in Russian."""
    assert [
        topic["slug"]
        for topic in TOPICS
        if not CYRILLIC.search(topic["name_ru"]) and topic["name_ru"] != topic["name_en"]
    ] == []


def test_latin_words_in_russian_terms_are_names_the_english_side_also_uses():
    """A Russian term may hold "PostGIS" or "pg_stat_statements", not an English phrase."""
    strangers = []
    for topic in TOPICS:
        english = " ".join([topic["name_en"], *topic["terms_en"]])
        known = {word.casefold() for word in LATIN_WORD.findall(english)} | LATIN_IN_RUSSIAN
        for term in topic["terms_ru"]:
            if {word.casefold() for word in LATIN_WORD.findall(term)} - known:
                strangers.append((topic["slug"], term))
    assert strangers == []


def test_each_topic_has_a_term_in_cyrillic():
    assert [
        topic["slug"] for topic in TOPICS if not any(CYRILLIC.search(t) for t in topic["terms_ru"])
    ] == []


@pytest.mark.parametrize("language", CONFIGS)
def test_each_topic_has_three_to_eight_terms_in_each_language(language):
    counts = {topic["slug"]: len(topic[f"terms_{language}"]) for topic in TOPICS}
    assert {slug: count for slug, count in counts.items() if not 3 <= count <= 8} == {}


def test_no_term_repeats_within_a_topic():
    repeated = []
    for topic in TOPICS:
        for language in CONFIGS:
            terms = [term.casefold() for term in topic[f"terms_{language}"]]
            repeated += [(topic["slug"], term) for term in set(terms) if terms.count(term) > 1]
    assert repeated == []


def test_no_term_is_too_generic():
    assert [
        (slug, term) for slug, language, term in all_terms() if term.casefold() in GENERIC[language]
    ] == []


def test_no_term_is_given_to_two_topics():
    owners = defaultdict(set)
    for slug, language, term in all_terms():
        owners[language, term.casefold()].add(slug)
    assert {key: slugs for key, slugs in owners.items() if len(slugs) > 1} == {}


def stem(texts: list[tuple[str, str]]) -> list[str]:
    """The tsquery PostgreSQL makes of each (language, text) as a phrase, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phraseto_tsquery(config::regconfig, text)::text"
            "  FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(config, text, n)"
            " ORDER BY n",
            [[CONFIGS[language] for language, _ in texts], [text for _, text in texts]],
        )
        return [row[0] for row in cursor.fetchall()]


def stemmed_terms() -> dict[tuple[str, str, str], str]:
    """Each (slug, language, term) with its tsquery."""
    keys = list(all_terms())
    return dict(zip(keys, stem([(language, term) for _, language, term in keys]), strict=True))


@pytest.mark.django_db
def test_every_term_stems_to_a_phrase_of_its_own():
    """Stemmed as talks are, no term vanishes into stop words, repeats another term of its
    topic ("index" and "indexes"), is given to two topics, or is one generic word."""
    stemmed = stemmed_terms()
    assert [key for key, query in stemmed.items() if not query] == []
    owners = defaultdict(list)
    for (slug, language, term), query in stemmed.items():
        owners[language, query].append((slug, term))
    assert {key: terms for key, terms in owners.items() if len(terms) > 1} == {}
    generic = [(language, word) for language, words in GENERIC.items() for word in words]
    generic_queries = set(zip((language for language, _ in generic), stem(generic), strict=True))
    assert [key for key, query in stemmed.items() if (key[1], query) in generic_queries] == []


def test_every_sample_topic_has_its_seed_topic():
    assert sorted(SAMPLE_TOPICS) == sorted(topic.title_en for topic in vocabulary.TOPICS)
    assert set(SAMPLE_TOPICS.values()) <= {topic["slug"] for topic in TOPICS}


@pytest.mark.django_db
def test_each_sample_topic_is_named_by_its_seed_topic_in_both_languages():
    """Stemmed, a term of the seed topic matches the sample topic's English title and a
    term of it the Russian title."""
    stemmed = stemmed_terms()
    titles = [
        (SAMPLE_TOPICS[topic.title_en], language, title)
        for topic in vocabulary.TOPICS
        for language, title in (("en", topic.title_en), ("ru", topic.title_ru))
    ]
    queries = [(slug, language, query) for (slug, language, _), query in stemmed.items()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT t.slug, t.language FROM"
            "  unnest(%s::text[], %s::text[], %s::text[]) AS t(slug, language, title)"
            "  JOIN unnest(%s::text[], %s::text[], %s::text[]) AS q(slug, language, query)"
            "    ON q.slug = t.slug AND q.language = t.language"
            "   AND to_tsvector(CASE t.language WHEN 'en' THEN 'english' ELSE 'russian' END"
            "::regconfig, t.title) @@ q.query::tsquery",
            [*map(list, zip(*titles, strict=True)), *map(list, zip(*queries, strict=True))],
        )
        named = set(cursor.fetchall())
    assert [
        (slug, language, title) for slug, language, title in titles if (slug, language) not in named
    ] == []
