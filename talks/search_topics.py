"""Cross-lingual search through topics: a query that names topics (in English or in
Russian: "секционирование", "logical replication") also finds talks carrying those
topics that its words do not match: the English talks on partitioning for the Russian
query, and the reverse.

All in PostgreSQL. archive_query_topics (talks/sql/) says which topics a query names:
those whose terms its words match, parsed as English and as Russian, and only when the
topics' words make up the whole query (a query asking for more than a topic, "logical
replication at Zalando", gets no talk by topic alone, nor does one with a "quoted
phrase", which asks for those very words).

A popular topic is carried by thousands of talks, and ranking or counting them all made
such a query cost several times a plain one (docs/performance.md, "Topics"). So a search
adds at most CROSS_LIMIT of them, the best by CROSS_ORDER (talks in another language
than the query's first: what its words cannot find), chosen from the topic links'
index alone, whose rows carry what CROSS_ORDER reads of their talks (LINKS_BEST; with
filters, from the talks' rows), without reading search documents; only those few are
then checked against the query's words (a talk its words match is search's own). They
are counted in the facets (the language facet tells them apart) and ranked after the
best OWN_FIRST matches of the query's own words, CROSS_SLOTS of them, so that they are
on the first page and the best own-language matches stay on top; the rest of them follow
every match of the words. Sorted by date, they take their place among the matches by
date.

talks/search_statement.py asks named_topics first (a statement of its own, remembered per
archive version), then, when the query names any, puts cross_sql's talks in a CTE of the
search's one statement, which hits() (for the count and facets) and ranked() (for the
order) read: both take search's own SQL and add the topics' talks to it. A query naming
none gets a statement without them.
"""

from django.db import connection

from conference.bilingual import text_language
from talks import search as base
from talks.topics import CARRIED_SQL
from talks.typos import split_terms

# The places of a page that go to the query's own matches before any topic's talk, and
# how many topics' talks come next.
OWN_FIRST = 5
CROSS_SLOTS = 5
# The most talks a search adds by topic: five pages of twenty.
CROSS_LIMIT = 100
# Topics' talks past CROSS_SLOTS come after every own match.
LATER = 1_000_000_000

# The topics a query names, asked in a statement of their own before the search's
# (named_topics; remembered per archive version, talks/typo_memo.py): a query naming none,
# most of them, then plans a statement without the topics' CTEs and branches, and one
# naming some gets their ids as a constant array, whose length the planner reads
# (docs/performance.md, "Search's fixed cost per call, session 13"). Computed in the
# search's statement, archive_query_topics was run by the planner too, to size unnest().
NAMED_IDS_SQL = "SELECT archive_query_topics(%s) || archive_query_topics(%s)"
# The named topics, and their tsqueries ORed into one, each computed once per statement
# (CTEs the rest reads, not a call per row). A tsquery's text reads back as the same
# lexemes.
NAMED = """WITH named AS MATERIALIZED (SELECT unnest(%s::bigint[]) AS id),
named_query AS MATERIALIZED (
    SELECT string_agg('(' || query::text || ')', ' | ')::tsquery AS query
      FROM talks_topic topic JOIN named ON named.id = topic.id,
           LATERAL (VALUES (topic.query_en), (topic.query_ru)) AS v(query)
     WHERE query IS NOT NULL AND query::text <> '')"""
# The talks carrying a named topic, with how many of them each carries: from the topic
# links' index alone (talk_topic_by_topic holds the source).
CARRIED = f"""(SELECT link.talk_id, count(*) AS topics FROM talks_talktopic link
    WHERE link.topic_id IN (SELECT id FROM named) AND link.source IN {CARRIED_SQL}
    GROUP BY link.talk_id) AS carried"""  # noqa: S608 -- constant fragments
