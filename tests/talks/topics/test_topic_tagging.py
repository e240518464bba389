"""An organiser's edit of a topic tags its talks in the background (talks/topic_tagging.py),
after the edit committed, keeping the organisers' own choices."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conference.ops.worker_recovery import requeue_stale_tasks
from talks.models import StaleTopic, TalkTopic
from talks.topic_tagging import defer_tagging, retag_on_commit
from talks.topics import TopicSource
from tests.conference.test_faults import run_worker_to_end
from tests.factories import TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def sources(topic) -> dict[str, str]:
    """The topic's rows, by talk title: where each comes from."""
    rows = TalkTopic.objects.filter(topic=topic).select_related("talk")
    return {row.talk.title: row.source for row in rows}


def edit(client, topic, terms_en: str):
    return client.post(
        reverse("admin:talks_topic_change", args=[topic.pk]),
        {
            "name_en": topic.name_en,
            "name_ru": topic.name_ru,
            "slug": topic.slug,
            "terms_en": terms_en,
            "terms_ru": "",
        },
        follow=True,
    )


def test_admin_edit_tags_after_the_request_keeping_organisers_choices(
    organiser_client, django_capture_on_commit_callbacks
):
    topic = TopicFactory(slug="pinnipeds", name_en="Pinnipeds", terms_en=["walrus"])
    TalkFactory(title="Walrus operators", abstract="")
    TalkFactory(title="Narwhal tusks", abstract="")
    taken_off = TalkFactory(title="Narwhal migrations", abstract="")
    put_on = TalkFactory(title="Seal colonies", abstract="")
    TalkTopic.objects.create(talk=taken_off, topic=topic, source=TopicSource.REMOVED)
    TalkTopic.objects.create(talk=put_on, topic=topic, source=TopicSource.ADDED)

    with django_capture_on_commit_callbacks() as callbacks:
        response = edit(organiser_client, topic, "narwhal")

        # The request only noted the topic: its talks are tagged as before.
        assert response.status_code == 200
        assert list(StaleTopic.objects.values_list("topic_id", flat=True)) == [topic.pk]
        assert sources(topic) == {
            "Walrus operators": "auto",
            "Narwhal migrations": "removed",
            "Seal colonies": "added",
        }
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("being tagged in the background" in message for message in shown)

    for callback in callbacks:
        callback()

    assert sources(topic) == {
        "Narwhal tusks": "auto",
        "Narwhal migrations": "removed",
        "Seal colonies": "added",
    }
    assert not StaleTopic.objects.exists()


def test_admin_save_without_new_terms_enqueues_nothing(
    organiser_client, django_capture_on_commit_callbacks
):
    topic = TopicFactory(slug="walruses", name_en="Walruses", terms_en=["walrus"])

    with django_capture_on_commit_callbacks() as callbacks:
        response = edit(organiser_client, topic, "walrus")

    assert response.status_code == 200
    assert not StaleTopic.objects.exists()
    assert not [
        message for message in get_messages(response.wsgi_request) if "background" in str(message)
    ]
    assert callbacks == []


def test_writes_outside_the_admin_still_tag_at_once():
    TalkFactory(title="Walrus operators", abstract="")

    topic = TopicFactory(slug="walruses", name_en="Walruses", terms_en=["walrus"])

    assert sources(topic) == {"Walrus operators": "auto"}
    assert not StaleTopic.objects.exists()


def test_retag_topics_command_tags_noted_and_all_topics():
    topic = TopicFactory(slug="walruses", name_en="Walruses", terms_en=["walrus"])
    TalkFactory(title="Narwhal tusks", abstract="")
    with transaction.atomic():
        defer_tagging()
        topic.terms_en = ["narwhal"]
        topic.save()
    assert sources(topic) == {}

    call_command("retag_topics", verbosity=0)

    assert sources(topic) == {"Narwhal tusks": "auto"}
    TalkTopic.objects.filter(topic=topic).delete()

    call_command("retag_topics", "--all", verbosity=0)

    assert sources(topic) == {"Narwhal tusks": "auto"}
    assert not StaleTopic.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tagging_task_of_a_dead_worker_is_requeued_and_tags(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    topic = TopicFactory(slug="pinnipeds", name_en="Pinnipeds", terms_en=["walrus"])
    TalkFactory(title="Narwhal tusks", abstract="")
    with transaction.atomic():
        defer_tagging()
        topic.terms_en = ["narwhal"]
        topic.save()
        retag_on_commit()
    task = DBTaskResult.objects.get(task_path="talks.topic_tagging.retag_topics")
    task.claim("worker-that-died")  # claimed, then killed before it took a batch

    assert [row.pk for row in requeue_stale_tasks(older_than=datetime.timedelta(0))] == [task.pk]
    assert run_worker_to_end(tmp_path) == ""

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert sources(topic) == {"Narwhal tusks": "auto"}
    assert not StaleTopic.objects.exists()
