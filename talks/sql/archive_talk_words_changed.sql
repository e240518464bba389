-- Talks written or deleted: the vocabulary follows (archive_refresh_talk_words). An update
-- counts only when what the words come from changed: the talk's own text, its search
-- document (which a change of its speakers', companies' or projects' names refreshes,
-- archive_refresh_talk_search), its publication or its edition. Statement-level, so an
-- import writing a thousand talks counts once.
CREATE OR REPLACE FUNCTION archive_talk_words_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM archive_refresh_talk_words(ARRAY(SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM archive_refresh_talk_words(ARRAY(SELECT id FROM old_rows));
    ELSE
        PERFORM archive_refresh_talk_words(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.title, n.other_title, n.subtitle, n.abstract, n.description,
                    n.search_vector, n.is_published, n.edition_id)
                   IS DISTINCT FROM
                   (o.title, o.other_title, o.subtitle, o.abstract, o.description,
                    o.search_vector, o.is_published, o.edition_id)));
    END IF;
    RETURN NULL;
END
$$;