# Their order: in another language than the query's first (%s: the query's language),
# carrying more of the named topics, then a title naming one, then the newest.
CROSS_ORDER = """t.language <> %s DESC, carried.topics DESC,
    coalesce(t.title_vector @@ (SELECT query FROM named_query), FALSE) DESC,
    t.start DESC NULLS LAST, t.id"""
# Without filters, the same choice from the topic links alone: each carries its talk's
# publicness, language and start and whether its title names the topic (talks migration
# 0033), all held in the index talk_topic_by_topic, so the up to thousands of talks of a
# popular topic are ordered without reading their rows (57 of a page 5 search's 112 ms,
# docs/performance.md, "Search SQL, session 12"). Whether a title names a topic is the
# link's own: a title naming a named topic the talk does not carry (an organiser took it
# off) no longer counts. The best CROSS_LIMIT are taken by ORDER BY ... LIMIT, a top-N
# sort, and only those numbered: numbering every carrying talk sorted all of them
# (4,205 for "indexes", a third of the statement: docs/performance.md, "Broad search
# queries, session 13"). The order is total (the talk's id last): the same talks, the
# same numbers.
LINKS_ORDER = "other DESC, topics DESC, in_title DESC, start DESC NULLS LAST, id"
LINKS_BEST = f"""SELECT id, row_number() OVER (ORDER BY {LINKS_ORDER}) AS n FROM (
  SELECT link.talk_id AS id, min(link.talk_language) <> %s AS other, count(*) AS topics,
         bool_or(link.in_title) AS in_title, min(link.talk_start) AS start
    FROM talks_talktopic link
   WHERE link.topic_id IN (SELECT id FROM named) AND link.source IN {CARRIED_SQL}
     AND link.talk_is_public
   GROUP BY link.talk_id
   ORDER BY {LINKS_ORDER} LIMIT {CROSS_LIMIT}) AS top"""  # noqa: S608 -- constant fragments
# The same for a query naming one topic, most of them. A talk has one link to a topic
# (talk_topic_once), so each carrying talk is one link, whose values are its group's, and
# the index talk_topic_best holds the topic's public links in the order that follows
# `other` (in_title, start, id): the best CROSS_LIMIT of each side of `other` are that
# side's first entries, read in order, so the choice reads about two hundred entries
# instead of grouping and sorting every link (4,205 for "indexes": docs/performance.md,
# "The topic page and a topic's search, session 14"). Same talks, same numbers. Its
# parameters: the topic's id (in `named`), then the query's language twice.
ONE_SIDE = """(SELECT link.talk_id AS id, {other} AS other, link.in_title,
         link.talk_start AS start FROM talks_talktopic link
   WHERE link.topic_id = (SELECT id FROM named) AND link.source IN {carried}
     AND link.talk_is_public AND link.talk_language {compare} %s
   ORDER BY link.in_title DESC, link.talk_start DESC NULLS LAST, link.talk_id
   LIMIT {limit})"""
