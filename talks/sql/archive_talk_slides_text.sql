-- The text of a talk's slides, page after page ('' without a deck): the lowest weight of
-- its search document (archive_talk_vector).
CREATE OR REPLACE FUNCTION archive_talk_slides_text(talk bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(page.text, E'\n' ORDER BY page.number), '')
      FROM talks_slidedeck deck
      JOIN talks_slidepage page ON page.deck_id = deck.id
     WHERE deck.talk_id = talk
$$;
