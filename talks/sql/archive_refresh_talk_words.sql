-- The vocabulary (talks_searchword) brought up to date with the given talks: each talk's
-- words as they were last counted (talks_talkwords) are taken back if they were public,
-- its words now (archive_talk_words) are counted if it is public now (published, in a
-- published edition), and a word no public talk holds any more leaves the vocabulary.
-- A talk that no longer exists takes its words with it. Called by the statement triggers
-- of talks_talk (archive_talk_words_changed) and conference_edition
-- (archive_edition_words_changed), and once by talks migration 0023 for every talk.
-- The words of its slides count too (archive_talk_slides_text, as its search document
-- has them): a misspelt word that only a slide holds gets its correction. They follow the
-- slides through the search document, which a deck's pages refresh
-- (archive_slides_changed) and whose change brings the talk here; a draft's slides, like
-- its other words, are never counted.
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
                                                  t.abstract, t.description,
                                                  archive_talk_slides_text(t.id))) AS words,
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
