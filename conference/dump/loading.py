"""What an import keeps while it loads a dump's kinds one after the other: the ids each kind
brought (so that a reference to a row the dump does not hold is refused by name, before
the database would refuse it without one), and how rows are inserted with their own ids
and timestamps."""

from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection

from conference.db.timestamps import given_timestamps
from conference.dump.fields import Record

BATCH = 1000


class Loading:
    """The state of one import: ids seen per kind, and for some kinds what they belong to
    (a track's edition, a photo's gallery); for a kind known by slug (topics), the id
    each slug has in this installation."""

    def __init__(self):
        self.ids: dict[str, set[int]] = defaultdict(set)
        self.owner: dict[str, dict[int, int]] = defaultdict(dict)
        self.slugs: dict[str, dict[str, int | None]] = defaultdict(dict)
        self.counts: dict[str, int] = {}

    def add(self, record: Record, kind: str, pk: int, *, owner: int | None = None) -> int:
        """Note row `pk` of `kind` (of `owner`, if given); a second row with it is refused."""
        if pk in self.ids[kind]:
            raise record.error(f"{kind} id {pk} appears twice")
        if pk < 1:
            raise record.error(f"{kind} id {pk} is not a positive number")
        self.ids[kind].add(pk)
        if owner is not None:
            self.owner[kind][pk] = owner
        return pk

    def known(self, record: Record, kind: str, pk: int | None, key: str) -> int | None:
        """`pk` if the dump holds a row of `kind` with it (None passes); else an error."""
        if pk is not None and pk not in self.ids[kind]:
            raise record.error(f"{key} {pk} is not in {kind}.jsonl")
        return pk

    def add_slug(self, record: Record, kind: str, slug: str) -> str:
        """Note row `slug` of `kind` (its loader notes its id once it has one); a second
        row with it is refused."""
        if slug in self.slugs[kind]:
            raise record.error(f"{kind} slug {slug!r} appears twice")
        self.slugs[kind][slug] = None
        return slug

    def known_slug(self, record: Record, kind: str, slug: str, key: str) -> int:
        """The id of row `slug` of `kind` if the dump holds it; else an error."""
        if slug not in self.slugs[kind]:
            raise record.error(f"{key}: {slug!r} is not in {kind}.jsonl")
        return self.slugs[kind][slug]


def create(model, rows: list, records: list[Record] | None = None) -> None:
    """Insert `rows` of `model` with their own ids and, given their `records`, with the
    records' created_at and updated_at (in the INSERT: Django would stamp them now, and
    a second UPDATE would write every row again), then move the model's id sequence past
    them, so that rows added later get new ids."""
    if records is not None:
        for row, record in zip(rows, records, strict=True):
            row.created_at = record.moment("created_at")
            row.updated_at = record.moment("updated_at")
    with given_timestamps():
        model.objects.bulk_create(rows, batch_size=BATCH)
    reset_sequences(model)


def reset_sequences(*models) -> None:
    """Move the id sequences of `models` past their highest id (as loaddata does)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
