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
