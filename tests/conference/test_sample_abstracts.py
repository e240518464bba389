"""The sample's generated abstracts read like real ones, each in its talk's language.

Every sentence of a generated abstract comes from the hand-written corpus of its language
(conference/sample/sentences_en.py, sentences_ru.py, vocabulary.py), the topic's sentences
from the talk's own topic: no Faker filler ("Court might million term society rich.").
"""

import re

import pytest

from conference.sample import seed, sentences_en, sentences_ru, vocabulary
from conference.sample.generate import build_sample_archive
from talks.choices import Language

CORPUS = {Language.ENGLISH: sentences_en, Language.RUSSIAN: sentences_ru}
PLACEHOLDERS = {
    r"\{company\}": r".+?",
    r"\{servers\}": r"\d+",
    r"\{years\}": r"\d+",
    r"\{version\}": r"\d+(?:\.\d+)?",
}
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
SEED_TALKS = {(talk.edition_slug, talk.slug) for talk in seed.TALKS}


def sentence_pattern(template: str) -> str:
    pattern = re.escape(template)
    for placeholder, replacement in PLACEHOLDERS.items():
        pattern = pattern.replace(placeholder, replacement)
    return pattern


def any_of(templates) -> str:
    return "(?:" + "|".join(sentence_pattern(each) for each in templates) + ")"


def topic_of(talk) -> vocabulary.Topic:
    """The topic a generated title ("<topic>: <angle>") is about."""
    (topic,) = [
        each
        for each in vocabulary.TOPICS
        if talk.title.startswith((f"{each.title_en}: ", f"{each.title_ru}: "))
    ]
    return topic


def abstract_pattern(topic: vocabulary.Topic, language: str) -> re.Pattern:
    """Two paragraphs of three sentences: the topic's, then the topic's and any talk's."""
    corpus = CORPUS[language]
    opening = topic.sentence_ru if language == Language.RUSSIAN else topic.sentence_en
    about_topic = any_of(corpus.TOPIC[topic.title_en])
    general = any_of(corpus.ENGINEERING)
    first = f"{sentence_pattern(opening)} {about_topic} {about_topic}"
    return re.compile(f"{first}\n\n{about_topic} {general} {general}")


@pytest.fixture(scope="module")
def generated_talks():
    archive = build_sample_archive()
    return [talk for talk in archive.talks if (talk.edition_slug, talk.slug) not in SEED_TALKS]


def test_sample_abstracts_are_made_of_the_talks_topic_in_its_language(generated_talks):
    assert len(generated_talks) > 200
    for talk in generated_talks:
        pattern = abstract_pattern(topic_of(talk), talk.language)
        assert pattern.fullmatch(talk.abstract), (talk.slug, talk.abstract)


def test_sample_abstracts_language_matches_the_talk(generated_talks):
    languages = {talk.language for talk in generated_talks}
    assert languages == {Language.ENGLISH, Language.RUSSIAN}
    for talk in generated_talks:
        words = re.findall(r"\w+", talk.abstract)
        cyrillic = [word for word in words if CYRILLIC.search(word)]
        if talk.language == Language.RUSSIAN:
            # Names of tools and settings stay Latin; the prose is Russian.
            assert len(cyrillic) > len(words) / 2, talk.abstract
        else:
            assert cyrillic == [], talk.abstract


def test_sample_abstracts_differ_from_talk_to_talk(generated_talks):
    abstracts = [talk.abstract for talk in generated_talks]
    assert len(set(abstracts)) == len(abstracts)


def test_every_topic_has_sentences_in_both_languages():
    for topic in vocabulary.TOPICS:
        for corpus in CORPUS.values():
            sentences = corpus.TOPIC[topic.title_en]
            assert len(sentences) >= 3, topic.title_en
            assert len(set(sentences)) == len(sentences)
    assert set(sentences_en.TOPIC) == set(sentences_ru.TOPIC)
    assert set(sentences_en.TOPIC) == {topic.title_en for topic in vocabulary.TOPICS}
