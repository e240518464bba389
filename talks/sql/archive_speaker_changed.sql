-- A speaker renamed (or given aliases): the talks they are credited on.
CREATE OR REPLACE FUNCTION archive_speaker_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT DISTINCT ts.talk_id FROM talks_talkspeaker ts
          JOIN new_rows n ON n.id = ts.speaker_id));
    RETURN NULL;
END
$$;
