-- An edition renamed, or its city or venue changed (in either language): its talks, whose
-- search documents hold them (archive_talk_context_vector). Publishing an edition, or
-- moving its start date, rewrites its talks' topic links (archive_talk_topic_before_write);
-- changing its dates refreshes nothing else.
CREATE OR REPLACE FUNCTION archive_edition_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_search(ARRAY(
        SELECT t.id FROM talks_talk t
          JOIN new_rows n ON n.id = t.edition_id
          JOIN old_rows o ON o.id = n.id
         WHERE (n.name_en, n.name_ru, n.city_en, n.city_ru, n.venue_en, n.venue_ru)
               IS DISTINCT FROM (o.name_en, o.name_ru, o.city_en, o.city_ru, o.venue_en, o.venue_ru)));
    -- Its talks' topic links copy whether the talk is public and the edition's start date
    -- (archive_talk_topic_before_write).
    UPDATE talks_talktopic link SET talk_id = link.talk_id
      FROM talks_talk t JOIN new_rows n ON n.id = t.edition_id JOIN old_rows o ON o.id = n.id
     WHERE link.talk_id = t.id
       AND (n.is_published, n.start_date) IS DISTINCT FROM (o.is_published, o.start_date);
    RETURN NULL;
END
$$;
