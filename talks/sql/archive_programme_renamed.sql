-- A track or room renamed (in either language): the talks in it, whose search documents
-- hold its names (archive_talk_context_vector). The statement trigger of talks_track and
-- of talks_room (talks migration 0022); moving a room in the timetable refreshes nothing.
CREATE OR REPLACE FUNCTION archive_programme_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'talks_track' THEN
        PERFORM archive_refresh_talk_search(ARRAY(
            SELECT t.id FROM talks_talk t
              JOIN new_rows n ON n.id = t.track_id
              JOIN old_rows o ON o.id = n.id
             WHERE (n.name_en, n.name_ru) IS DISTINCT FROM (o.name_en, o.name_ru)));
    ELSE
        PERFORM archive_refresh_talk_search(ARRAY(
            SELECT t.id FROM talks_talk t
              JOIN new_rows n ON n.id = t.room_id
              JOIN old_rows o ON o.id = n.id
             WHERE (n.name_en, n.name_ru) IS DISTINCT FROM (o.name_en, o.name_ru)));
    END IF;
    RETURN NULL;
END
$$;
