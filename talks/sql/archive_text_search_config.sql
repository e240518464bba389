-- The text-search configuration of a talk's language: its stemmer where PostgreSQL has
-- one that the archive's talks need, no stemming otherwise.
CREATE OR REPLACE FUNCTION archive_text_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE language
        WHEN 'en' THEN 'english'::regconfig
        WHEN 'ru' THEN 'russian'::regconfig
        ELSE 'simple'::regconfig
    END
$$;
