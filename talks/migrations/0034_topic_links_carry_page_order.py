"""Topic links also carry what a topic's page orders its talks by (their edition's start
date, the talk's room and title, beside its language and start, talks 0033), copied by
the database (talks/sql/archive_talk_topic_before_write.sql) and held in the partial
index talk_topic_page with whether the talk is public: a topic's page reads its page of
talks and its counts per language from that index (talks.readers.topics.topic_talks_page)
instead of reading and sorting every carrying talk's row. And talk_topic_best holds a
topic's public links in cross-lingual search's order, from which a query naming one topic
reads its best talks (talks.search_topics.LINK_BEST) instead of sorting every link
(docs/performance.md, "The topic page and a topic's search, session 14"). The functions that change talks and editions
rewrite the links when those change; the links there are get their copies at once (the
rewrite talks 0033 ran, moved here: conference.db.functions says why).
"""

from django.db import migrations, models

from conference.db.functions import sql_for

FUNCTIONS = (
    "archive_talk_topic_before_write",
    "archive_talk_topics_changed",
    "archive_edition_changed",
    "archive_related_links_changed",
)
REWRITE = "UPDATE talks_talktopic SET talk_id = talk_id;"
# The functions as talks 0033 left them, for going back.
PREVIOUS = """
-- A topic link written (the trigger talk_topic_before_write, talks migration 0033): what
-- cross-lingual search orders a topic's talks by (talks/search_topics.py), copied from
-- the talk, its edition and the topic, so that the best of a topic's thousands of talks
-- are chosen from the links' index alone: whether the talk is public, its language and
-- start, and whether its title matches the topic's query of either language. The columns
-- are never Django's to write. Kept fresh when those change: archive_talk_topics_changed
-- (the talk), archive_edition_changed (publishing its edition), archive_refresh_topic_talks
-- (the topic's query) rewrite the links, which brings them here again.
CREATE OR REPLACE FUNCTION archive_talk_topic_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT t.is_published AND e.is_published, t.language, t.start,
           coalesce(t.title_vector @@ topic.query_en, FALSE)
               OR coalesce(t.title_vector @@ topic.query_ru, FALSE)
      INTO NEW.talk_is_public, NEW.talk_language, NEW.talk_start, NEW.in_title
      FROM talks_talk t JOIN conference_edition e ON e.id = t.edition_id, talks_topic topic
     WHERE t.id = NEW.talk_id AND topic.id = NEW.topic_id;
    RETURN NEW;
END
$$;

-- Talks written (the statement triggers of talks_talk, talks migration 0027): the topics
-- of those whose own text or language is new (archive_refresh_talk_topics), and
-- those published or unpublished marked for the related talks' background refresh
-- (archive_mark_related_stale), and the topic links of those whose publication, edition,
-- language, start or title is new rewritten (archive_talk_topic_before_write). An
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
    -- What the talk's topic links copy (archive_talk_topic_before_write), rewritten.
    UPDATE talks_talktopic link SET talk_id = link.talk_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE link.talk_id = n.id
       AND (n.is_published, n.edition_id, n.language, n.start, n.title_vector::text)
           IS DISTINCT FROM
           (o.is_published, o.edition_id, o.language, o.start, o.title_vector::text);
    RETURN NULL;
END
$$;

-- An edition renamed, or its city or venue changed (in either language): its talks, whose
-- search documents hold them (archive_talk_context_vector). Publishing an edition
-- rewrites its talks' topic links (archive_talk_topic_before_write); changing its dates
-- refreshes nothing.
CREATE OR REPLACE FUNCTION archive_edition_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT t.id FROM talks_talk t
          JOIN new_rows n ON n.id = t.edition_id
          JOIN old_rows o ON o.id = n.id
         WHERE (n.name_en, n.name_ru, n.city_en, n.city_ru, n.venue_en, n.venue_ru)
               IS DISTINCT FROM (o.name_en, o.name_ru, o.city_en, o.city_ru, o.venue_en, o.venue_ru)));
    -- Its talks' topic links copy whether the talk is public (archive_talk_topic_before_write).
    UPDATE talks_talktopic link SET talk_id = link.talk_id
      FROM talks_talk t JOIN new_rows n ON n.id = t.edition_id JOIN old_rows o ON o.id = n.id
     WHERE link.talk_id = t.id AND n.is_published IS DISTINCT FROM o.is_published;
    RETURN NULL;
END
$$;

-- A talk's topics, speakers or projects changed (the statement triggers of
-- talks_talktopic, talks_talkspeaker and talks_talk_projects, talks migration 0027): those
-- talks' related talks marked for the background refresh (archive_mark_related_stale),
-- once per statement. A topic link rewritten for what it copies of its talk and topic
-- (archive_talk_topic_before_write: COPIED) changes nothing related.
CREATE OR REPLACE FUNCTION archive_related_links_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    COPIED CONSTANT text[] := '{talk_is_public,talk_language,talk_start,in_title}';
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_mark_related_stale(ARRAY(SELECT DISTINCT talk_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM archive_mark_related_stale(ARRAY(SELECT DISTINCT talk_id FROM old_rows));
    ELSE
        PERFORM archive_mark_related_stale(ARRAY(
            SELECT n.talk_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE to_jsonb(n) - COPIED IS DISTINCT FROM to_jsonb(o) - COPIED
            UNION
            SELECT o.talk_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE to_jsonb(n) - COPIED IS DISTINCT FROM to_jsonb(o) - COPIED));
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0033_topic_links_carry_search_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="talktopic",
            name="talk_edition_start",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk_room",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="talktopic",
            name="talk_title",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunSQL(sql_for(*FUNCTIONS) + "\n" + REWRITE, PREVIOUS),
        migrations.AddIndex(
            model_name="talktopic",
            index=models.Index(
                condition=models.Q(("source__in", ("auto", "added")), ("talk_is_public", True)),
                fields=[
                    "topic",
                    "talk_language",
                    "-talk_edition_start",
                    "talk_start",
                    "talk_room",
                    "talk_title",
                    "talk",
                ],
                name="talk_topic_page",
            ),
        ),
        migrations.AddIndex(
            model_name="talktopic",
            index=models.Index(
                models.F("topic"),
                models.OrderBy(models.F("in_title"), descending=True),
                models.OrderBy(models.F("talk_start"), descending=True, nulls_last=True),
                models.F("talk"),
                condition=models.Q(("source__in", ("auto", "added")), ("talk_is_public", True)),
                include=("talk_language",),
                name="talk_topic_best",
            ),
        ),
    ]
