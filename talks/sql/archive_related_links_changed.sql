-- A talk's topics, speakers or projects changed (the statement triggers of
-- talks_talktopic, talks_talkspeaker and talks_talk_projects, talks migration 0027): those
-- talks' related talks marked for the background refresh (archive_mark_related_stale),
-- once per statement. A topic link rewritten for what it copies of its talk and topic
-- (archive_talk_topic_before_write: COPIED) changes nothing related.
CREATE OR REPLACE FUNCTION archive_related_links_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    COPIED CONSTANT text[] :=
        '{talk_is_public,talk_language,talk_start,in_title,talk_edition_start,talk_room,talk_title}';
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
