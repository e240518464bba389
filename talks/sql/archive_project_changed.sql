-- A project renamed or its description changed (both are in its talks' search
-- documents): the talks about it.
CREATE OR REPLACE FUNCTION archive_project_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT DISTINCT tp.talk_id FROM talks_talk_projects tp
          JOIN new_rows n ON n.id = tp.project_id));
    RETURN NULL;
END
$$;
