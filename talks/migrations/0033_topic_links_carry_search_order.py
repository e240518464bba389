"""Topic links carry what cross-lingual search orders a topic's talks by (whether the
talk is public, its language and start, whether its title names the topic), copied by
the database (talks/sql/archive_talk_topic_before_write.sql) and held in the index
talk_topic_by_topic: search picks the best of a topic's thousands of talks from that
index without reading their rows (talks/search_topics.py; docs/performance.md, "Search
SQL, session 12"). The functions that change talks, editions and topics rewrite their
links; the links there are get their copies at once.
"""

from django.db import migrations, models

from conference.db.functions import sql_for

FUNCTIONS = (
    "archive_talk_topic_before_write",
    "archive_talk_topics_changed",
    "archive_edition_changed",
    "archive_refresh_topic_talks",
    "archive_related_links_changed",
)
# The links there are got their copies here (UPDATE talks_talktopic SET talk_id =
# talk_id) until talks 0034: the function loaded is today's, which reads the columns 0034
# adds, so the rewrite runs there (conference.db.functions says why).
TRIGGER = """
CREATE TRIGGER talk_topic_before_write BEFORE INSERT OR UPDATE ON talks_talktopic
    FOR EACH ROW EXECUTE FUNCTION archive_talk_topic_before_write();
"""
# The functions as talks 0027 and 0020 left them, for going back.
PREVIOUS = (
    """
DROP TRIGGER talk_topic_before_write ON talks_talktopic;
DROP FUNCTION archive_talk_topic_before_write();
"""
    + """
-- Talks written (the statement triggers of talks_talk, talks migration 0027): the topics
-- of those whose own text or language is new (archive_refresh_talk_topics), and
-- those published or unpublished marked for the related talks' background refresh
-- (archive_mark_related_stale). An
-- UPDATE that changes neither (the database keeping its own columns, a new slot) costs
-- the comparison only.
CREATE OR REPLACE FUNCTION archive_talk_topics_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_talk_topics(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
    END IF;
    PERFORM archive_refresh_talk_topics(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.title, n.subtitle, n.other_title, n.abstract, n.description, n.language)
               IS DISTINCT FROM
               (o.title, o.subtitle, o.other_title, o.abstract, o.description, o.language)));
    PERFORM archive_mark_related_stale(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.is_published IS DISTINCT FROM o.is_published));
    RETURN NULL;
END
$$;
"""
    + """
-- An edition renamed, or its city or venue changed (in either language): its talks, whose
-- search documents hold them (archive_talk_context_vector). Publishing an edition or
-- changing its dates refreshes nothing.
CREATE OR REPLACE FUNCTION archive_edition_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT t.id FROM talks_talk t
          JOIN new_rows n ON n.id = t.edition_id
          JOIN old_rows o ON o.id = n.id
         WHERE (n.name_en, n.name_ru, n.city_en, n.city_ru, n.venue_en, n.venue_ru)
               IS DISTINCT FROM (o.name_en, o.name_ru, o.city_en, o.city_ru, o.venue_en, o.venue_ru)));
    RETURN NULL;
END
$$;
"""
    + """
-- The automatic pass of archive_refresh_talk_topics, for the given topics over every
-- talk (a topic added, or its name or terms changed). The search document's GIN index
-- finds the candidates; their own text (weights A and C) decides.
CREATE OR REPLACE FUNCTION archive_refresh_topic_talks(topic_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    WITH wanted AS (
        SELECT topic.id,
               CASE WHEN topic.query_en IS NULL THEN topic.query_ru
                    WHEN topic.query_ru IS NULL THEN topic.query_en
                    ELSE topic.query_en || topic.query_ru END AS query
          FROM talks_topic topic
         WHERE topic.id = ANY(topic_ids)
    ), found AS (
        SELECT t.id AS talk_id, wanted.id AS topic_id
          FROM wanted
          JOIN talks_talk t
            ON t.search_vector @@ wanted.query AND ts_filter(t.search_vector, '{a,c}') @@ wanted.query
    ), gone AS (
        DELETE FROM talks_talktopic link
         WHERE link.topic_id = ANY(topic_ids) AND link.source = 'auto'
           AND NOT EXISTS (SELECT 1 FROM found
                            WHERE found.talk_id = link.talk_id AND found.topic_id = link.topic_id)
    )
    INSERT INTO talks_talktopic (talk_id, topic_id, source)
    SELECT talk_id, topic_id, 'auto' FROM found
    ON CONFLICT (talk_id, topic_id) DO NOTHING
$$;
"""
    + """
-- A talk's topics, speakers or projects changed (the statement triggers of
-- talks_talktopic, talks_talkspeaker and talks_talk_projects, talks migration 0027): those
-- talks' related talks marked for the background refresh (archive_mark_related_stale),
-- once per statement.
CREATE OR REPLACE FUNCTION archive_related_links_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_mark_related_stale(ARRAY(SELECT DISTINCT talk_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM archive_mark_related_stale(ARRAY(SELECT DISTINCT talk_id FROM old_rows));
    ELSE
        PERFORM archive_mark_related_stale(ARRAY(
            SELECT talk_id FROM new_rows UNION SELECT talk_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0032_topic_lexemes_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="talktopic",
            name="talk_topic_by_topic",
        ),
        migrations.AddField(
            model_name="talktopic",
            name="in_title",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk_is_public",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk_language",
            field=models.CharField(default="", editable=False, max_length=8),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk_start",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="talktopic",
            index=models.Index(
                fields=["topic", "talk"],
                include=("source", "talk_is_public", "talk_language", "talk_start", "in_title"),
                name="talk_topic_by_topic",
            ),
        ),
        migrations.RunSQL(sql_for(*FUNCTIONS) + TRIGGER, PREVIOUS),
    ]
