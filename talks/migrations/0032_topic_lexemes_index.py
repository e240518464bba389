"""Which topics a search query names, from the few topics sharing a lexeme with it
(talks/sql/archive_query_topics.sql): a GIN index on the topics' lexemes, and the
function loaded again to use it, instead of reading every topic's row and tsqueries on
each search (docs/performance.md, "Search SQL, session 12").
"""

import django.contrib.postgres.indexes
from django.db import migrations

from conference.db.functions import sql_for

# The function as talks 0027 created it, for going back.
PREVIOUS = """
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0031_slide_words_in_vocabulary"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="topic",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["lexemes"], name="topic_lexemes"
            ),
        ),
        migrations.RunSQL(sql_for("archive_query_topics"), PREVIOUS),
    ]
