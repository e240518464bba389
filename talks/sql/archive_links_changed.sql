-- Link tables (speakers on talks, projects of talks): statement-level, so that an import
-- inserting a thousand links refreshes each talk once.
CREATE OR REPLACE FUNCTION archive_links_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_talk_search(ARRAY(SELECT DISTINCT talk_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM archive_refresh_talk_search(ARRAY(SELECT DISTINCT talk_id FROM old_rows));
    ELSE
        PERFORM archive_refresh_talk_search(ARRAY(
            SELECT talk_id FROM new_rows UNION SELECT talk_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
