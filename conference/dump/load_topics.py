"""Loading a dump's topics, and the topics its talks carry, into an installation that
already holds the seeded ones (talks migration 0027), by slug (docs/dump.md).

A topic of the dump is created, or the installation's topic with its slug takes the
dump's names, terms and timestamps: the dump is the archive being restored, whose
organisers may have edited a seeded topic. A topic the dump does not name is left as it
is. Each imported talk then carries exactly the topics its record lists: the database
tags it from its text as it is inserted (talks/topics.py), and where that differs the
organisers' choice is written as they made it, "added" for a topic the text does not
name, "removed" for one the text names.
"""

from conference.db.timestamps import given_timestamps
from conference.dump.fields import Record, checked
from conference.dump.loading import BATCH, Loading
from talks.topics import TalkTopic, Topic, TopicSource

DUMPED = ("name_en", "name_ru", "terms_en", "terms_ru")
KEPT_BY_THE_DATABASE = ("query_en", "query_ru", "lexemes")


def load_topics(records: list[Record], loading: Loading) -> None:
    """The dump's topics created or, by slug, updated (see the module)."""
    slugs = [loading.add_slug(record, "topics", record.text("slug")) for record in records]
    known = Topic.objects.in_bulk(slugs, field_name="slug")
    topics = []
    for record, slug in zip(records, slugs, strict=True):
        topic = known.get(slug) or Topic(slug=slug)
        topic.name_en, topic.name_ru = record.text("name_en"), record.text("name_ru")
        topic.terms_en, topic.terms_ru = record.texts("terms_en"), record.texts("terms_ru")
        topics.append(_checked(topic, record))
    for topic, record in zip(topics, records, strict=True):
        topic.created_at = record.moment("created_at")
        topic.updated_at = record.moment("updated_at")
    # One statement each, so that the database's topic triggers run once for all of them:
    # the new topics, with their timestamps, then the seeded ones' values and timestamps.
    with given_timestamps():
        Topic.objects.bulk_create([topic for topic in topics if topic.pk is None], batch_size=BATCH)
    seeded = [topic for topic in topics if topic.slug in known]
    Topic.objects.bulk_update(seeded, [*DUMPED, "created_at", "updated_at"], batch_size=BATCH)
    loading.slugs["topics"].update({topic.slug: topic.pk for topic in topics})


def _checked(topic: Topic, record: Record) -> Topic:
    """`topic` after its fields' validation. One of its names may be blank, as the
    database allows (and the seed files: talks/topic_seed/) though the admin asks for
    both; the columns the database keeps (query_*, lexemes) are its own, not the dump's."""
    blank = tuple(name for name in ("name_en", "name_ru") if not getattr(topic, name))
    if len(blank) == 2:
        raise record.error("a topic needs a name in English or in Russian")
    return checked(topic, record, exclude=(*KEPT_BY_THE_DATABASE, *blank))


def talk_topics(record: Record, loading: Loading) -> set[int] | None:
    """The ids of the topics a talk's record lists, or None for a record without the key
    (a dump from before topics: the talk keeps those its text gives it)."""
    if "topics" not in record.data:
        return None
    return {loading.known_slug(record, "topics", slug, "topics") for slug in record.texts("topics")}


def carry_topics(wanted: dict[int, set[int]]) -> None:
    """Each talk of `wanted` (talk id -> topic ids) carries exactly those topics.

    Side effects: an "added" row for each topic the automatic pass did not give a talk;
    the automatic rows of the others become "removed". Every topic row is an imported
    talk's: the installation held no talk before the import (restore.import_dump).
    """
    found = {(link.talk_id, link.topic_id): link for link in TalkTopic.objects.all()}
    removed = [
        link
        for (talk, topic), link in found.items()
        if talk in wanted and topic not in wanted[talk]
    ]
    for link in removed:
        link.source = TopicSource.REMOVED
    TalkTopic.objects.bulk_update(removed, ["source"], batch_size=BATCH)
    TalkTopic.objects.bulk_create(
        [
            TalkTopic(talk_id=talk, topic_id=topic, source=TopicSource.ADDED)
            for talk, topics in wanted.items()
            for topic in topics
            if (talk, topic) not in found
        ],
        batch_size=BATCH,
    )
