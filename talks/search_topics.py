"""Cross-lingual search through topics: a query that names topics (in English or in
Russian: "секционирование", "logical replication") also finds the talks carrying those
topics that its words do not match, whatever their language: the English talks on
partitioning for the Russian query, and the reverse.

All in PostgreSQL. archive_query_topics (talks/sql/) says which topics a query names:
those whose terms its words match, parsed as English and as Russian, and only when the
topics' words make up the whole query (a query asking for more than a topic, "logical
replication at Zalando", gets no talk by topic alone, nor does one with a "quoted
phrase", which asks for those very words). The talks found so are counted in
the facets (the language facet tells them apart) and ranked after the best
OWN_FIRST matches of the query's own words, CROSS_SLOTS of them (those in another
language than the query's first), so that they are on the
first page and the best own-language matches stay on top; the rest of them follow every
match of the words.

talks/search.py calls hits() for the count and facets and ranked() for the order; both
take its own statements and add the topics' talks to them.
"""

from conference.bilingual import text_language
from talks import search as base
from talks.topics import CARRIED_SQL

# The places of a page that go to the query's own matches before any topic's talk, and
# how many topics' talks come next.
OWN_FIRST = 5
CROSS_SLOTS = 5
# Topics' talks past CROSS_SLOTS come after every own match (which number far fewer).
LATER = 1_000_000_000

NAMED_TOPICS = "archive_query_topics(%s)"
# The talk t carries a topic the query names.
CARRIES_A_NAMED_TOPIC = f"""t.id IN (SELECT link.talk_id FROM talks_talktopic link
    WHERE link.topic_id = ANY({NAMED_TOPICS}) AND link.source IN {CARRIED_SQL})"""  # noqa: S608 -- constant fragments; the query is a parameter
# The order of those talks: in another language than the query's first (what the query's
# words cannot find), carrying more of the named topics, then a title naming one, then the
# newest.
CROSS_ORDER = f"""t.language <> %s DESC, (SELECT count(*) FROM talks_talktopic link
    WHERE link.talk_id = t.id AND link.topic_id = ANY({NAMED_TOPICS})
      AND link.source IN {CARRIED_SQL}) DESC,
    EXISTS (SELECT 1 FROM talks_topic topic WHERE topic.id = ANY({NAMED_TOPICS})
        AND (t.title_vector @@ topic.query_en OR t.title_vector @@ topic.query_ru)) DESC,
    t.start DESC NULLS LAST, t.id"""  # noqa: S608 -- constant fragments; the query is a parameter


# The topics' talks (topic_sql's ids) numbered in CROSS_ORDER.
CROSS_RANKED = (
    f"SELECT t.id, row_number() OVER (ORDER BY {CROSS_ORDER}) AS n"  # noqa: S608 -- constant fragments
    " FROM talks_talk t WHERE t.id IN ({})"
)
# The merged order's keys: own matches 1..OWN_FIRST, then the first CROSS_SLOTS topics'
# talks, then the other own matches, then the other topics' talks.
OWN_PLACES = (
    f"SELECT own.id, CASE WHEN own.place <= {OWN_FIRST} THEN own.place"  # noqa: S608 -- constants of this module
    f" ELSE own.place + {CROSS_SLOTS} END AS key FROM ({{}}) AS own"
)
CROSS_PLACES = (
    f" UNION ALL SELECT crossed.id, CASE WHEN crossed.n <= {CROSS_SLOTS}"  # noqa: S608 -- constants of this module
    f" THEN {OWN_FIRST} + crossed.n ELSE {LATER} + crossed.n END FROM ({{}}) AS crossed"
)


def named(query: str) -> str:
    """The words a query asks for, as one text: what archive_query_topics reads (an
    excluded word, "-vacuum", names no topic). A query with a "quoted phrase" asks for
    those very words, as search engines read quotes: it names no topic."""
    if '"' in query:
        return ""
    wanted, _ = base.split_terms(query)
    return " ".join(wanted)


def topic_sql(query: str, filters, columns: str = "t.id"):
    """SELECT `columns` of public talks that carry a topic the query names and that the
    query's words do not match (those are search's own), with the filters; excluded
    words still exclude."""
    _, excluded = base.split_terms(query)
    found = base.Sql(
        f"SELECT {columns} FROM {base.PUBLIC_TALKS_T} WHERE {CARRIES_A_NAMED_TOPIC}"  # noqa: S608 -- constant fragments; values are parameters
        f" AND NOT t.search_vector @@ {base.TSQUERY} AND ",
        (named(query), query),
    ) + base.filters_sql(filters)
    if excluded:
        found += base.Sql(f" AND NOT t.search_vector @@ {base.TSQUERY}", (" OR ".join(excluded),))
    return found


def hits(matches, query: str, filters, columns: str):
    """search's matching talks (`matches`, selecting `columns`) and the topics' talks:
    what the count and facets read. The two never share a talk."""
    return matches + topic_sql(query, filters, columns).format(" UNION ALL ({})")


def ranked(ordered_ids, query: str, filters):
    """search's ranked ids (`ordered_ids`: id, place) with the topics' talks placed as
    the module says, as (id, place) again."""
    crossed = topic_sql(query, filters).format(CROSS_RANKED)
    # In the text, the order's parameters come before the topics' talks' ones.
    words = named(query)
    crossed = base.Sql(crossed.text, (text_language(words), words, words, *crossed.params))
    merged = ordered_ids.format(OWN_PLACES) + crossed.format(CROSS_PLACES)
    return merged.format("SELECT id, row_number() OVER (ORDER BY key, id) AS place FROM ({}) AS m")
