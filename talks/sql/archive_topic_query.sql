-- A topic's terms in one language as one tsquery: each term a phrase stemmed with
-- `config` (so "logical decoding" needs both words, in that order, in any form), ORed
-- together; NULL when no term has a lexeme (a topic with no terms in that language), so
-- that `@@` with it is never true and never warns. IMMUTABLE: phraseto_tsquery with a
-- given configuration is.
CREATE OR REPLACE FUNCTION archive_topic_query(terms text[], config regconfig) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(DISTINCT '(' || parsed::text || ')', ' | ')::tsquery
      FROM unnest(terms) AS term, phraseto_tsquery(config, term) AS parsed
     WHERE numnode(parsed) > 0
$$;
