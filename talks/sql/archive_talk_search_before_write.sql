-- The talk row itself: its search documents computed before it is written, so one
-- UPDATE suffices (the trigger talk_search_before_write, talks migration 0008).
CREATE OR REPLACE FUNCTION archive_talk_search_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := archive_talk_vector(
        NEW.id, NEW.edition_id, NEW.track_id, NEW.room_id, NEW.language, NEW.title,
        NEW.other_title, NEW.subtitle,
        concat_ws(E'\n\n', NEW.abstract, NEW.description));
    -- The title in the other language is a title too: search's title candidates and
    -- ranking (talks/search.py) find a talk by it.
    NEW.title_vector := to_tsvector(
        archive_text_search_config(NEW.language), concat_ws(' ', NEW.title, NEW.subtitle))
        || to_tsvector(
            archive_text_search_config(CASE WHEN NEW.language = 'ru' THEN 'en' ELSE 'ru' END),
            NEW.other_title);
    RETURN NEW;
END
$$;
