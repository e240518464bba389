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
