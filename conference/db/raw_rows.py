"""Model instances from the rows of hand-written SQL, for the few hottest reads.

Django compiles a queryset anew on every evaluation; for a talk page, whose querysets
carry subqueries for credits, gallery covers and renditions, that compilation cost
several times what PostgreSQL spent running them. The readers that replace those
querysets (talks/talk_page.py, photos/queries.py) write constant SQL with these
helpers and turn each row back into model instances through Model.from_db, as the ORM
does: fields a statement did not select stay deferred, so reading one later costs a
query (which the query-count tests catch) instead of showing a wrong default.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models.base import ModelState
from django.db.models.signals import post_init


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
    """One `model` instance from field values by attname, as Model.from_db builds it.

    from_db calls the model's __init__, which walks every field and sends pre_init and
    post_init: for the lists of talks, with their editions, speakers and companies (up
    to some thousands of instances a page), that was most of the readers' Python time.
    Here the values go straight into the instance's __dict__, which is all __init__ does
    with them for rows from the database; a field left out is deferred exactly as in
    from_db (Django's field descriptors load what is missing from __dict__). A model
    that something listens to post_init for (an ImageField's dimensions) takes the
    ordinary path.

    JSON built by PostgreSQL's json_* functions arrives parsed (json, unlike jsonb, is
    not left as text by Django's connection), so nested rows can come as dicts too.
    """
    if _listened_to(model):
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding = False
    state.db = DEFAULT_DB_ALIAS
    new.__dict__.update(values)
    return new


@cache
def _listened_to(model: type[models.Model]) -> bool:
    # Fields connect their post_init receivers as their model class is built, before any
    # instance exists; asking once per model is enough.
    return post_init.has_listeners(model)


def relate(obj: models.Model, name: str, related: models.Model | None) -> None:
    """Set `obj`'s foreign key `name` to an instance already known to be the one its
    `name`_id holds: what `obj.name = related` does, without the descriptor's checks."""
    obj._state.fields_cache[name] = related


def split_row(row, *column_lists):
    """Cut a row into one dict of values by attname per column_list() given, in order,
    and the values left over (a statement's extra columns)."""
    parts, start = [], 0
    for names, _ in column_lists:
        parts.append(dict(zip(names, row[start : start + len(names)], strict=True)))
        start += len(names)
    return parts, row[start:]


def fetch_all(sql: str, params: dict) -> list[tuple]:
    """Every row of one of the readers' constant statements, through prepared_cursor()."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def prepared_cursor():
    """A cursor of the default connection whose statements PostgreSQL plans once.

    Django's cursors put the values into the SQL text (client-side binding), so every
    statement is planned anew: for the talk page's statements the planning cost more than
    the execution. This cursor sends values separately, and psycopg then prepares a
    statement on its connection once it has run a few times (prepare_threshold), and
    executes the prepared plan from then on. Meant for the constant statements of this
    module's readers; queries are logged and wrapped like any cursor's (the query-count
    tests see them). Use as `with prepared_cursor() as cursor:`.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
