"""The schema is known once: every index the migrations leave on our tables is one the
models declare (Meta.indexes, Meta.constraints, fields), with the same definition.

An index made only by RunSQL is invisible to Django's migration state: makemigrations
cannot see it, and nobody reading the models knows it is there. The test builds our
models' tables afresh in a schema of their own with Django's schema editor, from the
models alone, and compares every index there with the migrated database's.
"""

import pytest
from django.apps import apps
from django.db import connection

from conference.db.functions import APPS as OUR_APPS

pytestmark = pytest.mark.django_db

SCRATCH = "declared_by_models"

INDEXES = """
SELECT tablename, indexname, replace(indexdef, %(prefix)s, 'ON ')
FROM pg_indexes WHERE schemaname = %(schema)s AND tablename = ANY(%(tables)s)
"""


def _our_models():
    return [
        model
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def _tables():
    """Our models' tables, with the many-to-many tables Django makes for them."""
    return [
        model._meta.db_table
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _indexes(schema: str) -> dict[tuple[str, str], str]:
    with connection.cursor() as cursor:
        cursor.execute(INDEXES, {"prefix": f"ON {schema}.", "schema": schema, "tables": _tables()})
        return {(table, name): definition for table, name, definition in cursor.fetchall()}


def _indexes_of_models_alone() -> dict[tuple[str, str], str]:
    """Our models' indexes as Django makes them from the models, in a scratch schema
    that the test's transaction takes away again."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {SCRATCH}")
        # Other apps' tables (auth_user) and the extensions' operator classes stay
        # reachable in public.
        cursor.execute(f"SET LOCAL search_path = {SCRATCH}, public")
    with connection.schema_editor() as editor:
        for model in _our_models():
            editor.create_model(model)
    found = _indexes(SCRATCH)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL search_path = public")
    return found


def test_every_index_of_the_migrated_database_is_declared_on_a_model():
    migrated = _indexes("public")
    declared = _indexes_of_models_alone()

    assert {key: migrated[key] for key in migrated.keys() - declared.keys()} == {}
    assert {key: declared[key] for key in declared.keys() - migrated.keys()} == {}
    assert {
        key: (migrated[key], declared[key]) for key in migrated if migrated[key] != declared[key]
    } == {}


def test_the_schedule_order_indexes_are_the_ones_the_neighbour_queries_use():
    """The declared expression is the one talks.readers.talk_page.NEIGHBOUR sorts by."""
    migrated = _indexes("public")
    assert migrated["talks_talk", "talk_schedule_order"] == (
        "CREATE INDEX talk_schedule_order ON talks_talk USING btree (edition_id, "
        "COALESCE(start, 'infinity'::timestamp with time zone), COALESCE(room_id, (0)::bigint), "
        "title, id)"
    )
    assert migrated["talks_talk", "talk_keynote_order"] == (
        "CREATE INDEX talk_keynote_order ON talks_talk USING btree (edition_id, "
        "COALESCE(start, 'infinity'::timestamp with time zone), COALESCE(room_id, (0)::bigint), "
        "title, id) WHERE ((kind)::text = 'keynote'::text)"
    )
    assert migrated["talks_talk", "talk_published"] == (
        "CREATE INDEX talk_published ON talks_talk USING btree (id) INCLUDE (edition_id) "
        "WHERE is_published"
    )
