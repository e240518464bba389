"""The search's one statement: the topics' talks, the count with the facets and the page
of results, together (talks/search.py's search_talks runs it after the correction).

Each part was a statement of its own, and the topics' talks (talks/search_topics.py) were
chosen in two of them: reading the rows of the up to thousands of talks carrying a topic,
to pick the best CROSS_LIMIT, was most of a topic query's cost, and it was paid twice
(docs/performance.md, "Search speed (issue 19), session 11"). Here they are chosen once,
in a MATERIALIZED CTE the count and the page both read, and the statement's round trip
and planning are paid once.

Its rows: the facet rows as one JSON array (talks/facets.py's FACET_ROWS_SQL, aggregated)
beside each talk of the page (talks.search.page_sql's columns); one row with no talk
when the page is empty, so the count comes back either way.
"""

from django.db import connection

from talks import search as base
from talks import search_topics
from talks.facets import FacetValue, facet_rows_sql, read_facets
from talks.models import Talk

# After the topics' talks: the hits up to the cap, their facet rows, and those as one array.
FACETS = (
    " facets AS (SELECT json_agg(json_build_array(facet, value, label, n)) AS list"
    " FROM facet_rows AS f(facet, value, label, n))"
)
PAGE = (
    ", page AS ({}) SELECT facets.list, page.* FROM facets"
    " LEFT JOIN page ON TRUE ORDER BY page.place"
)


def search_page(
    own_hits: "base.Sql",
    own_ranked: "base.Sql",
    query: str,
    filters,
    typed: str,
    *,
    sort: str,
    page: tuple[int, int],
    cap: int,
) -> tuple[int, dict[str, list[FacetValue]], list[Talk]]:
    """The count (up to `cap`), the facets and the talks of `page` (limit, offset) for
    search's own matches (`own_hits`, selecting HIT_COLUMNS) and ranked ids (`own_ranked`:
    id, place, in `sort` order) of `query`, with the talks of the topics it (or the query
    as `typed`) names."""
    limit, offset = page
    crossed = search_topics.cross_sql(query, filters, typed).format(
        f"WITH {search_topics.CROSSED} AS MATERIALIZED ({{}}), "
    )
    counted = (
        search_topics.hits(own_hits).format("hits AS MATERIALIZED ({} LIMIT %s), ")
        + base.Sql("", (cap,))
        + base.Sql("facet_rows AS (" + facet_rows_sql() + "),")
        + base.Sql(FACETS)
    )
    ranked = search_topics.ranked(own_ranked, sort=sort)
    shown = base.page_sql(ranked, query, limit=limit, offset=offset).format(PAGE)
    statement = crossed + counted + shown
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        rows = cursor.fetchall()
    count, facets = read_facets(rows[0][0])
    return count, facets, base.page_talks([row[1:] for row in rows if row[1] is not None])
