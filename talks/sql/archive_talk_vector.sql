-- A talk's search document: title and subtitle (A), and the title in the other language
-- stemmed as that language (A); the names of its speakers, their companies and its
-- projects with their Latin transliteration (B), the text (C); its edition's and its
-- track's, room's and projects' bilingual text, each language stemmed as itself (D,
-- archive_talk_context_vector), and the text of its slides in the talk's language (D,
-- archive_talk_slides_text). Migrations before talks 0024 run today's function (see
-- conference/db/functions.py) on databases without the slides tables or that function:
-- it is called only where its table exists (plpgsql plans a statement when it runs it).
CREATE OR REPLACE FUNCTION archive_talk_vector(
    talk bigint, edition bigint, track bigint, room bigint, language text, title text, other_title text, subtitle text,
    abstract text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := archive_text_search_config(language);
    other_config regconfig := archive_text_search_config(
        CASE WHEN language = 'ru' THEN 'en' ELSE 'ru' END);
    names text := coalesce(archive_talk_names(talk), '');
    slides text := '';
BEGIN
    IF to_regclass('talks_slidepage') IS NOT NULL THEN
        slides := archive_talk_slides_text(talk);
    END IF;
    RETURN setweight(to_tsvector(config, concat_ws(' ', title, subtitle)), 'A')
        || setweight(to_tsvector(other_config, coalesce(other_title, '')), 'A')
        || setweight(to_tsvector(config, names || ' ' || archive_translit(unaccent(names))), 'B')
        || setweight(to_tsvector(config, coalesce(abstract, '')), 'C')
        || archive_talk_context_vector(talk, edition, track, room)
        || setweight(to_tsvector(config, slides), 'D');
END
$$;
