"""Topics (talks.topics): curated concepts named in English and Russian with the terms
that mean them, which talks carry; and each talk's related talks, kept on its row.

- Topic (slug, name_en/ru, terms_en/ru, and query_en/ru and lexemes kept by the
  trigger topic_before_write) and TalkTopic (talk, topic, source: auto, added, removed).
- Talk.related_ids (up to six public talks, best first) with a GIN index to find the
  talks listing a talk.
- The functions of talks/sql/ that keep them (FUNCTIONS) and their triggers: a topic's
  columns before it is written; a topic's talks when it is added or its terms change;
  a talk's topics when its text changes, and the related talks around talks whose
  topics, speakers, projects or publication change.
- The topics of talks/topic_seed/ (00-starter.toml and what later files add), upserted
  by slug, which tags every talk through the triggers; every talk marked for the related
  talks' background refresh (StaleRelatedTalk, talks/related.py).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import talks.topics
from django.db import migrations, models

from conference.db.functions import sql_for
from talks import topic_seed

FUNCTIONS = (
    "archive_topic_query",
    "archive_topic_before_write",
    "archive_refresh_talk_topics",
    "archive_refresh_topic_talks",
    "archive_topic_changed",
    "archive_related_talks",
    "archive_refresh_related",
    "archive_mark_related_stale",
    "archive_related_links_changed",
    "archive_talk_topics_changed",
    "archive_query_topics",
)

# One trigger per event: PostgreSQL allows transition tables on a single-event trigger only.
_EVENTS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _statement_triggers(table: str, name: str, function: str, events=tuple(_EVENTS)) -> str:
    return "".join(
        f"""
CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table}
    {_EVENTS[event]}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();"""
        for event in events
    )


def _drop_triggers(table: str, name: str, events=tuple(_EVENTS)) -> str:
    return "".join(f"\nDROP TRIGGER {name}_{event.lower()} ON {table};" for event in events)


TRIGGERS = (
    """
CREATE TRIGGER topic_before_write BEFORE INSERT OR UPDATE ON talks_topic
    FOR EACH ROW EXECUTE FUNCTION archive_topic_before_write();
CREATE TRIGGER talks_topic_archive_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON talks_topic
    FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();
CREATE TRIGGER talks_talktopic_archive_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON talks_talktopic
    FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();"""
    + _statement_triggers(
        "talks_topic", "topic_talks", "archive_topic_changed", ("INSERT", "UPDATE")
    )
    + _statement_triggers(
        "talks_talk", "talk_topics", "archive_talk_topics_changed", ("INSERT", "UPDATE")
    )
    + "".join(
        _statement_triggers(table, f"{table}_related", "archive_related_links_changed")
        for table in ("talks_talktopic", "talks_talkspeaker", "talks_talk_projects")
    )
)

DROP_TRIGGERS = (
    """
DROP TRIGGER topic_before_write ON talks_topic;
DROP TRIGGER talks_topic_archive_version ON talks_topic;
DROP TRIGGER talks_talktopic_archive_version ON talks_talktopic;"""
    + _drop_triggers("talks_topic", "topic_talks", ("INSERT", "UPDATE"))
    + _drop_triggers("talks_talk", "talk_topics", ("INSERT", "UPDATE"))
    + "".join(
        _drop_triggers(table, f"{table}_related")
        for table in ("talks_talktopic", "talks_talkspeaker", "talks_talk_projects")
    )
)

DROP_FUNCTIONS = """
DROP FUNCTION archive_query_topics(text);
DROP FUNCTION archive_talk_topics_changed();
DROP FUNCTION archive_related_links_changed();
DROP FUNCTION archive_mark_related_stale(bigint[]);
DROP FUNCTION archive_refresh_related(bigint[]);
DROP FUNCTION archive_related_talks(bigint);
DROP FUNCTION archive_topic_changed();
DROP FUNCTION archive_refresh_topic_talks(bigint[]);
DROP FUNCTION archive_refresh_talk_topics(bigint[]);
DROP FUNCTION archive_topic_before_write();
DROP FUNCTION archive_topic_query(text[], regconfig);
"""

# Every talk's related talks are left to the background: computing them takes minutes
# on a large archive. Every talk is marked stale here (the seed's tags mark those it
# tags), for `manage.py refresh_related` or the next refresh task (talks/related.py).
MARK_ALL_STALE = "SELECT archive_mark_related_stale(ARRAY(SELECT id FROM talks_talk))"


def seed(apps, schema_editor):
    """The seed files' topics, by slug (talks/topic_seed/)."""
    topic_seed.upsert(apps.get_model("talks", "Topic"), topic_seed.load())


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0008_edition_content_in_english_and_russian"),
        ("talks", "0026_search_vocabulary"),
    ]

    operations = [
        migrations.CreateModel(
            name="StaleRelatedTalk",
            fields=[("talk_id", models.BigIntegerField(primary_key=True, serialize=False))],
            options={
                "verbose_name": "talk with stale related talks",
                "verbose_name_plural": "talks with stale related talks",
            },
        ),
        migrations.CreateModel(
            name="TalkTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("auto", "found in the talk's text"),
                            ("added", "added by an organiser"),
                            ("removed", "removed by an organiser"),
                        ],
                        default="added",
                        max_length=8,
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "talk topic",
                "verbose_name_plural": "talk topics",
                "ordering": ("talk", "topic"),
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("slug", models.SlugField(max_length=100, verbose_name="slug")),
                ("name_en", models.CharField(max_length=200, verbose_name="name in English")),
                ("name_ru", models.CharField(max_length=200, verbose_name="name in Russian")),
                (
                    "terms_en",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="One term a line: a word or a phrase, in any grammatical form.",
                        verbose_name="terms in English",
                    ),
                ),
                (
                    "terms_ru",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="One term a line: a word or a phrase, in any grammatical form.",
                        verbose_name="terms in Russian",
                    ),
                ),
                ("query_en", talks.topics.TsQueryField(editable=False, null=True)),
                ("query_ru", talks.topics.TsQueryField(editable=False, null=True)),
                (
                    "lexemes",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, editable=False
                    ),
                ),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ("name_en", "id"),
            },
        ),
        migrations.AddField(
            model_name="talk",
            name="related_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, editable=False
            ),
        ),
        migrations.AddIndex(
            model_name="talk",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["related_ids"], name="talk_related_ids"
            ),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="talk_topics",
                to="talks.talk",
                verbose_name="talk",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(fields=("slug",), name="topic_slug_unique"),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="topic_has_slug"
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name_en", ""), _negated=True),
                    models.Q(("name_ru", ""), _negated=True),
                    _connector="OR",
                ),
                name="topic_has_name",
            ),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="topic",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="talk_topics",
                to="talks.topic",
                verbose_name="topic",
            ),
        ),
        migrations.AddIndex(
            model_name="talktopic",
            index=models.Index(
                fields=["topic", "talk"], include=("source",), name="talk_topic_by_topic"
            ),
        ),
        migrations.AddConstraint(
            model_name="talktopic",
            constraint=models.UniqueConstraint(fields=("talk", "topic"), name="talk_topic_once"),
        ),
        migrations.AddConstraint(
            model_name="talktopic",
            constraint=models.CheckConstraint(
                condition=models.Q(("source__in", ["auto", "added", "removed"])),
                name="talk_topic_source_known",
            ),
        ),
        migrations.RunSQL(sql_for(*FUNCTIONS), DROP_FUNCTIONS),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunSQL(MARK_ALL_STALE, migrations.RunSQL.noop),
    ]
