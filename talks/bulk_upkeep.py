"""Talks inserted in bulk (a restore of the public dump): what the database keeps for them
built once, set-based, instead of by a trigger per statement.

PostgreSQL's triggers keep, as rows are written, each talk's search and title documents,
facet arrays and credits (archive_talk_search_before_write, archive_refresh_talk_search),
the vocabulary (archive_refresh_talk_words), the automatic topics
(archive_refresh_talk_topics) and the notes for the related talks' refresh
(archive_mark_related_stale). Inserting thousands of talks, then their speakers, then
their projects ran them again at each step: a talk's document for the talk, again for its
speakers, again for its projects, and its words each time its document changed.
deferred_upkeep() turns those triggers off inside its block and, on leaving it, runs the
same functions once over every talk: no second copy of what they compute. The archive
version's triggers stay on.

ALTER TABLE ... DISABLE TRIGGER is transactional: it holds the tables' exclusive lock
until the caller's transaction ends (other sessions wait for the talks meanwhile), and a
rollback undoes it with the rows. Hence only inside a transaction, and only for a write
that owns the archive while it runs (import_dump, into an empty installation).
"""

from contextlib import contextmanager

from django.db import connection

# (table, trigger) of talks migrations 0002, 0026 and 0027 whose work the block's end
# does for all talks at once: those of the inserts, and the words' trigger of the talks'
# UPDATE, which the end's own UPDATE of the documents would run. The talk row's own
# trigger (talk_search_before_write) stays on: it gives each inserted talk its title
# document, which no function outside it computes, and a first search document, which
# the end completes with the talk's speakers and projects.
DEFERRED = (
    ("talks_talk", "talk_words_insert"),
    ("talks_talk", "talk_words_update"),
    ("talks_talk", "talk_topics_insert"),
    ("talks_talkspeaker", "talkspeaker_insert_search"),
    ("talks_talkspeaker", "talks_talkspeaker_related_insert"),
    ("talks_talk_projects", "talkproject_insert_search"),
    ("talks_talk_projects", "talks_talk_projects_related_insert"),
)

# In this order: the documents and credits (the topics' UPDATE trigger finds no text
# changed in that UPDATE), the words of the
# finished talks (their speakers', companies' and projects' names among them), the
# topics from the finished documents, the related talks' notes. The topics are found per
# topic through the documents' GIN index (archive_refresh_topic_talks, what a new topic
# runs: for talks none of which had topics, the same rows as archive_refresh_talk_topics,
# the talks' insert trigger, which tries every topic on every talk), once the index's
# pending list, which the UPDATE filled and every index scan would read through, is
# merged into it.
UPKEEP = (
    "SELECT archive_refresh_talk_search(%(ids)s::bigint[])",
    "SELECT archive_refresh_talk_words(%(ids)s::bigint[])",
    "SELECT gin_clean_pending_list('talk_search_vector'::regclass)",
    "SELECT archive_refresh_topic_talks(ARRAY(SELECT id FROM talks_topic))",
    "SELECT archive_mark_related_stale(%(ids)s::bigint[])",
)


@contextmanager
def deferred_upkeep():
    """Inside, inserting talks, their speakers' credits and their projects runs none of
    the triggers of DEFERRED; on leaving, every talk of the database gets what they
    would have given it (see the module). Must run inside transaction.atomic().

    Side effects: on leaving normally, rewrites every talk's columns the database keeps,
    counts their words in the vocabulary, gives them their automatic topics and notes
    them for the related talks' refresh (which the caller enqueues:
    talks.related.refresh_on_commit).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_upkeep() must run inside a transaction.")
    _set(enabled=False)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM talks_talk")
        ids = cursor.fetchone()[0] or []
        for statement in UPKEEP:
            cursor.execute(statement, {"ids": ids})
    _set(enabled=True)


def _set(*, enabled: bool) -> None:
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        # Deferred foreign-key checks are pending trigger events, which ALTER TABLE
        # refuses; checked now, then deferred again as Django's constraints are.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in DEFERRED:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER {trigger}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
