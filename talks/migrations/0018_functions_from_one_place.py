"""(Re)create every function of the talks app from its one place, talks/sql/ (see
conference.db.functions), and store each talk's credits in their new shape: JSON objects
with named keys (archive_refresh_talk_search), which the readers read by key.

Every other function's text equals what the migrations before left, so CREATE OR REPLACE
changes nothing for them; reversing restores the credits' previous function (talks.0013)
and shape.
"""

from importlib import import_module

from django.db import migrations

from conference.db.functions import sql_for

FUNCTIONS = (
    "archive_translit",
    "archive_text_search_config",
    "archive_talk_names",
    "archive_talk_vector",
    "archive_search_query",
    "archive_refresh_talk_search",
    "archive_talk_search_before_write",
    "archive_links_changed",
    "archive_speaker_changed",
    "archive_company_changed",
    "archive_project_changed",
    "archive_speaker_latin_names",
)

REFRESH_ALL = "SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))"

# The credits' function as talks.0013 left it: positional arrays.
PREVIOUS_REFRESH = import_module("talks.migrations.0013_talk_credits_column").REFRESH


class Migration(migrations.Migration):
    dependencies = [("talks", "0017_declare_database_kept")]

    operations = [
        migrations.RunSQL(sql_for(*FUNCTIONS), [PREVIOUS_REFRESH, REFRESH_ALL]),
        # Was REFRESH_ALL: the functions loaded above are today's, which read columns
        # later migrations add (bilingual content and names in two scripts, talks 0020 and 0021), so the refresh runs
        # there (conference.db.functions says why).
        migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop),
    ]
