-- An edition published or unpublished: its talks' words enter or leave the vocabulary
-- (archive_refresh_talk_words). Other changes of an edition refresh nothing here.
CREATE OR REPLACE FUNCTION archive_edition_words_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM archive_refresh_talk_words(ARRAY(
        SELECT t.id FROM talks_talk t
          JOIN new_rows n ON n.id = t.edition_id
          JOIN old_rows o ON o.id = n.id
         WHERE n.is_published IS DISTINCT FROM o.is_published));
    RETURN NULL;
END
$$;
