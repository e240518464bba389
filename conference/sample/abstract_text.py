"""The generated talks' abstracts: sentences about the talk's topic, in the talk's language.

An abstract is two paragraphs: the topic's opening sentence (vocabulary.Topic) and two
sentences about that topic, then one about the engineering around it and one about the
speaker's experience. Every sentence is written by hand in English (sentences_en.py) and
in Russian (sentences_ru.py), so an abstract reads as a real one in its own language and
search over the sample finds the terms a visitor would type. The random stream is the
caller's, so the sample stays the same from run to run.
"""

import random

from conference.sample import sentences_en, sentences_ru
from conference.sample.vocabulary import CONTEXT_EN, CONTEXT_RU, Topic
from talks.choices import Language

SENTENCES = {Language.ENGLISH: sentences_en, Language.RUSSIAN: sentences_ru}
CLOSINGS = {Language.ENGLISH: CONTEXT_EN, Language.RUSSIAN: CONTEXT_RU}


def compose_abstract(
    rng: random.Random, topic: Topic, language: str, *, company: str, version: str
) -> str:
    """Two paragraphs about `topic` in `language` (en or ru) for a talk from `company`."""
    corpus = SENTENCES[language]
    russian = language == Language.RUSSIAN
    values = {
        "company": company,
        "version": version,
        "servers": rng.choice((12, 40, 150, 600, 2000)),
        "years": rng.randint(3, 10),
    }
    first, second, third = rng.sample(corpus.TOPIC[topic.title_en], 3)
    closing = rng.choice(CLOSINGS[language])
    engineering = rng.choice([each for each in corpus.ENGINEERING if each != closing])
    opening = topic.sentence_ru if russian else topic.sentence_en
    paragraphs = ((opening, first, second), (third, engineering, closing))
    return "\n\n".join(
        " ".join(sentence.format(**values) for sentence in paragraph) for paragraph in paragraphs
    )
