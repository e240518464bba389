"""Related talks, refreshed in the background (issue 19, item 5).

A talk's related talks (Talk.related_ids, up to six, best first) are computed by
PostgreSQL (talks/sql/archive_related_talks.sql). Recomputing them around a change can
take minutes when a topic thousands of talks carry changes, so no save waits for it: the
database's triggers only note the talks concerned (StaleRelatedTalk, one row per talk
whatever number of changes), and refresh_related_talks, a task of Django's tasks
framework as photo renditions are (photos/tasks.py), takes them in batches and refreshes
the related talks around them. The writes that change topics, speakers, projects or
publication call refresh_on_commit(); `manage.py refresh_related` does the same by hand,
or for every talk (`--all`) on an archive from before this existed.

Safe to run twice or at once: each batch is taken with FOR UPDATE SKIP LOCKED and
deleted in the transaction that refreshes it, so two workers never take the same talks,
a killed worker's batch stays noted, and recomputing gives the same lists. While a list
is stale the talk page still shows no talk that is not public: its reader checks
visibility as it reads them (talks.readers.topics.related_talks).
"""

from collections.abc import Callable
from functools import partial

from django.db import connection, transaction
from django.tasks import task

from talks import stale_notes

# Talks taken per transaction: a batch's refresh holds its row locks until it commits.
BATCH = 200

TAKE = """DELETE FROM talks_stalerelatedtalk WHERE talk_id IN (
    SELECT talk_id FROM talks_stalerelatedtalk ORDER BY talk_id
    LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING talk_id"""


def stale_count() -> int:
    """How many talks wait for their related talks' refresh."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM talks_stalerelatedtalk")
        return cursor.fetchone()[0]


def mark_all_stale() -> int:
    """Note every talk for the refresh (an archive from before the refresh task, or
    after a restore); returns how many talks wait."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT archive_mark_related_stale(ARRAY(SELECT id FROM talks_talk))")
    return stale_count()


def mark_editions_stale(edition_ids) -> None:
    """Note the talks of editions published or unpublished (a talk's related talks are
    public talks of public editions), for the refresh refresh_on_commit() enqueues."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT archive_mark_related_stale(ARRAY("
            "SELECT id FROM talks_talk WHERE edition_id = ANY(%s::bigint[])))",
            [list(edition_ids)],
        )


def refresh_stale(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Refresh the related talks around every noted talk, `batch` talks a transaction,
    until none is left; returns how many talks were taken. progress(n) after each batch.

    Side effects: rewrites Talk.related_ids of those talks and their neighbours where
    their lists change (archive_refresh_related); deletes the notes it took.
    """
    return stale_notes.drain(
        TAKE, "SELECT archive_refresh_related(%s::bigint[])", batch=batch, progress=progress
    )


@task
def refresh_related_talks() -> int:
    """The background refresh of the noted talks' related talks (refresh_stale); returns
    how many talks it took. Enqueued by refresh_on_commit()."""
    return refresh_stale()


def refresh_on_commit() -> None:
    """Enqueue the refresh once the current transaction commits (at once outside one).
    Call it from any write that changes talks' topics, speakers, projects or
    publication; enqueueing it often costs nothing more than a task that finds the
    notes gone."""
    transaction.on_commit(partial(refresh_related_talks.enqueue), robust=True)
