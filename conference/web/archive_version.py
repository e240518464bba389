"""The archive's version, the page cache's key: a model of the web infrastructure.

It lives here, beside the page cache that reads it (conference/web/page_cache.py), so
that the infrastructure imports no app; conference/models.py imports it so that Django
registers it with the conference app (its table stays conference_archiveversion).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The version the page cache read at the start of the request being answered, for the
# request's length (ArchiveVersion.answering): what else keys by the version in that request
# (the search cache, talks/search_cache.py) reads it here rather than asking again.
_of_request: ContextVar[int | None] = ContextVar("archive_version_of_request", default=None)


class ArchiveVersion(models.Model):
    """The archive's version: one row that changes with every write public pages could show.

    Only PostgreSQL writes it, from the statement triggers of migration 0004_archive_version
    on every table a public page or the API reads, so an edit in the admin, a bulk update,
    an import or psql all change it. The page cache (conference/web/page_cache.py) keys pages
    by it: a new version makes every cached page unreachable at once.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    # A count of the transactions that wrote the archive, which started at the clock's
    # microseconds (so that a lost row, coming back the same way, never reuses a value).
    version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("archive version")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="archive_version_single_row"),
        ]

    def __str__(self):
        return str(self.version)

    @classmethod
    def lock_for_write(cls) -> None:
        """Take the version row's lock now, before the row locks of the transaction.

        Call it inside transaction.atomic() before SELECT ... FOR UPDATE on archive rows.
        The triggers take this lock at a transaction's first write; a transaction that locks
        archive rows before writing would otherwise hold them while another writer holds the
        version row and waits for one of them: a deadlock. The version itself changes only
        if the transaction then writes (an unchanged re-import keeps every cached page).
        """
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM conference_archiveversion WHERE id = 1 FOR UPDATE")

    @classmethod
    def move_past_clock(cls, using: str = "default") -> None:
        """Set the version above both its value and the clock in microseconds, the way the
        triggers start it: for a database whose row came back from elsewhere (a restore),
        where a value once used by the pages cached before must not come back."""
        with connections[using].cursor() as cursor:
            cursor.execute(
                "UPDATE conference_archiveversion SET version = greatest(version + 1,"
                " (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)"
            )

    @classmethod
    def current(cls) -> int:
        """The version now, in one query; 0 while the row is missing (a flushed test
        database), until the next write puts it back.

        It also clears the trigger's "already counted" mark of this transaction, so that a
        write after this read counts again: only a transaction that reads the version and
        then writes more (a test, whose requests share one transaction) can tell.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version, set_config('archive.version_bumped', '', true)"
                " FROM conference_archiveversion WHERE id = 1"
            )
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    @contextmanager
    def answering(cls, version: int | None) -> Iterator[None]:
        """While answering a request: `version`, read at its start, is of_request()'s (None:
        nothing read, of_request() asks)."""
        token = _of_request.set(version)
        try:
            yield
        finally:
            _of_request.reset(token)

    @classmethod
    def of_request(cls) -> int:
        """The version read at the start of the request being answered (answering()), else
        current(): a cache storing what it reads after it stays never stale, as the page
        cache's pages are (what it stores is at least as new as that version)."""
        version = _of_request.get()
        return cls.current() if version is None else version
