"""Related talks refreshed in the background (talks/related.py): the database notes the
talks whose lists may be stale, once each; the task refreshes them, idempotently; a
command does it by hand or for every talk; and the talk page never shows a talk that is
not public, even from a stale list."""

import pytest
from django.core.management import call_command

from talks.models import StaleRelatedTalk, Talk
from talks.related import mark_all_stale, refresh_on_commit, refresh_stale
from tests.factories import EditionFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walruses():
    TopicFactory(slug="walruses", name_en="Walruses", terms_en=["walrus"], terms_ru=["морж"])
    edition = EditionFactory(slug="pgconf-2030")
    first = TalkFactory(edition=edition, slug="first", title="Walrus operators", abstract="")
    second = TalkFactory(edition=edition, slug="second", title="Walrus tusks", abstract="")
    return first, second


def related(talk) -> list[int]:
    return Talk.objects.get(pk=talk.pk).related_ids


def stale() -> set[int]:
    return set(StaleRelatedTalk.objects.values_list("talk_id", flat=True))


def test_a_change_notes_its_talks_once_and_refreshes_nothing_by_itself(walruses):
    first, second = walruses

    assert stale() >= {first.pk, second.pk}
    assert related(first) == []
    for title in ("Walrus a", "Walrus b", "Walrus c"):
        Talk.objects.filter(pk=first.pk).update(title=title)
    assert StaleRelatedTalk.objects.filter(talk_id=first.pk).count() == 1


def test_the_refresh_takes_every_noted_talk_and_is_idempotent(walruses):
    first, second = walruses

    taken = refresh_stale(batch=1)

    assert taken >= 2
    assert stale() == set()
    assert (related(first), related(second)) == ([second.pk], [first.pk])
    assert refresh_stale() == 0
    mark_all_stale()
    refresh_stale()
    assert (related(first), related(second)) == ([second.pk], [first.pk])


def test_the_task_runs_once_the_write_commits(walruses, django_capture_on_commit_callbacks):
    first, second = walruses

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refresh_on_commit()
        assert related(first) == []  # not before the commit

    assert len(callbacks) == 1
    assert related(first) == [second.pk]
    assert stale() == set()


def test_unpublishing_a_talk_refreshes_its_neighbours_in_the_background(walruses):
    first, second = walruses
    refresh_stale()

    Talk.objects.filter(pk=second.pk).update(is_published=False)

    assert second.pk in stale()
    refresh_stale()
    assert related(first) == []


def test_the_talk_page_never_shows_a_draft_from_a_stale_list(client, walruses):
    first, second = walruses
    refresh_stale()
    Talk.objects.filter(pk=second.pk).update(is_published=False)

    response = client.get("/pgconf-2030/talks/first/")

    assert related(first) == [second.pk]  # stale: the task has not run
    assert response.context["related_talks"] == []
    assert "Walrus tusks" not in response.text


def test_the_command_refreshes_every_talk_with_a_progress_bar(walruses, capsys):
    first, second = walruses
    refresh_stale()
    Talk.objects.update(related_ids=[])

    call_command("refresh_related", "--all")

    out, err = capsys.readouterr()
    assert related(first) == [second.pk]
    assert "Refreshed the related talks around" in out
    assert "#" in err
    assert "] " in err
