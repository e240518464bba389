-- A topic link written (the trigger talk_topic_before_write, talks migration 0033): what
-- cross-lingual search orders a topic's talks by (talks/search_topics.py), copied from
-- the talk, its edition and the topic, so that the best of a topic's thousands of talks
-- are chosen from the links' index alone: whether the talk is public, its language and
-- start, and whether its title matches the topic's query of either language; and what a
-- topic's page orders its talks by (talks.readers.topics.topic_talks_page: the edition's
-- start date, the talk's start, room and title, talks migration 0034). The columns are
-- never Django's to write. Kept fresh when those change: archive_talk_topics_changed
-- (the talk), archive_edition_changed (publishing its edition, or its start date),
-- archive_refresh_topic_talks (the topic's query) rewrite the links, which brings them
-- here again.
CREATE OR REPLACE FUNCTION archive_talk_topic_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT t.is_published AND e.is_published, t.language, t.start,
           coalesce(t.title_vector @@ topic.query_en, FALSE)
               OR coalesce(t.title_vector @@ topic.query_ru, FALSE),
           e.start_date, coalesce(t.room_id, 0), t.title
      INTO NEW.talk_is_public, NEW.talk_language, NEW.talk_start, NEW.in_title,
           NEW.talk_edition_start, NEW.talk_room, NEW.talk_title
      FROM talks_talk t JOIN conference_edition e ON e.id = t.edition_id, talks_topic topic
     WHERE t.id = NEW.talk_id AND topic.id = NEW.topic_id;
    RETURN NEW;
END
$$;
