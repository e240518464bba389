-- Slide pages written or deleted (a deck read again replaces its pages): statement-level,
-- so that a 60-page deck refreshes its talk's search document once per statement.
CREATE OR REPLACE FUNCTION archive_slides_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_talk_search(ARRAY(
            SELECT DISTINCT deck.talk_id FROM new_rows
              JOIN talks_slidedeck deck ON deck.id = new_rows.deck_id));
    ELSE
        PERFORM archive_refresh_talk_search(ARRAY(
            SELECT DISTINCT deck.talk_id FROM old_rows
              JOIN talks_slidedeck deck ON deck.id = old_rows.deck_id));
    END IF;
    RETURN NULL;
END
$$;
