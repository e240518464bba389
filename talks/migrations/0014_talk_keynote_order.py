"""The keynotes of each edition in schedule order, for the home page's highlighted talks
(talks.queries.highlighted_talks): keynotes come first, and without this index finding
them meant reading every talk of the edition (a thousand rows for six)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("talks", "0013_talk_credits_column")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX talk_keynote_order ON talks_talk "
            "(edition_id, (COALESCE(start, 'infinity'::timestamptz)), room, title, id) "
            "WHERE kind = 'keynote'",
            "DROP INDEX talk_keynote_order",
        )
    ]
