"""Work the database notes as talks and topics change, done later in batches.

Related talks (talks/related.py) and a topic's tagging (talks/topic_tagging.py) both keep
a table of notes (the talks or topics to redo) that a task drains: take a batch of notes
with FOR UPDATE SKIP LOCKED, deleting them in the transaction that does their work, so a
killed worker's batch stays noted and two workers never take the same notes.
"""

from collections.abc import Callable

from django.db import connection, transaction


def drain(take: str, work: str, *, batch: int, progress: Callable[[int], None] | None) -> int:
    """Run `take` (deletes up to `batch` notes, RETURNING their ids) and `work` (one
    function call over those ids as %s::bigint[]) a transaction a batch, until no note is
    left; returns how many notes were taken. progress(n) after each batch."""
    taken = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(take, [batch])
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                cursor.execute(work, [ids])
        if not ids:
            return taken
        taken += len(ids)
        if progress is not None:
            progress(len(ids))
