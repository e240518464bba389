"""A topic's page reads its page of talks and its counts per language from the topic
links' copies of its talks (talks.readers.topics.topic_talks_page, talks migration 0034):
they must give what the talks' own rows give, in the same order, after any edit of a
talk, its edition, its room or its topics."""

import datetime

import pytest
from django.db import connection
from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext

from talks.models import Talk, TalkTopic
from talks.readers.topics import topic_talks_page
from talks.topics import CARRIED, TopicSource
from tests.factories import EditionFactory, RoomFactory, TalkFactory

pytestmark = pytest.mark.django_db


def carrying(topic):
    """The public talks carrying `topic`, from their own rows (the ORM's rules)."""
    return Talk.objects.published().filter(
        talk_topics__topic=topic, talk_topics__source__in=CARRIED
    )


def expected(topic, first: str) -> list[int]:
    """The ids of a topic's public talks in the page's order, from the talks' rows: those
    in language `first` first, then by language, newest edition first, then by start,
    room, title and id (talks.readers.rows.NEWEST_FIRST)."""
    own_first = Case(
        When(language=first, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        carrying(topic)
        .order_by(
            own_first,
            "language",
            "-edition__start_date",
            "start",
            Coalesce("room_id", Value(0)),
            "title",
            "id",
        )
        .values_list("id", flat=True)
    )


def expected_counts(topic) -> dict[str, int]:
    rows = carrying(topic).values("language").annotate(n=Count("id"))
    return {row["language"]: row["n"] for row in rows}


def read_all(topic, first: str, limit: int = 3) -> tuple[list[int], list[dict]]:
    """Every page of the topic's talks as the reader gives them, `limit` a page, and each
    page's counts."""
    ids, counts, offset = [], [], 0
    while True:
        page = topic_talks_page(topic, first=first, limit=limit, offset=offset)
        counts.append(page.counts)
        if not page.talks:
            return ids, counts
        ids += [talk.pk for talk in page.talks]
        offset += limit


def assert_pages_match(topic) -> None:
    for first in ("en", "ru", "de"):
        ids, counts = read_all(topic, first)
        assert ids == expected(topic, first), first
        assert all(page == expected_counts(topic) for page in counts), first


@pytest.fixture
def archive(sharding):
    """Sharding talks in three editions and three languages, with ties on the edition, the
    start and the room that the title and then the id break, talks without a start or a
    room, and two talks in a draft and a draft edition."""
    old = EditionFactory(slug="old", start_date=datetime.date(2015, 5, 1))
    new = EditionFactory(slug="new", start_date=datetime.date(2020, 5, 1))
    same_day = EditionFactory(slug="same-day", start_date=datetime.date(2020, 5, 1))
    hidden = EditionFactory(slug="hidden", is_published=False)
    made = {}
    for number, (edition, language, title, hour, room) in enumerate(
        [
            (new, "en", "Sharding B", 10, "Hall 1"),
            (new, "en", "Sharding A", 10, "Hall 1"),
            (new, "en", "Sharding A", 10, "Hall 1"),  # the same title: the id decides
            (new, "en", "Sharding C", 10, "Hall 2"),
            (new, "en", "Sharding early", 9, "Hall 2"),
            (new, "en", "Sharding unscheduled", None, None),
            (same_day, "en", "Sharding elsewhere", 11, "Main"),
            (old, "en", "Sharding of old", 12, "Hall 1"),
            (old, "ru", "Шардирование", 12, "Зал"),
            (new, "ru", "Шардирование сегодня", 14, None),
            (new, "de", "Sharding auf Deutsch", 15, "Hall 1"),
            (hidden, "en", "Sharding in a draft edition", 10, "Hall 1"),
        ]
    ):
        start = None
        if hour is not None:
            start = datetime.datetime.combine(edition.start_date, datetime.time(hour), datetime.UTC)
        made[number] = TalkFactory(
            edition=edition,
            language=language,
            title=title,
            abstract="",
            start=start,
            room=room,
            slug=f"sharding-{number}",
        )
    # No automatic topic in a third language: an organiser's.
    TalkTopic.objects.create(talk=made[10], topic=sharding, source=TopicSource.ADDED)
    made["draft"] = TalkFactory(
        edition=new, title="Sharding draft", abstract="", is_published=False
    )
    return made


def test_the_page_and_counts_are_the_talks_own(archive, sharding):
    assert expected_counts(sharding) == {"en": 8, "ru": 2, "de": 1}
    assert_pages_match(sharding)


def test_a_talk_unpublished_leaves_the_page_and_counts_at_once(archive, sharding):
    talk = archive[1]
    talk.is_published = False
    talk.save()

    assert expected_counts(sharding)["en"] == 7
    assert_pages_match(sharding)


def test_an_edition_unpublished_or_published_moves_its_talks(archive, sharding):
    edition = archive[0].edition
    edition.is_published = False
    edition.save()
    assert_pages_match(sharding)
    assert expected_counts(sharding) == {"en": 2, "ru": 1}

    archive[11].edition.is_published = True
    archive[11].edition.save()
    assert_pages_match(sharding)


def test_an_edition_moved_reorders_its_talks(archive, sharding):
    edition = archive[7].edition  # the oldest, moved to the newest
    edition.start_date = datetime.date(2030, 1, 1)
    edition.end_date = datetime.date(2030, 1, 2)
    edition.save()

    assert (
        TalkTopic.objects.get(talk=archive[7], topic=sharding).talk_edition_start
        == edition.start_date
    )
    assert_pages_match(sharding)


def test_a_talk_moved_renamed_or_in_another_room_is_reordered(archive, sharding):
    archive[0].title = "sharding a"  # the same words for search: only the title's case
    archive[0].save()
    archive[3].room = archive[0].room
    archive[3].save()
    archive[4].start = None
    archive[4].save()
    archive[5].language = "ru"
    archive[5].title = "Шардирование без расписания"
    archive[5].save()

    assert_pages_match(sharding)


def test_a_talk_taken_out_of_its_room(archive, sharding):
    archive[2].room = None  # now before its namesake of a lower id, still in Hall 1
    archive[2].save()
    assert_pages_match(sharding)


def test_a_topic_removed_or_added_by_an_organiser(archive, sharding):
    TalkTopic.objects.filter(talk=archive[1], topic=sharding).update(source=TopicSource.REMOVED)
    TalkTopic.objects.filter(talk=archive[8], topic=sharding).delete()
    other = TalkFactory(edition=archive[0].edition, title="Scaling out", abstract="")
    TalkTopic.objects.create(talk=other, topic=sharding, source=TopicSource.ADDED)

    assert expected_counts(sharding) == {"en": 8, "ru": 1, "de": 1}
    assert_pages_match(sharding)


def test_a_talk_deleted_or_added_later(archive, sharding):
    archive[2].delete()
    TalkFactory(
        edition=archive[0].edition,
        title="Sharding, the sequel",
        abstract="",
        room=RoomFactory(edition=archive[0].edition),
    )
    assert expected_counts(sharding)["en"] == 8
    assert_pages_match(sharding)


def test_the_page_reads_only_the_pages_talks(archive, sharding, client):
    """One statement for the page and its counts, whatever the topic's size."""
    with CaptureQueriesContext(connection) as small:
        assert client.get("/topics/sharding-test/").status_code == 200
    edition = archive[0].edition
    Talk.objects.bulk_create(
        Talk(
            edition=edition, slug=f"more-{n}", title=f"Sharding {n}", abstract="", is_published=True
        )
        for n in range(60)
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get("/topics/sharding-test/")
    assert response.status_code == 200
    assert "71 talks from every edition" in response.text
    assert len(large.captured_queries) == len(small.captured_queries) == 2
