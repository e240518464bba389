-- The automatic pass of archive_refresh_talk_topics, for the given topics over every
-- talk (a topic added, or its name or terms changed). The search document's GIN index
-- finds the candidates; their own text (weights A and C) decides. Then every link of
-- those topics is rewritten, for what it copies of the topic's query.
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
    ON CONFLICT (talk_id, topic_id) DO NOTHING;
    -- Whether each talk's title matches the topic's new query (archive_talk_topic_before_write).
    UPDATE talks_talktopic link SET topic_id = link.topic_id WHERE link.topic_id = ANY(topic_ids);
$$;
