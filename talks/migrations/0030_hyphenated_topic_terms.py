"""Hyphenated terms match the same words written apart, and search queries, which split
words at hyphens (issue 19's leftovers; talks/sql/archive_topic_query.sql).

The function is loaded again; every topic's stored queries are recomputed (its
before-write trigger) and, where they changed, its talks tagged afresh at once (the
after trigger: a migration does not defer tagging).
"""

from django.db import migrations

from conference.db.functions import sql_for

# The function as talks 0027 created it, for going back.
PREVIOUS = """
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
"""

RECOMPUTE = "UPDATE talks_topic SET terms_en = terms_en"


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0029_precise_seed_terms"),
    ]

    operations = [
        migrations.RunSQL(sql_for("archive_topic_query"), PREVIOUS),
        migrations.RunSQL(RECOMPUTE, RECOMPUTE),
    ]
