-- A talk's search document: title and subtitle (A), the names of its speakers, their
-- companies and its projects with their Latin transliteration (B), the text (C).
CREATE OR REPLACE FUNCTION archive_talk_vector(
    talk bigint, language text, title text, subtitle text, abstract text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := archive_text_search_config(language);
    names text := coalesce(archive_talk_names(talk), '');
BEGIN
    RETURN setweight(to_tsvector(config, concat_ws(' ', title, subtitle)), 'A')
        || setweight(to_tsvector(config, names || ' ' || archive_translit(unaccent(names))), 'B')
        || setweight(to_tsvector(config, coalesce(abstract, '')), 'C');
END
$$;
