-- A company renamed: the talks whose speakers had it at the talk.
CREATE OR REPLACE FUNCTION archive_company_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT DISTINCT ts.talk_id FROM talks_talkspeaker ts
          JOIN new_rows n ON n.id = ts.company_id));
    RETURN NULL;
END
$$;
