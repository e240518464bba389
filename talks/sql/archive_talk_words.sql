-- A talk's words for the vocabulary (talks/vocabulary.py): the distinct words of its
-- title, other title, subtitle, abstract and description and of its speakers', companies'
-- and projects' names (archive_talk_names), lower case and unaccented, as the simple
-- configuration splits them (no stemming: a correction must be a word people write);
-- only words of letters, three to forty of them (a query word under five letters is
-- never corrected, and one with two typos has at least seven). Beside them, the whole
-- name of each of its companies and projects that has several words, so that a query
-- can name one by the start of its last word ("постгрес про", talks/typos.py).
-- The character class lists the letters itself: [[:alpha:]] follows the server's locale,
-- which may be C, and would then drop every Cyrillic word.
CREATE OR REPLACE FUNCTION archive_talk_words(talk bigint, own_text text) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY(
        SELECT word
          FROM unnest(tsvector_to_array(to_tsvector('simple', unaccent(
                   concat_ws(' ', own_text, archive_talk_names(talk)))))) AS word
         WHERE word ~ '^[a-zа-яёіїєґўäöüßçñøåæœ]{3,40}$'
        UNION
        SELECT lower(unaccent(btrim(regexp_replace(name, '\s+', ' ', 'g'))))
          FROM (SELECT unnest(ARRAY[c.name_en, c.name_ru] || c.aliases) AS name
                  FROM talks_talkspeaker ts
                  JOIN talks_company c ON c.id = ts.company_id
                 WHERE ts.talk_id = talk
                UNION ALL
                SELECT p.name
                  FROM talks_talk_projects tp
                  JOIN talks_project p ON p.id = tp.project_id
                 WHERE tp.talk_id = talk) AS names
         WHERE btrim(name) ~ '\s' AND length(name) <= 200
         ORDER BY 1)
$$;
