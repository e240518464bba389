"""archive_search_query with its real cost (talks/sql/archive_search_query.sql says why):
search statements that psycopg prepares are then always planned for the query's value.

Reversing gives the function back a SQL function's default cost.
"""

from django.db import migrations

from conference.db.functions import sql_for


class Migration(migrations.Migration):
    dependencies = [("talks", "0018_functions_from_one_place")]

    operations = [
        migrations.RunSQL(
            sql_for("archive_search_query"),
            "ALTER FUNCTION archive_search_query(text) COST 100",
        ),
    ]
