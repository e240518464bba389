"""Model instances from the rows of hand-written SQL, for the few hottest reads.

Django compiles a queryset anew on every evaluation; for a talk page, whose querysets
carry subqueries for credits, gallery covers and renditions, that compilation cost
more than PostgreSQL spent running them (docs/performance.md, "Uncached pages"). The
readers that replace those querysets (talks/readers/talk_page.py, photos/readers/) write
constant SQL with these helpers and turn each row back into model instances through
Model.from_db, as the ORM does: fields a statement did not select stay deferred, so
reading one later costs a query (which the query-count tests catch) instead of showing a
wrong default.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import DEFERRED


@cache
def column_list(model: type[models.Model], alias: str, exclude: frozenset = frozenset()):
    """(attnames, SQL select list) of `model`'s concrete fields as `alias`.column."""
    fields = [field for field in model._meta.concrete_fields if field.attname not in exclude]
    attnames = tuple(field.attname for field in fields)
    return attnames, ", ".join(f'{alias}."{field.column}"' for field in fields)


def json_object(model: type[models.Model], alias: str, names: tuple[str, ...], **extra: str) -> str:
    """SQL for a JSON object of `alias`'s fields `names` (a row of `model`), keyed by
    attname, so that instance(model, the object) takes it as it comes, and of the `extra`
    SQL expressions by their keys: the field names are written once, where the reader
    lists what it shows, and read by key."""
    fields = [model._meta.get_field(name) for name in names]
    pairs = [f"'{field.attname}', {alias}.\"{field.column}\"" for field in fields]
    pairs += [f"'{key}', {expression}" for key, expression in extra.items()]
    return f"json_build_object({', '.join(pairs)})"


def instance(model: type[models.Model], values: dict):
    """One `model` instance from field values by attname, through Model.from_db as the
    ORM builds the rows of a queryset: a field left out is deferred (reading it later
    costs a query, which the query-count tests see, rather than showing a default), and
    the instance saves as an update of its row. Keys that are not concrete fields of
    `model` are ignored.

    JSON built by PostgreSQL's json_* functions arrives parsed (json, unlike jsonb, is
    not left as text by Django's connection), so nested rows can come as dicts too.
    Relations are set by the callers with the public forward descriptors
    (`talk.edition = edition`), which fill the related-object cache.
    """
    # Every field in order, a missing one as DEFERRED (Model.from_db's documented marker,
    # which Model.__init__ leaves unset): from_db then takes the row as it is, instead of
    # looking each field up among the loaded names.
    names = _attnames(model)
    return model.from_db(DEFAULT_DB_ALIAS, names, [values.get(name, DEFERRED) for name in names])


@cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    # from_db takes the values of a partial row in the order of the concrete fields.
    return tuple(field.attname for field in model._meta.concrete_fields)


def split_row(row, *column_lists):
    """Cut a row into one dict of values by attname per column_list() given, in order,
    and the values left over (a statement's extra columns)."""
    parts, start = [], 0
    for names, _ in column_lists:
        parts.append(dict(zip(names, row[start : start + len(names)], strict=True)))
        start += len(names)
    return parts, row[start:]


def fetch_all(sql: str, params: dict) -> list[tuple]:
    """Every row of one of the readers' constant statements.

    A plain cursor of the default connection: the statements are constant text with
    every request value a parameter, so that psycopg prepares each on its connection
    once it has run DATABASES' OPTIONS["prepare_threshold"] times (see the database
    section of conference/settings.py), and PostgreSQL stops planning it anew.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_page(sql: str, offset: int = 0, limit: int | None = None) -> list[tuple]:
    """Every row of one of the readers' constant statements, or with a limit the `limit`
    rows from `offset` in the statement's own order (its ORDER BY, which names a unique
    order): a sitemap's file reads only the rows it lists (conference/sitemaps.py). The
    whole read keeps its own statement, and its plan."""
    if limit is None and not offset:
        return fetch_all(sql, {})
    return fetch_all(f"{sql} LIMIT %(limit)s OFFSET %(offset)s", {"limit": limit, "offset": offset})


def count_and_newest(sql: str, column: int) -> tuple[int, object]:
    """How many rows one of the readers' constant statements returns, and the largest
    value of its `column`th column (1-based; None for no row), without fetching them: a
    sitemap index counts and dates each section from this (conference/sitemaps.py)."""
    names = ", ".join([*(f"_{number}" for number in range(1, column)), "newest"])
    statement = f"SELECT count(*), max(rows.newest) FROM ({sql}) AS rows({names})"  # noqa: S608 -- the readers' constant statements and numbered names only
    with connection.cursor() as cursor:
        cursor.execute(statement, {})
        return cursor.fetchone()
