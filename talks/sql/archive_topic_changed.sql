-- Topics added, or their names or terms changed: their automatic talks afresh (the
-- statement triggers of talks_topic, talks migration 0027). A topic deleted takes its
-- rows with it (ON DELETE CASCADE), whose own trigger refreshes related talks.
-- A transaction that set archive.defer_topic_tagging to 'on' (the admin's save,
-- talks/topic_tagging.py) only notes the topics in talks_staletopic: tagging thousands
-- of talks is the background task's work, not the organiser's request's. Every other
-- write (migrations, imports, restores, tests) tags at once, within its transaction.
CREATE OR REPLACE FUNCTION archive_topic_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT id FROM new_rows);
    ELSE
        changed := ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.query_en::text, n.query_ru::text)
                   IS DISTINCT FROM (o.query_en::text, o.query_ru::text));
    END IF;
    IF coalesce(current_setting('archive.defer_topic_tagging', true), '') = 'on' THEN
        INSERT INTO talks_staletopic (topic_id)
        SELECT unnest(changed) ON CONFLICT DO NOTHING;
    ELSE
        PERFORM archive_refresh_topic_talks(changed);
    END IF;
    RETURN NULL;
END
$$;
