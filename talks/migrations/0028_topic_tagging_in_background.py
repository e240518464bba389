"""Topic tagging after an organiser's edit moves to a background task (issue 19's
leftovers; talks/topic_tagging.py).

- StaleTopic: the topics whose talks wait to be tagged afresh.
- archive_topic_changed (talks/sql/): a transaction that set archive.defer_topic_tagging
  only notes the changed topics; every other write still tags at once.
"""

from django.db import migrations, models

from conference.db.functions import sql_for

# The function as talks 0027 created it, for going back.
PREVIOUS = """
-- Topics added, or their names or terms changed: their automatic talks afresh (the
-- statement triggers of talks_topic, talks migration 0027). A topic deleted takes its
-- rows with it (ON DELETE CASCADE), whose own trigger refreshes related talks.
CREATE OR REPLACE FUNCTION archive_topic_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_topic_talks(ARRAY(SELECT id FROM new_rows));
    ELSE
        PERFORM archive_refresh_topic_talks(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.query_en::text, n.query_ru::text)
                   IS DISTINCT FROM (o.query_en::text, o.query_ru::text)));
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0027_topics"),
    ]

    operations = [
        migrations.CreateModel(
            name="StaleTopic",
            fields=[
                ("topic_id", models.BigIntegerField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "topic waiting for tagging",
                "verbose_name_plural": "topics waiting for tagging",
            },
        ),
        migrations.RunSQL(sql_for("archive_topic_changed"), PREVIOUS),
    ]
