-- A talk's search document: title and subtitle (A), and the title in the other language
-- stemmed as that language (A); the names of its speakers, their companies and its
-- projects with their Latin transliteration (B), the text (C); its edition's and its
-- track's, room's and projects' bilingual text, each language stemmed as itself (D,
-- archive_talk_context_vector).
CREATE OR REPLACE FUNCTION archive_talk_vector(
    talk bigint, edition bigint, track bigint, room bigint, language text, title text, other_title text, subtitle text,
    abstract text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := archive_text_search_config(language);
    other_config regconfig := archive_text_search_config(
        CASE WHEN language = 'ru' THEN 'en' ELSE 'ru' END);
    names text := coalesce(archive_talk_names(talk), '');
BEGIN
    RETURN setweight(to_tsvector(config, concat_ws(' ', title, subtitle)), 'A')
        || setweight(to_tsvector(other_config, coalesce(other_title, '')), 'A')
        || setweight(to_tsvector(config, names || ' ' || archive_translit(unaccent(names))), 'B')
        || setweight(to_tsvector(config, coalesce(abstract, '')), 'C')
        || archive_talk_context_vector(talk, edition, track, room);
END
$$;
