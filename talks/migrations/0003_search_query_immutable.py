"""archive_search_query: one branch per distinct parse, and IMMUTABLE.

Distinct branches: "pgbouncer" parses the same in English, Russian, simple and Latin;
five equal branches ORed together made the planner guess five times too many matches
and scan the table instead of the GIN index.

IMMUTABLE: as a STABLE function it ran once per row of a sequential scan, three times
per row (filter, ranking, title test). Declared IMMUTABLE, a call on a constant is
folded while planning, which also gives the planner the real tsquery to estimate with.
It is immutable in practice: the same text parses to the same tsquery unless someone
edits the text-search dictionaries, and then archive_refresh_talk_search must run anyway.
"""

from django.db import migrations

DISTINCT_IMMUTABLE = r"""
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
"""

PREVIOUS = r"""
CREATE OR REPLACE FUNCTION archive_search_query(query text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT websearch_to_tsquery('english', query)
        || websearch_to_tsquery('russian', query)
        || websearch_to_tsquery('simple', query)
        || websearch_to_tsquery('english', latin)
        || websearch_to_tsquery('simple', latin)
      FROM (SELECT archive_translit(unaccent(query)) AS latin) AS transliterated
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0002_search")]

    operations = [migrations.RunSQL(DISTINCT_IMMUTABLE, PREVIOUS)]
