"""Talks carry topics found in their own text, kept by PostgreSQL as talks and topics
change, with an organiser's choice respected (talks/topics.py, talks/sql/)."""

import pytest

from talks.models import TalkTopic, Topic
from talks.topic_seed import load
from talks.topics import TopicSource
from tests.factories import SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def topics_of(talk) -> dict[str, str]:
    return dict(
        TalkTopic.objects.filter(talk=talk).values_list("topic__slug", "source").order_by("topic")
    )


@pytest.fixture
def sharding():
    return TopicFactory(
        slug="sharding-test",
        name_en="Sharding",
        name_ru="Шардирование",
        terms_en=["sharding", "distributed tables"],
        terms_ru=["шардирование", "распределённые таблицы"],
    )


def test_the_migration_seeds_every_topic_of_the_seed_files():
    slugs = set(Topic.objects.values_list("slug", flat=True))

    assert len(load()) >= 300
    assert {topic["slug"] for topic in load()} <= slugs
    replication = Topic.objects.get(slug="replication")
    assert replication.name_ru == "Репликация"
    assert "replica" in replication.terms_en
    assert "реплика" in replication.terms_ru


def test_a_topic_term_in_another_form_tags_an_english_talk(sharding):
    talk = TalkFactory(title="How we sharded nothing", abstract="Sharded tables at scale.")
    other = TalkFactory(title="Quiet talk", abstract="Nothing about it.")
    talk.abstract = "We shard with distributed tables, and sharding made it fast."
    talk.save()

    assert topics_of(talk)["sharding-test"] == TopicSource.AUTO
    assert "sharding-test" not in topics_of(other)


def test_a_russian_talk_is_tagged_by_russian_terms_stemmed_as_russian(sharding):
    talk = TalkFactory(
        language="ru", title="Шардированием по-взрослому", abstract="О распределённых таблицах."
    )

    assert topics_of(talk)["sharding-test"] == TopicSource.AUTO


def test_a_multi_word_term_is_a_phrase(sharding):
    apart = TalkFactory(title="Tables", abstract="Distributed systems and many tables.")
    together = TalkFactory(title="Tables", abstract="Our distributed tables grew.")

    assert "sharding-test" not in topics_of(apart)
    assert topics_of(together)["sharding-test"] == TopicSource.AUTO


def test_topics_follow_edits_of_the_talk(sharding):
    talk = TalkFactory(title="Sharding in practice", abstract="")
    assert "sharding-test" in topics_of(talk)

    talk.title = "Caching in practice"
    talk.save()

    assert "sharding-test" not in topics_of(talk)


def test_speaker_names_do_not_tag_a_talk(sharding):
    talk = TalkFactory(title="Nothing", abstract="Plain.")
    talk.other_title = ""
    talk.save()
    speaker = SpeakerFactory(name_en="Sharding Smith")
    talk.talk_speakers.create(speaker=speaker, position=0)

    assert "sharding-test" not in topics_of(talk)


def test_a_new_topic_tags_existing_talks_and_follows_its_terms():
    talk = TalkFactory(title="Zebras in the database", abstract="")
    topic = TopicFactory(slug="zebra", name_en="Zoo", terms_en=["zebra"])
    assert topics_of(talk) == {"zebra": TopicSource.AUTO}

    topic.terms_en = ["giraffe"]
    topic.save()

    assert topics_of(talk) == {}


def test_an_organisers_choice_stays_through_edits(sharding):
    talk = TalkFactory(title="Sharding done right", abstract="")
    removed = TalkTopic.objects.get(talk=talk, topic=sharding)
    removed.source = TopicSource.REMOVED
    removed.save()
    added_topic = TopicFactory(slug="added-by-hand", terms_en=["unicorns"])
    TalkTopic.objects.create(talk=talk, topic=added_topic, source=TopicSource.ADDED)

    talk.abstract = "More sharding, and no unicorns at all... well, one unicorn."
    talk.save()
    talk.title = "Plain title"
    talk.abstract = "Plain text"
    talk.save()

    assert topics_of(talk) == {
        "sharding-test": TopicSource.REMOVED,
        "added-by-hand": TopicSource.ADDED,
    }


def test_a_topic_keeps_its_query_columns_whatever_a_save_sends(sharding):
    sharding.refresh_from_db()
    assert sharding.query_en
    assert sharding.query_ru
    assert "shard" in sharding.lexemes

    sharding.query_en = None
    sharding.save()
    sharding.refresh_from_db()

    assert sharding.query_en
