"""Tagging a topic's talks afresh after an organiser edits it, in the background.

A topic's names and terms decide which talks carry it (talks/topics.py); changing them
means matching the topic against every talk, which at 20,000 talks is no work for the
admin's save request (and an error there would lose the organiser's feedback on the edit
itself). So the admin saves with defer_tagging(): the database's trigger then only notes
the topic (StaleTopic, talks/sql/archive_topic_changed.sql), and retag_on_commit()
enqueues retag_topics, a task of Django's tasks framework as related talks' refresh is
(talks/related.py). The task takes the noted topics in small batches, tags their talks
(archive_refresh_topic_talks: only "auto" rows are written or deleted, so an organiser's
"added" and "removed" rows stay), and enqueues the related talks' refresh the new tags
call for. `manage.py retag_topics [--all]` does the same by hand.

Safe to run twice, at once, or again after a killed worker: each batch is taken with FOR
UPDATE SKIP LOCKED and its notes deleted in the transaction that tags it, so a killed
task's topics stay noted for the next run (requeue_stale_tasks needs nothing more), and
tagging again gives the same rows.
"""

from collections.abc import Callable
from functools import partial

from django.db import connection, transaction
from django.tasks import task

from talks import stale_notes
from talks.related import refresh_on_commit

# Topics taken per transaction: a popular topic tags thousands of talks, and a batch's
# row locks are held until it commits.
BATCH = 10

TAKE = """DELETE FROM talks_staletopic WHERE topic_id IN (
    SELECT topic_id FROM talks_staletopic ORDER BY topic_id
    LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING topic_id"""


def defer_tagging() -> None:
    """Until the current transaction ends, a topic's changed terms only note it for the
    background task instead of tagging its talks at once. Call it inside the
    transaction that saves the topic."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('archive.defer_topic_tagging', 'on', true)")


def stale_count() -> int:
    """How many topics wait for their talks to be tagged."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM talks_staletopic")
        return cursor.fetchone()[0]


def mark_all_stale() -> int:
    """Note every topic (to tag the whole archive again); returns how many wait."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO talks_staletopic (topic_id) SELECT id FROM talks_topic "
            "ON CONFLICT DO NOTHING"
        )
    return stale_count()


def retag_stale(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Tag the talks of every noted topic afresh, `batch` topics a transaction, until
    none is left; returns how many topics were taken. progress(n) after each batch.

    Side effects: writes and deletes the "auto" TalkTopic rows of those topics (whose
    trigger notes the talks concerned for the related talks' refresh); deletes the notes
    it took; enqueues the related talks' refresh once something was tagged.
    """
    taken = stale_notes.drain(
        TAKE, "SELECT archive_refresh_topic_talks(%s::bigint[])", batch=batch, progress=progress
    )
    if taken:
        refresh_on_commit()
    return taken


@task
def retag_topics() -> int:
    """The background tagging of the noted topics' talks (retag_stale); returns how many
    topics it took. Enqueued by retag_on_commit()."""
    return retag_stale()


def retag_on_commit() -> None:
    """Enqueue the tagging once the current transaction commits (at once outside one);
    a task that finds the notes already taken costs one statement."""
    transaction.on_commit(partial(retag_topics.enqueue), robust=True)
