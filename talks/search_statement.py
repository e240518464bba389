"""The search's one statement: the topics' talks, the count with the facets and the page
of results, together (talks/search.py's search_talks runs it after the correction).

Each part was a statement of its own, and the topics' talks (talks/search_topics.py) were
chosen in two of them: reading the rows of the up to thousands of talks carrying a topic,
to pick the best CROSS_LIMIT, was most of a topic query's cost, and it was paid twice
(docs/performance.md, "Search speed (issue 19), session 11"). Here they are chosen once,
in a MATERIALIZED CTE the count and the page both read, and the statement's round trip
and planning are paid once; a query that names no topic (search_topics.named_topics, asked
before) gets a statement without that CTE, which plans faster.

Its rows: the talks of the page (page_sql's columns), the first beside the facet rows as
one JSON array (talks/facets.py's FACET_ROWS_SQL, aggregated); one row with no talk when
the page is empty, so the count comes back either way.
"""

from collections.abc import Mapping
from functools import cache

from django.db import connection

from conference.db.raw_rows import instance
from conference.models import Edition
from talks import search as base
from talks import search_generic, search_topics
from talks.facets import TOTAL_ROW_SQL, FacetValue, count_and_lazy_facets, facet_rows_sql
from talks.models import SEARCH_FIELDS, Talk
from talks.readers.rows import (
    PROGRAMME_JOINS,
    RelatedRows,
    programme_columns,
    programme_select,
    set_credits,
    set_programme,
)
from talks.search_slides import SLIDE_COLUMNS, SLIDE_MATCH, headline_to_show
from talks.typo_memo import WordMemo

# After the topics' talks: the hits up to the cap, their facet rows, and those as one array.
FACETS = (
    " facets AS (SELECT json_agg(json_build_array(facet, value, label, n)) AS list"
    " FROM facet_rows AS f(facet, value, label, n))"
)
# The facets on the first row only: each copy would be sent and decoded again.
PAGE = (
    ", page AS ({}) SELECT CASE WHEN row_number() OVER (ORDER BY page.place) = 1"
    " THEN facets.list END, page.* FROM facets LEFT JOIN page ON TRUE ORDER BY page.place"
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
    facets: bool = True,
    memo: WordMemo | None = None,
) -> tuple[int, Mapping[str, list[FacetValue]], list[Talk]]:
    """The count (up to `cap`), the facets and the talks of `page` (limit, offset) for
    search's own matches (`own_hits`, selecting OWN_HIT_COLUMNS, or OWN_ID_COLUMNS without
    `facets`) and ranked ids (`own_ranked`: id, place, in `sort` order) of `query`, with
    the talks of the topics it (or the query as `typed`) names (search_topics.named_topics,
    from `memo` where it holds them). Without `facets`, the count alone (the facets come
    back empty)."""
    limit, offset = page
    topics = search_topics.named_topics(query, typed, memo)
    own = base.Sql(f"SELECT {base.HIT_NAMES if facets else 'id'} FROM {base.OWN_HITS}")  # noqa: S608 -- constant names
    if topics:
        start = search_topics.cross_sql(query, filters, topics).format(
            f"WITH {search_topics.CROSSED} AS MATERIALIZED ({{}}), "
        )
        hits = search_topics.hits(own, columns=facets)
        ranked = search_topics.ranked(own_ranked, sort=sort)
    else:
        # No topic's talks to add: search's own, in their own order (the places ranked()
        # would give them), and a statement with less to plan.
        start, hits, ranked = base.Sql("WITH "), own, own_ranked
    counted = (
        own_hits.format(f"{base.OWN_HITS} AS MATERIALIZED (({{}}) ORDER BY t.id LIMIT %s), ")
        + hits.format("hits AS MATERIALIZED ({} LIMIT %s), ")
        + base.Sql("", (cap, cap))
        + base.Sql("facet_rows AS (" + (facet_rows_sql() if facets else TOTAL_ROW_SQL) + "),")
        + base.Sql(FACETS)
    )
    shown = page_sql(ranked, query, limit=limit, offset=offset).format(PAGE)
    statement = start + counted + shown
    # The API's statement without filters: one plan for every query (talks/search_generic.py).
    once = None
    if not facets and not filters.active() and search_generic.prepares():
        once = search_generic.planned_once(statement, query, memo)
    statement = once or statement
    with connection.cursor() as cursor:
        if once:
            with search_generic.generic_plan(cursor):
                cursor.execute(statement.text, statement.params)
                rows = cursor.fetchall()
        else:
            cursor.execute(statement.text, statement.params)
            rows = cursor.fetchall()
    count, counted_facets = count_and_lazy_facets(rows[0][0])
    return count, counted_facets, page_talks([row[1:] for row in rows if row[1] is not None])


