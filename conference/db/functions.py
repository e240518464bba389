"""The functions PostgreSQL runs for the archive (trigger functions, the search
document's parts, the archive version), each kept in one place: `<app>/sql/<name>.sql`.

Why: a migration that changed a function used to restate its whole body (and its old
body, to reverse), so the current text of a function was in whichever migration came
last, and changing one line of a trigger meant copying forty. Now the current text of
each function is one file, with the comments that say why it is so.

The rule: to change a function, edit its file here and add a migration with
`migrations.RunSQL(sql_for("name"), reverse_sql)`. Migrations written before this module
keep their own text: they reproduce the schema of their day. tests/conference/
test_db_functions.py holds every `archive_*` function of the database equal to its file,
so a function changed anywhere else (a migration's own text, psql) fails the suite.

Mind that a migration loading a file runs the file's text of today, not of its day: a
function made to read a column that a later migration adds cannot be created by an
earlier migration that loads it. Add such a column in a migration before the
function's change, and let that change's migration be the one that loads the file.
"""

from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings


@cache
def sql_files() -> dict[str, Path]:
    """Every `<app>/sql/<name>.sql` of the project's own apps, by name."""
    files: dict[str, Path] = {}
    for config in apps.get_app_configs():
        folder = Path(config.path) / "sql"
        if not folder.is_relative_to(settings.BASE_DIR):
            continue  # third-party apps keep no functions of ours
        for path in sorted(folder.glob("*.sql")):
            if path.stem in files:
                raise ValueError(f"Two files define {path.stem}: {files[path.stem]}, {path}")
            files[path.stem] = path
    return files


def sql_for(*names: str) -> str:
    """The CREATE OR REPLACE statements of the named functions, in the order given."""
    return "\n".join(sql_files()[name].read_text(encoding="utf-8") for name in names)
