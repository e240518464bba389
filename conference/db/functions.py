"""The functions PostgreSQL runs for the archive (trigger functions, the search
document's parts, the archive version), each kept in one place: `<app>/sql/<name>.sql`.

Why: a migration that changed a function used to restate its whole body (and its old
body, to reverse), so the current text of a function was in whichever migration came
last, and changing one line of a trigger meant copying forty. Now the current text of
each function is one file, with the comments that say why it is so.

The rule: to change a function, edit its file here and add a migration with
`migrations.RunSQL(sql_for("name"), reverse_sql)`. Migrations written before this module
keep their own text: they reproduce the schema of their day. tests/conference/
test_db_functions.py holds every function of the database (but the extensions') equal to
its file, so a function changed anywhere else (a migration's own text, psql) or added
without a file fails the suite.

A migration that loads a file runs the file's text of the day it runs, not of the day it
was written: a migration from zero creates today's functions at talks 0018, before the
columns later migrations add. So sql_for() creates them as pg_dump does, with
check_function_bodies off (a body is checked when it first runs, not when it is
created). When a function comes to read a new column, the migration that adds the column
loads the file again after adding it, and refreshes what the function keeps; an earlier
migration that also runs the function (talks 0018 refreshes every talk) must then stop
doing so, for it would run before the column exists: make its call a no-op.
"""

from functools import cache
from pathlib import Path

from django.apps import apps

# The apps whose sql/ folders hold functions: the project's own (third-party apps keep
# no functions of ours, and may ship .sql files of their own).
APPS = ("conference", "talks", "photos")


@cache
def sql_files() -> dict[str, Path]:
    """Every `<app>/sql/<name>.sql` of APPS, by name."""
    files: dict[str, Path] = {}
    for label in APPS:
        folder = Path(apps.get_app_config(label).path) / "sql"
        for path in sorted(folder.glob("*.sql")):
            if path.stem in files:
                raise ValueError(f"Two files define {path.stem}: {files[path.stem]}, {path}")
            files[path.stem] = path
    return files


def sql_for(*names: str) -> str:
    """The CREATE OR REPLACE statements of the named functions, in the order given, with
    bodies checked when they run (see the module's docstring) for the rest of the
    transaction: a migration's."""
    texts = [sql_files()[name].read_text(encoding="utf-8") for name in names]
    return "\n".join(["SET LOCAL check_function_bodies = off;", *texts])
