"""conference.db.functions: the functions in the database are the ones in their files.

Each file is run in a scratch schema of the test's transaction, and PostgreSQL's own
rendering of each function (pg_get_functiondef: arguments, language, volatility, cost,
body) is compared with the migrated database's. A function changed in a migration's own
text, or by hand, fails here; so does a function with no file.
"""

import pytest
from django.db import connection

from conference.db.functions import sql_files, sql_for

pytestmark = pytest.mark.django_db

SCRATCH = "functions_from_files"

# Functions of the schema that no extension (unaccent, pg_trgm) brought.
FUNCTIONS = """
SELECT function.proname, replace(pg_get_functiondef(function.oid), %(qualified)s, ' ')
FROM pg_proc AS function JOIN pg_namespace AS namespace ON namespace.oid = function.pronamespace
WHERE namespace.nspname = %(schema)s AND NOT EXISTS (
    SELECT 1 FROM pg_depend AS dependency
    WHERE dependency.classid = 'pg_proc'::regclass AND dependency.objid = function.oid
      AND dependency.deptype = 'e')
"""


def _functions(schema: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS, {"qualified": f" {schema}.", "schema": schema})
        return dict(cursor.fetchall())


def _functions_from_files() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {SCRATCH}")
        # The functions' bodies name one another and the extensions' functions: those
        # resolve in public; each file's CREATE puts its function in the scratch schema.
        cursor.execute(f"SET LOCAL search_path = {SCRATCH}, public")
        cursor.execute(sql_for(*sql_files()))
        cursor.execute("SET LOCAL search_path = public")
    return _functions(SCRATCH)


def test_every_function_in_the_database_equals_its_file():
    in_database = _functions("public")
    from_files = _functions_from_files()

    assert sorted(in_database) == sorted(from_files)
    assert {
        name: (in_database[name], from_files[name])
        for name in in_database
        if in_database[name] != from_files[name]
    } == {}


def test_a_function_changed_outside_its_file_is_found():
    """The comparison sees a change of the body alone."""
    with connection.cursor() as cursor:
        cursor.execute(sql_for("archive_text_search_config").replace("'simple'", "'english'"))
    changed = _functions("public")["archive_text_search_config"]

    assert changed != _functions_from_files()["archive_text_search_config"]


def test_sql_for_gives_the_files_in_the_order_asked():
    text = sql_for("archive_translit", "archive_version_bump")

    assert text.index("FUNCTION archive_translit(") < text.index("FUNCTION archive_version_bump(")
    assert sql_files()["archive_version_bump"].parent.parent.name == "conference"
