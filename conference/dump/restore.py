"""`import_dump`: a public data dump restored into an empty installation.

All or nothing: the file is read and checked whole first (conference.dump.archive), then
every kind is loaded in one transaction, each value checked as it is read
(conference.dump.fields) and each reference checked against the dump itself
(conference.dump.loading). Any error rolls everything back and says which file, line and
key were wrong. An archive that holds any edition, talk, speaker, company, project,
gallery or photo already is refused: an import does not merge. Topics are the exception:
every installation holds the seeded ones, so the dump's are matched to them by slug
(conference/dump/load_topics.py).

Photos come without their files: the dump references renditions, portraits and slides by
URL and storage name, and the imported rows name the same storage names (docs/dump.md
says how to bring the files along).
"""

from pathlib import Path

from django.db import DatabaseError, connection, transaction
from psycopg.errors import InsufficientPrivilege

from conference.dump import archive
from conference.dump.fields import DumpError
from conference.dump.kinds import KINDS
from conference.dump.loading import Loading
from conference.models import Edition
from photos.models import Gallery, Photo
from talks.models import Company, Project, Speaker, Talk
from talks.related import refresh_on_commit

# What makes an installation not empty: any row of these.
ARCHIVE_MODELS = (Edition, Talk, Speaker, Company, Project, Gallery, Photo)


def import_dump(path: Path) -> dict[str, int]:
    """Load the dump at `path` into this empty archive; return the records loaded per kind.

    Side effects: creates every row the dump describes, published, with its own ids (the
    id sequences move past them), and creates or updates its topics by slug, in one
    transaction; once it commits, queues the refresh of the talks' related talks (derived
    from their topics, speakers and projects: talks/related.py). Raises DumpError, having
    changed nothing, for a file that is not a sound dump or an archive that is not empty.
    """
    contents = archive.read(
        path,
        tuple(kind.name for kind in KINDS),
        optional=frozenset(kind.name for kind in KINDS if kind.optional),
    )
    try:
        with transaction.atomic():
            _refuse_unless_empty()
            loading = Loading()
            for kind in KINDS:
                kind.load(contents.records[kind.name], loading)
            # The foreign keys are checked at commit: here, so that a broken one is reported
            # as the dump's error, inside the transaction it rolls back.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            refresh_on_commit()
    except DatabaseError as error:
        if isinstance(error.__cause__, InsufficientPrivilege):
            # Not the dump's fault: turning the talks' triggers off for the bulk insert
            # (talks.bulk_upkeep) needs the user that owns the tables, as migrate does.
            raise DumpError(
                "The database user may not do what the import needs (run it as the user "
                f"that owns the tables, as for migrate; nothing was changed): {_first_line(error)}"
            ) from None
        raise DumpError(f"The dump breaks a rule of the archive: {_first_line(error)}") from None
    return {kind.name: len(contents.records[kind.name]) for kind in KINDS}


def _refuse_unless_empty() -> None:
    for model in ARCHIVE_MODELS:
        if model.objects.exists():
            raise DumpError(
                f"This installation already holds {model._meta.verbose_name_plural}: a dump "
                "is imported into an empty archive only (nothing was changed)."
            )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
