"""An index in schedule order within an edition, for a talk page's previous and next
talk (talks.talk_page.NEIGHBOUR): each is one index step from the talk itself."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("talks", "0009_random_upload_names")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX talk_schedule_order ON talks_talk "
            "(edition_id, (COALESCE(start, 'infinity'::timestamptz)), room, title, id)",
            "DROP INDEX talk_schedule_order",
        )
    ]
