"""A query naming one topic chooses that topic's best talks from the index talk_topic_best
(talks.search_topics.LINK_BEST): the same talks, numbered the same, as the general choice
for any number of topics (LINKS_BEST), which groups and sorts every link."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from talks.models import Talk, TalkTopic
from talks.search_topics import CROSS_LIMIT, LINK_BEST, LINKS_BEST, NAMED
from talks.topics import TopicSource
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def chosen(sql: str, params: tuple) -> list[tuple[int, int]]:
    """(talk id, n) of the choice `sql`, cut as talks.search_topics.cross_sql cuts it."""
    with connection.cursor() as cursor:
        cursor.execute(f"{NAMED} {sql} ORDER BY n LIMIT {CROSS_LIMIT}", params)
        return cursor.fetchall()


@pytest.fixture
def carried(sharding):
    """More than CROSS_LIMIT English talks and a few Russian and German ones carrying the
    topic, by their title or their abstract only, at equal, different and no starts, and
    some not public or whose topic an organiser removed."""
    edition = EditionFactory()
    noon = timezone.make_aware(datetime.datetime(2024, 5, 6, 12, 0))
    rows = []
    for language, many in (("en", CROSS_LIMIT + 30), ("ru", 25), ("de", 6)):
        for number in range(many):
            named = number % 3 == 0
            rows.append(
                Talk(
                    edition=edition,
                    slug=f"{language}-{number}",
                    title=f"Sharding {number}" if named else f"Scale {number}",
                    abstract="We use sharding. Шардирование.",
                    language=language,
                    start=None if number % 7 == 0 else noon + datetime.timedelta(hours=number % 4),
                    is_published=number % 11 != 5,
                )
            )
    talks = Talk.objects.bulk_create(rows)
    # A third language has no terms of its own: its links are an organiser's.
    TalkTopic.objects.bulk_create(
        TalkTopic(talk=talk, topic=sharding, source=TopicSource.ADDED)
        for talk in talks
        if talk.language == "de"
    )
    TalkTopic.objects.filter(talk__slug__in=["en-4", "ru-8"], topic=sharding).update(
        source=TopicSource.REMOVED
    )
    return talks


@pytest.mark.parametrize("language", ["en", "ru", "de"])
def test_one_topics_best_talks_are_the_general_choices(carried, sharding, language):
    general = chosen(LINKS_BEST, ([sharding.pk], language))
    one = chosen(LINK_BEST, ([sharding.pk], language, language))

    assert one == general
    assert len(one) == CROSS_LIMIT
    assert {talk_id for talk_id, _ in one} <= set(
        TalkTopic.objects.filter(
            topic=sharding, source__in=("auto", "added"), talk__is_published=True
        ).values_list("talk_id", flat=True)
    )


def test_few_talks_on_either_side(sharding):
    edition = EditionFactory()
    Talk.objects.bulk_create(
        Talk(
            edition=edition,
            slug=f"few-{language}",
            title="Sharding",
            abstract="",
            language=language,
            is_published=True,
        )
        for language in ("en", "ru")
    )

    one = chosen(LINK_BEST, ([sharding.pk], "ru", "ru"))

    assert one == chosen(LINKS_BEST, ([sharding.pk], "ru"))
    assert [Talk.objects.get(pk=talk_id).language for talk_id, _ in one] == ["en", "ru"]
