-- The topics a search query names (talks/search_topics.py): those whose query, English
-- or Russian, the query's own words match, parsed as English and as Russian (a Russian
-- query's Latin words are stemmed as English, like a Russian talk's). Only when the
-- topics' words make up the whole query, in one of the two parses: "секционирование" or
-- "logical replication" names its topic, "logical replication at Zalando" asks for more
-- than a topic, and gets no talk by topic alone. Empty otherwise. STABLE: it reads the
-- topics; called on a constant it runs once per statement.
CREATE OR REPLACE FUNCTION archive_query_topics(query text) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH parsed AS (
        SELECT to_tsvector('english', query) AS en, to_tsvector('russian', query) AS ru
    ), named AS (
        SELECT topic.id, topic.lexemes
          FROM talks_topic topic, parsed
         WHERE parsed.en @@ topic.query_en OR parsed.ru @@ topic.query_ru
            OR parsed.ru @@ topic.query_en
    ), covered AS (
        SELECT ARRAY(SELECT id FROM named ORDER BY id) AS ids,
               ARRAY(SELECT DISTINCT unnest(lexemes) FROM named) AS lexemes
    )
    SELECT CASE WHEN cardinality(covered.ids) > 0
                 AND (tsvector_to_array(parsed.en) <@ covered.lexemes
                      OR tsvector_to_array(parsed.ru) <@ covered.lexemes)
                THEN covered.ids ELSE '{}'::bigint[] END
      FROM parsed, covered
$$;
