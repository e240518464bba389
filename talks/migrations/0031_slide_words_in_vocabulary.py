"""The words of a talk's slides join the typo vocabulary (issue 19's leftovers;
talks/sql/archive_refresh_talk_words.sql): the function is loaded again and the talks
with slides counted afresh.
"""

from django.db import migrations

from conference.db.functions import sql_for

# The function as talks 0026 created it, for going back.
PREVIOUS = """
-- The vocabulary (talks_searchword) brought up to date with the given talks: each talk's
-- words as they were last counted (talks_talkwords) are taken back if they were public,
-- its words now (archive_talk_words) are counted if it is public now (published, in a
-- published edition), and a word no public talk holds any more leaves the vocabulary.
-- A talk that no longer exists takes its words with it. Called by the statement triggers
-- of talks_talk (archive_talk_words_changed) and conference_edition
-- (archive_edition_words_changed), and once by talks migration 0023 for every talk.
-- Words are counted in alphabetical order, so that two transactions changing talks with
-- words in common lock those words in the same order and never deadlock.
CREATE OR REPLACE FUNCTION archive_refresh_talk_words(talk_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    emptied text[];
BEGIN
    WITH old AS (
        SELECT w.talk_id, w.words, w.is_public FROM talks_talkwords w
         WHERE w.talk_id = ANY(talk_ids)
    ), fresh AS (
        SELECT t.id,
               archive_talk_words(t.id, concat_ws(' ', t.title, t.other_title, t.subtitle,
                                                  t.abstract, t.description)) AS words,
               t.is_published AND e.is_published AS is_public
          FROM talks_talk t JOIN conference_edition e ON e.id = t.edition_id
         WHERE t.id = ANY(talk_ids)
    ), kept AS (
        INSERT INTO talks_talkwords (talk_id, words, is_public)
        SELECT id, words, is_public FROM fresh
        ON CONFLICT (talk_id) DO UPDATE SET words = EXCLUDED.words, is_public = EXCLUDED.is_public
    ), gone AS (
        DELETE FROM talks_talkwords w
         WHERE w.talk_id = ANY(talk_ids) AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.id = w.talk_id)
    ), delta AS (
        SELECT word, sum(change)::integer AS change
          FROM (SELECT unnest(words) AS word, -1 AS change FROM old WHERE is_public
                UNION ALL
                SELECT unnest(words), 1 FROM fresh WHERE is_public) AS changes
         GROUP BY word
        HAVING sum(change) <> 0
    ), counted AS (
        INSERT INTO talks_searchword AS v (word, latin, talks)
        SELECT word, archive_translit(word), change FROM delta ORDER BY word
        ON CONFLICT (word) DO UPDATE SET talks = v.talks + EXCLUDED.talks
        RETURNING v.word, v.talks
    )
    SELECT array_agg(word) INTO emptied FROM counted WHERE talks <= 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM talks_searchword WHERE word = ANY(emptied);
    END IF;
END
$$;
"""

RECOUNT = """SELECT archive_refresh_talk_words(
    ARRAY(SELECT DISTINCT talk_id FROM talks_slidedeck ORDER BY talk_id))"""


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0030_hyphenated_topic_terms"),
    ]

    operations = [
        migrations.RunSQL(sql_for("archive_refresh_talk_words"), PREVIOUS),
        migrations.RunSQL(RECOUNT, RECOUNT),
    ]