LINK_BEST = (
    "SELECT id, row_number() OVER (ORDER BY other DESC, in_title DESC,"  # noqa: S608 -- constant fragments
    " start DESC NULLS LAST, id) AS n FROM ("
    + ONE_SIDE.format(other="TRUE", compare="<>", carried=CARRIED_SQL, limit=CROSS_LIMIT)
    + " UNION ALL "
    + ONE_SIDE.format(other="FALSE", compare="=", carried=CARRIED_SQL, limit=CROSS_LIMIT)
    + ") AS top"
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
    wanted, _ = split_terms(query)
    return " ".join(wanted)


def named_topics(query: str, typed: str = "", memo=None) -> list[int]:
    """The ids of the topics the query names (or the query as `typed`, before its typos
    were corrected: a topic's term no talk holds, "decoding", is corrected away), in
    order; from `memo` (a talks.typo_memo.WordMemo) when it holds them. No statement for
    a query that can name none (a "quoted phrase", only excluded words)."""
    words = named(query)
    typed_words = named(typed) if typed and typed != query else ""
    if not words and not typed_words:
        return []
    key = (words, typed_words)
    if memo is not None and (held := memo.topics.get(key)) is not None:
        return list(held)
    with connection.cursor() as cursor:
        cursor.execute(NAMED_IDS_SQL, key)
        (ids,) = cursor.fetchone()
    found = sorted(set(ids or ()))
    if memo is not None:
        memo.remember("topics", key, tuple(found))
    return found


def cross_sql(query: str, filters, topics: list[int]):
    """(id, n) of the best CROSS_LIMIT public talks carrying a topic of `topics` (those
    the query names, named_topics'), with the filters, numbered n in CROSS_ORDER, less
    those the query's words match (search's own) or its excluded words exclude. A
    statement of its own (WITH ...)."""
    params = (topics, text_language(named(query)))
    if filters.active():
        best = base.Sql(
            f"{NAMED} SELECT t.id, row_number() OVER (ORDER BY {CROSS_ORDER}) AS n"  # noqa: S608 -- constant fragments; values are parameters
            f" FROM {base.PUBLIC_TALKS_T} JOIN {CARRIED} ON carried.talk_id = t.id WHERE ",
            params,
        ) + base.filters_sql(filters)
    else:
        best = (
            base.Sql(f"{NAMED} {LINK_BEST}", (*params, params[1]))
            if len(topics) == 1
            else base.Sql(f"{NAMED} {LINKS_BEST}", params)
        )
    best += base.Sql(f" ORDER BY n LIMIT {CROSS_LIMIT}")
    _, excluded = split_terms(query)
    unmatched = base.Sql(f"NOT t.search_vector @@ {base.TSQUERY}", (query,))
    if excluded:
        unmatched += base.Sql(
            f" AND NOT t.search_vector @@ {base.TSQUERY}", (" OR ".join(excluded),)
        )
    # Only the chosen few are checked against the words: reading a search document is
    # the costly part of a talk's row.
    return (
        best.format(
            "SELECT best.id, best.n FROM ({}) AS best JOIN talks_talk t ON t.id = best.id WHERE "
        )
        + unmatched
    )


# What hits() and ranked() read: the statement's CTE holding cross_sql's rows
# (talks/search_statement.py), so that choosing them is done once per search.
CROSSED = "crossed"


def hits(matches, *, columns: bool = True):
    """search's matching talks (`matches`, selecting search's HIT_COLUMNS of t, or their
    id alone without `columns`) and the topics' talks (CROSSED): what the count and facets
    read. The two never share a talk."""
    if not columns:
        return matches + base.Sql(f" UNION ALL SELECT id FROM {CROSSED}")  # noqa: S608 -- a constant name
    return matches + base.Sql(
        f" UNION ALL SELECT {base.HIT_COLUMNS} FROM talks_talk t"  # noqa: S608 -- search's column list
        f" WHERE t.id IN (SELECT id FROM {CROSSED})"
    )


def ranked(ordered_ids, *, sort: str = "relevance"):
    """search's ranked ids (`ordered_ids`: id, place) with the topics' talks (CROSSED)
    placed as the module says, as (id, place) again; sorted by date, all of them newest
    first."""
    crossed = base.Sql(f"SELECT id, n FROM {CROSSED}")  # noqa: S608 -- a constant name
    if sort == base.DATE:
        every = ordered_ids.format("SELECT own.id FROM ({}) AS own") + crossed.format(
            " UNION ALL SELECT crossed.id FROM ({}) AS crossed"
        )
        return every.format(
            "SELECT t.id, row_number() OVER (ORDER BY "  # noqa: S608 -- constant fragments
            + base.DATE_ORDER
            + ") AS place FROM talks_talk t JOIN conference_edition e ON e.id = t.edition_id"
            " WHERE t.id IN ({})"
        )
    merged = ordered_ids.format(OWN_PLACES) + crossed.format(CROSS_PLACES)
    return merged.format("SELECT id, row_number() OVER (ORDER BY key, id) AS place FROM ({}) AS m")
