-- A user's query, in websearch syntax, for talks of any language: the English, Russian
-- and simple parses, and the Latin transliteration of the query, ORed together, one
-- branch per distinct parse (equal branches made the planner guess too many matches).
-- The russian configuration stems ASCII words with the English stemmer, so a Russian
-- talk that mentions "replication" is found by an English query too. IMMUTABLE so that
-- a call on a constant is folded while planning (talks migration 0003 says why).
--
-- COST says what a call really is (five parses, unaccent, transliteration) to a planner
-- that otherwise takes a SQL function for a hundred operators: a prepared statement's
-- generic plan, made without the query's value, cannot fold the call and runs it for
-- every talk it filters or ranks. Priced so, such a plan always costs more than one made
-- for the value, so PostgreSQL keeps planning search statements for their values, as
-- psycopg prepares them (talks migration 0019; docs/performance.md, "Issue 16: search
-- and prepared statements").
CREATE OR REPLACE FUNCTION archive_search_query(query text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000000 AS $$
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
