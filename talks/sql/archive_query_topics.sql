-- The topics a search query names (talks/search_topics.py): those whose query, English
-- or Russian, the query's own words match, parsed as English and as Russian (a Russian
-- query's Latin words are stemmed as English, like a Russian talk's). Only when the
-- topics' words make up the whole query, in one of the two parses: "секционирование" or
-- "logical replication" names its topic, "logical replication at Zalando" asks for more
-- than a topic, and gets no talk by topic alone. Empty otherwise. STABLE: it reads the
-- topics; called on a constant it runs once per statement.
--
-- A topic's tsqueries hold only lexemes of its `lexemes` (both are made from its name and
-- terms, archive_topic_before_write) and have no NOT, so a topic the query names shares a
-- lexeme with it: `lexemes &&` the query's lexemes, through the GIN index topic_lexemes,
-- reads those few topics instead of every topic's row and tsqueries (0.8 ms a call to
-- 0.14 ms, docs/performance.md, "Search SQL, session 12").
CREATE OR REPLACE FUNCTION archive_query_topics(query text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH parsed AS (
        SELECT to_tsvector('english', query) AS en, to_tsvector('russian', query) AS ru
    ), words AS (
        SELECT tsvector_to_array(parsed.en) AS en, tsvector_to_array(parsed.ru) AS ru
          FROM parsed
    ), named AS (
        SELECT topic.id, topic.lexemes
          FROM talks_topic topic, parsed, words
         WHERE topic.lexemes && (words.en || words.ru)
           AND (parsed.en @@ topic.query_en OR parsed.ru @@ topic.query_ru
                OR parsed.ru @@ topic.query_en)
    ), covered AS (
        SELECT ARRAY(SELECT id FROM named ORDER BY id) AS ids,
               ARRAY(SELECT DISTINCT unnest(lexemes) FROM named) AS lexemes
    )
    SELECT CASE WHEN cardinality(covered.ids) > 0
                 AND (words.en <@ covered.lexemes OR words.ru <@ covered.lexemes)
                THEN covered.ids ELSE '{}'::bigint[] END
      FROM words, covered
$$;
