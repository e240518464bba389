"""Writers that lock archive rows take the archive version's lock first, or deadlock.

Two real connections: an import-like transaction that locks an edition with SELECT ...
FOR UPDATE and then writes a talk, and an admin-like transaction that updates the same
edition (its trigger takes the version row's lock before the edition's row lock).
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from conference.models import Edition
from conference.web.archive_version import ArchiveVersion
from talks.models import Talk
from tests.factories import TalkFactory

# serialized_rollback: the flush after a transactional test without it re-creates the
# content types, which a following test with it (test_backup.py) then restores a second
# time, and fails on (when the two modules run next to each other, as in `pytest
# tests/conference`).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_in_thread(target, errors):
    def wrapped():
        try:
            target()
        except OperationalError as error:  # DeadlockDetected is one
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=wrapped)
    thread.start()
    return thread


def wait_for_a_blocked_writer(timeout=10.0):
    """Until another session of this database waits for a lock (the admin's save)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Statistics views keep one snapshot per transaction unless told to let it go.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the admin's save never waited for a lock")


def import_like(edition_pk, talk_pk, started, *, lock_version_first):
    with transaction.atomic():
        if lock_version_first:
            ArchiveVersion.lock_for_write()
        Edition.objects.select_for_update().get(pk=edition_pk)
        started.set()
        wait_for_a_blocked_writer()
        Talk.objects.filter(pk=talk_pk).update(title="Imported title")


def admin_like(edition_pk, started):
    started.wait(timeout=10)
    with transaction.atomic():
        Edition.objects.filter(pk=edition_pk).update(name_en="Renamed in the admin")


def race(*, lock_version_first):
    talk = TalkFactory()
    errors = []
    started = threading.Event()
    threads = [
        run_in_thread(
            lambda: import_like(
                talk.edition_id, talk.pk, started, lock_version_first=lock_version_first
            ),
            errors,
        ),
        run_in_thread(lambda: admin_like(talk.edition_id, started), errors),
    ]
    for thread in threads:
        thread.join(timeout=30)
    return talk, errors


def test_locking_the_version_first_lets_both_writers_finish():
    talk, errors = race(lock_version_first=True)

    assert errors == []
    talk.refresh_from_db()
    assert talk.title == "Imported title"
    assert talk.edition.name == "Renamed in the admin"


def test_without_it_postgresql_reports_a_deadlock():
    """The control: the race above is real."""
    _, errors = race(lock_version_first=False)

    assert len(errors) == 1
    assert "deadlock" in str(errors[0])