def _page_fields(model) -> list[str]:
    """The attnames of `model` a results page reads: all but the columns only search
    reads, in SQL (SEARCH_FIELDS), which a results page leaves deferred."""
    return [
        field.attname for field in model._meta.concrete_fields if field.attname not in SEARCH_FIELDS
    ]


@cache
def _page_columns() -> tuple[list[str], list[str], str]:
    """The talk and edition fields of a results page and their SELECT list, with the talk's
    track and room (talks.readers.rows.programme_columns): the same for every search, so
    built once per process."""
    talk_fields = _page_fields(Talk)
    edition_fields = _page_fields(Edition)
    columns = ", ".join(
        [f't."{Talk._meta.get_field(name).column}"' for name in talk_fields]
        + [f'e."{Edition._meta.get_field(name).column}"' for name in edition_fields]
        + [programme_select()]
    )
    return talk_fields, edition_fields, columns


def page_sql(ordered_ids: "base.Sql", query: str, *, limit: int, offset: int) -> "base.Sql":
    """One page of talks in the order of `ordered_ids` (id, place): its place first, then
    the columns page_talks reads, with a highlighted snippet of the abstract (or of the
    slide page that matched, whose number is talk.slides_page: talks/search_slides.py).

    Snippets are built for the page's rows only: ts_headline is the costly part.
    """
    _, _, columns = _page_columns()
    headlines = base.Sql(
        "SELECT ranked.place, " + columns + ", ts_headline(archive_text_search_config("
        f"t.language), t.abstract, {base.TSQUERY}, %s)"
        + SLIDE_COLUMNS.format(tsquery=base.TSQUERY),
        (query, base._HEADLINE_OPTIONS, query, base._HEADLINE_OPTIONS),
    )
    page = ordered_ids.format(
        " FROM ({} ORDER BY place LIMIT %s OFFSET %s)"
        " AS ranked JOIN talks_talk t ON t.id = ranked.id"
        " JOIN conference_edition e ON e.id = t.edition_id" + PROGRAMME_JOINS.format(talk="t")
    )
    return (
        headlines
        + page
        + base.Sql(SLIDE_MATCH.format(tsquery=base.TSQUERY), (limit, offset, query))
        + base.Sql(" ORDER BY ranked.place")
    )


def page_talks(rows) -> list[Talk]:
    """page_sql's rows, less their place, as talks with their editions and their speakers
    in order (talk.credits, from the talk's Talk.credits_json, as talks.readers.rows reads
    them). The page's talks share one instance per edition, track, room, speaker and
    company, as select_talks' rows do."""
    talk_fields, edition_fields, _ = _page_columns()
    related = RelatedRows()
    talks = []
    split = 1 + len(talk_fields)
    programme_start = split + len(edition_fields)
    (track_fields, _), (room_fields, _) = programme_columns()
    room_start = programme_start + len(track_fields)
    for row in rows:
        talk = instance(Talk, dict(zip(talk_fields, row[1:split], strict=True)))
        talk.edition = related.edition(
            dict(zip(edition_fields, row[split:programme_start], strict=True))
        )
        set_programme(
            talk,
            dict(zip(track_fields, row[programme_start:room_start], strict=True)),
            dict(zip(room_fields, row[room_start:-3], strict=True)),
            related,
        )
        talk.slides_page = row[-2]  # the first page of its slides that matched, or None
        shown = headline_to_show(row[-3], row[-1], marker=base._MARK_START)
        talk.snippet = base.render_snippet(shown, fallback=talk.abstract[:240])
        talks.append(talk)
    set_credits(talks, related)
    return talks


def fetch_page(ordered_ids: "base.Sql", query: str, *, limit: int, offset: int) -> list[Talk]:
    """page_sql's talks, in a statement of their own (the trigram fallback's page)."""
    page = page_sql(ordered_ids, query, limit=limit, offset=offset)
    with connection.cursor() as cursor:
        cursor.execute(page.text, page.params)
        return page_talks(cursor.fetchall())
