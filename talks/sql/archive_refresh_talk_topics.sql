-- The automatic topics of the given talks: a talk carries a topic when its own text
-- matches the topic's query of either language. Its own text is its title, subtitle and
-- title in the other language (weight A of the search document) and its abstract and
-- description (C), stemmed as the document has them (the talk's language; the other
-- title as the other language): not its speakers' names nor its edition's or projects'
-- words (B, D). The English query also finds English words in a Russian talk, whose
-- configuration stems ASCII words as English. Only "auto" rows are written or deleted:
-- an organiser's "added" or "removed" row stays as it is (talks/topics.py).
CREATE OR REPLACE FUNCTION archive_refresh_talk_topics(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    WITH found AS (
        SELECT t.id AS talk_id, topic.id AS topic_id
          FROM talks_talk t
         CROSS JOIN LATERAL (SELECT ts_filter(t.search_vector, '{a,c}') AS own) AS text
          JOIN talks_topic topic
            ON text.own @@ topic.query_en OR text.own @@ topic.query_ru
         WHERE t.id = ANY(talk_ids)
    ), gone AS (
        DELETE FROM talks_talktopic link
         WHERE link.talk_id = ANY(talk_ids) AND link.source = 'auto'
           AND NOT EXISTS (SELECT 1 FROM found
                            WHERE found.talk_id = link.talk_id AND found.topic_id = link.topic_id)
    )
    INSERT INTO talks_talktopic (talk_id, topic_id, source)
    SELECT talk_id, topic_id, 'auto' FROM found
    ON CONFLICT (talk_id, topic_id) DO NOTHING
$$;
