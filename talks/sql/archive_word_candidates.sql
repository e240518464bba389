-- The vocabulary's words that may be what a misspelt query word meant (talks/typos.py):
-- words whose Latin spelling is trigram-similar to the query word's (`latin`, through the
-- GIN index searchword_latin_trgm) and within 2 * max_edits Levenshtein edits of it
-- (fuzzystrmatch; a swap of two letters is two Levenshtein edits but one typo, so
-- typos.py measures the real distance on these few), the most similar first. Names of
-- several words are not candidates for a word.
--
-- The similarity threshold is low because a typo in a short word breaks most of its
-- trigrams ("index" and "idnex" share two of ten, 0.2); the SET clause keeps the setting
-- to this function, whose call sets it for the word's length.
CREATE OR REPLACE FUNCTION archive_word_candidates(query_latin text, max_edits integer)
RETURNS TABLE (word text, latin text, talks integer)
LANGUAGE plpgsql STABLE SET pg_trgm.similarity_threshold = 0.3 AS $$
BEGIN
    PERFORM set_config('pg_trgm.similarity_threshold',
                       CASE WHEN length(query_latin) < 7 THEN '0.19' ELSE '0.2' END, true);
    RETURN QUERY
        SELECT v.word, v.latin, v.talks FROM talks_searchword v
         WHERE v.latin % query_latin
           AND v.word !~ ' '
           AND levenshtein_less_equal(v.latin, query_latin, 2 * max_edits) <= 2 * max_edits
         ORDER BY similarity(v.latin, query_latin) DESC, v.talks DESC, v.word
         LIMIT 20;
END
$$;
