-- Talks written (the statement triggers of talks_talk, talks migration 0027): the topics
-- of those whose own text or language is new (archive_refresh_talk_topics), and
-- those published or unpublished marked for the related talks' background refresh
-- (archive_mark_related_stale), and the topic links of those whose publication, edition,
-- language, start, room or title is new rewritten (archive_talk_topic_before_write). An
-- UPDATE that changes neither (the database keeping its own columns, a new slot) costs
-- the comparison only.
CREATE OR REPLACE FUNCTION archive_talk_topics_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_talk_topics(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
    END IF;
    PERFORM archive_refresh_talk_topics(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.title, n.subtitle, n.other_title, n.abstract, n.description, n.language)
               IS DISTINCT FROM
               (o.title, o.subtitle, o.other_title, o.abstract, o.description, o.language)));
    PERFORM archive_mark_related_stale(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.is_published IS DISTINCT FROM o.is_published));
    -- What the talk's topic links copy (archive_talk_topic_before_write), rewritten.
    UPDATE talks_talktopic link SET talk_id = link.talk_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE link.talk_id = n.id
       AND (n.is_published, n.edition_id, n.language, n.start, n.room_id, n.title,
            n.title_vector::text)
           IS DISTINCT FROM
           (o.is_published, o.edition_id, o.language, o.start, o.room_id, o.title,
            o.title_vector::text);
    RETURN NULL;
END
$$;
