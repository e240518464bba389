"""A topic link carries what cross-lingual search orders a topic's talks by (whether the
talk is public, its language and start, whether its title names the topic), kept by
PostgreSQL as talks, editions and topics change (talks/sql/
archive_talk_topic_before_write.sql), without marking related talks stale."""

import datetime

import pytest
from django.utils import timezone

from talks.models import StaleRelatedTalk, TalkTopic
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db


def copied(talk, topic) -> tuple:
    return TalkTopic.objects.values_list(
        "talk_is_public", "talk_language", "talk_start", "in_title"
    ).get(talk=talk, topic=topic)


def test_a_new_link_copies_its_talk(sharding):
    talk = TalkFactory(title="Sharding at scale", abstract="")
    plain = TalkFactory(title="Scale", abstract="We use sharding.", language="ru")

    assert copied(talk, sharding) == (True, "en", talk.start, True)
    assert copied(plain, sharding) == (True, "ru", plain.start, False)


def test_the_link_follows_edits_of_its_talk(sharding):
    talk = TalkFactory(title="Sharding at scale", abstract="Sharding.")
    start = timezone.make_aware(datetime.datetime(2031, 5, 6, 12, 0))

    talk.title = "Scale"
    talk.language = "ru"
    talk.start = start
    talk.is_published = False
    talk.save()

    assert copied(talk, sharding) == (False, "ru", start, False)


def test_the_link_follows_its_edition_being_published(sharding):
    talk = TalkFactory(title="Sharding", abstract="")
    edition = talk.edition

    edition.is_published = False
    edition.save()
    assert copied(talk, sharding)[0] is False

    edition.is_published = True
    edition.save()
    assert copied(talk, sharding)[0] is True


def test_the_link_follows_its_topic_terms(sharding):
    talk = TalkFactory(title="Partitioning and sharding", abstract="")
    assert copied(talk, sharding)[3] is True
    TalkTopic.objects.filter(talk=talk, topic=sharding).update(source="added")

    sharding.name_en = "Horizontal scaling"
    sharding.terms_en = ["horizontal scaling"]
    sharding.save()

    assert copied(talk, sharding)[3] is False


def test_rewriting_the_copies_marks_no_related_talk_stale(sharding):
    talk = TalkFactory(title="Sharding", abstract="")
    StaleRelatedTalk.objects.all().delete()

    talk.start = talk.start + datetime.timedelta(hours=1)
    talk.save()

    assert not StaleRelatedTalk.objects.exists()
    assert copied(talk, sharding)[2] == talk.start
