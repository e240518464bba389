"""conference/dump/tasks.py and build.publish: the published dump follows the archive,
one rebuild per burst of writes, and only the newest file is kept."""

import pytest
from django.core.files.storage import default_storage

from conference.dump.build import STABLE_NAME, build, publish
from conference.dump.models import DumpState
from conference.dump.tasks import rebuild_dump, request_rebuild
from talks.models import Talk
from tests.conference.dump.conftest import members


@pytest.fixture
def rebuilds_on(settings):
    settings.DUMP = {**settings.DUMP, "REBUILD_ON_CHANGE": True}


def _dump_files() -> list[str]:
    try:
        return sorted(default_storage.listdir("dumps")[1])
    except FileNotFoundError:
        return []


def test_rebuild_publishes_stable_and_versioned_files(archive):
    assert rebuild_dump.call() == "published"

    state = DumpState.objects.get()
    assert _dump_files() == sorted([STABLE_NAME.split("/")[1], state.file_name.split("/")[1]])
    with default_storage.open(STABLE_NAME) as stable, default_storage.open(state.file_name) as v:
        assert stable.read() == v.read()


def test_rebuild_without_public_change_writes_no_file(archive):
    rebuild_dump.call()
    first = DumpState.objects.get().file_name
    draft = Talk.objects.filter(is_published=False).first()
    draft.title = "Still a draft"
    draft.save()

    assert rebuild_dump.call() == "unchanged"
    assert DumpState.objects.get().file_name == first


def test_unpublished_talk_leaves_the_dump_and_the_old_file_goes(archive):
    rebuild_dump.call()
    old = DumpState.objects.get().file_name
    talk = archive.public["talk"]
    Talk.objects.filter(pk=talk.pk).update(is_published=False)

    assert rebuild_dump.call() == "published"
    state = DumpState.objects.get()
    assert state.file_name != old
    assert not default_storage.exists(old)
    with default_storage.open(STABLE_NAME) as stable:
        assert b"Foreign data wrappers" not in b"".join(members(stable.read()).values())


def test_an_older_dump_never_replaces_a_newer_one(archive):
    older = build()
    Talk.objects.filter(pk=archive.public["talk"].pk).update(title="Renamed")
    newer = build()
    publish(newer)

    state, changed = publish(older)

    assert not changed
    assert state.archive_version == newer.archive_version


def test_a_burst_of_writes_queues_one_rebuild(
    archive, rebuilds_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        queued = [request_rebuild() for _ in range(3)]

    assert queued == [True, False, False]
    assert len(callbacks) == 1


def test_no_rebuild_queued_while_the_dump_is_current(
    archive, rebuilds_on, django_capture_on_commit_callbacks
):
    rebuild_dump.call()

    with django_capture_on_commit_callbacks() as callbacks:
        assert request_rebuild() is False
    assert callbacks == []


def test_a_post_after_a_write_rebuilds_the_dump(
    archive, rebuilds_on, organiser_client, django_capture_on_commit_callbacks
):
    rebuild_dump.call()
    Talk.objects.filter(pk=archive.public["talk"].pk).update(title="Renamed in the admin")

    # Any request that may write (here signing out) asks whether the archive changed.
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post("/admin/logout/")

    with default_storage.open(STABLE_NAME) as stable:
        assert b"Renamed in the admin" in members(stable.read())["talks.jsonl"]


def test_a_get_queues_no_rebuild(archive, rebuilds_on, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        client.get("/")

    assert callbacks == []
    assert not DumpState.objects.exists()
