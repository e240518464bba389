"""Organisers curate topics in the admin (talks/topic_admin.py)."""

import pytest
from django.urls import reverse

from talks.models import TalkTopic, Topic
from talks.topics import TopicSource
from tests.factories import TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOPICS = reverse("admin:talks_topic_changelist")


def test_topic_list_counts_talks_carrying_the_topic(organiser_client):
    topic = TopicFactory(name_en="Walruses", terms_en=["walrus"])
    TalkFactory(title="Walrus operators", abstract="")
    taken_off = TalkFactory(title="Walrus again", abstract="")
    TalkTopic.objects.filter(talk=taken_off, topic=topic).update(source=TopicSource.REMOVED)

    response = organiser_client.get(TOPICS, {"q": "walrus"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [topic]
    assert response.context["cl"].result_list[0].talk_count == 1


def test_topic_is_saved_with_one_term_a_line(organiser_client):
    response = organiser_client.post(
        reverse("admin:talks_topic_add"),
        {
            "name_en": "Walruses",
            "name_ru": "Моржи",
            "slug": "walruses",
            "terms_en": "walrus\r\n\r\n  walrus operator  \r\n",
            "terms_ru": "морж\r\nморжовый оператор",
        },
    )

    assert response.status_code == 302
    topic = Topic.objects.get(slug="walruses")
    assert topic.terms_en == ["walrus", "walrus operator"]
    assert topic.terms_ru == ["морж", "моржовый оператор"]


def test_talk_change_page_lists_its_topics(organiser_client):
    TopicFactory(name_en="Walruses", terms_en=["walrus"])
    talk = TalkFactory(title="Walrus operators", abstract="")

    response = organiser_client.get(reverse("admin:talks_talk_change", args=[talk.pk]))

    assert response.status_code == 200
    assert "Walruses" in response.text
