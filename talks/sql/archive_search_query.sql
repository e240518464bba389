-- A user's query, in websearch syntax, for talks of any language: the English, Russian
-- and simple parses, and the Latin transliteration of the query, ORed together, one
-- branch per distinct parse (equal branches made the planner guess too many matches).
-- The russian configuration stems ASCII words with the English stemmer, so a Russian
-- talk that mentions "replication" is found by an English query too. IMMUTABLE so that
-- a call on a constant is folded while planning (talks migration 0003 says why).
CREATE OR REPLACE FUNCTION archive_search_query(query text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        string_agg(DISTINCT '(' || parsed::text || ')', ' | ')::tsquery,
        websearch_to_tsquery('simple', '')
    )
      FROM (SELECT archive_translit(unaccent(query)) AS latin) AS transliterated,
           unnest(ARRAY[
               websearch_to_tsquery('english', query),
               websearch_to_tsquery('russian', query),
               websearch_to_tsquery('simple', query),
               websearch_to_tsquery('english', latin),
               websearch_to_tsquery('simple', latin)
           ]) AS parsed
     WHERE numnode(parsed) > 0
$$;
