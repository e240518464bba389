-- A topic's terms in one language as one tsquery: each term a phrase stemmed with
-- `config` (so "logical decoding" needs both words, in that order, in any form), ORed
-- together; NULL when no term has a lexeme (a topic with no terms in that language), so
-- that `@@` with it is never true and never warns. IMMUTABLE: phraseto_tsquery with a
-- given configuration is.
-- A hyphenated word ("ввод-вывод", "write-ahead") is parsed as the whole word and then
-- its parts, one position each, in a talk's text and in a term alike; so the term's
-- phrase matches only text that has the hyphen. The same words written apart ("ввод
-- вывод"), and a search query, whose words search splits at hyphens (talks/search.py
-- split_terms), are matched by a second phrase of the term with its hyphens made spaces.
-- That one is left out when a part of a hyphenated word is a stop word ("T-SQL" would
-- be "sql" alone, "что-то новое" "нов"): it would ask for less than the term says.
CREATE OR REPLACE FUNCTION archive_topic_query(terms text[], config regconfig) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(DISTINCT '(' || parsed::text || ')', ' | ')::tsquery
      FROM (SELECT term FROM unnest(terms) AS term
            UNION
            SELECT translate(term, '-', ' ')
              FROM unnest(terms) AS term
             WHERE term LIKE '%-%'
               AND NOT EXISTS (
                   SELECT 1
                     FROM regexp_matches(term, '([^[:space:]-]+(?:-[^[:space:]-]+)+)', 'g')
                          AS hyphenated(word)
                    WHERE regexp_count(phraseto_tsquery(
                              config, translate(hyphenated.word[1], '-', ' '))::text, '''')
                          <> 2 * cardinality(string_to_array(hyphenated.word[1], '-')))
           ) AS form(term),
           phraseto_tsquery(config, form.term) AS parsed
     WHERE numnode(parsed) > 0
$$;
