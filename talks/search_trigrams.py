"""The search's last resort: talks whose title or a speaker's name merely looks like the
query's words (pg_trgm), when neither the query nor the query less a word found anything
(talks/search.py's _search_talks)."""

from talks import search as base
from talks import search_statement
from talks.facets import count_and_facets
from talks.typos import split_terms

MAX_TYPO_WORDS = 6


def typo_sql(query: str, filters: "base.SearchFilters", columns: str = "t.id") -> "base.Sql | None":
    """Published talks whose title or a speaker's name (either spelling) looks like every
    wanted word.

    pg_trgm word similarity (the `<%` operator, GIN-indexed) per word, so that
    "postgre replicaton" finds "PostgreSQL logical replication". Excluded words still
    exclude. None when the query wants no word.
    """
    wanted, excluded = split_terms(query)
    if not wanted:
        return None
    found = base.Sql(f"SELECT {columns} FROM {base.PUBLIC_TALKS_T} WHERE ")  # noqa: S608 -- constant fragments only
    found += base.filters_sql(filters)
    for word in wanted[:MAX_TYPO_WORDS]:
        # Two index-backed sources united, rather than an OR the planner can only scan.
        # "AND is_published" (the outer query wants it anyway) keeps the title part on the
        # trigram index: without it the planner preferred reading every title from the
        # talk_schedule_order index, which holds them, and comparing each: far slower
        # than the trigram index (docs/performance.md, "Readers, search and suggestions").
        found += base.Sql(
            " AND t.id IN (SELECT id FROM talks_talk WHERE %s <%% title AND is_published"
            " UNION SELECT ts.talk_id FROM talks_talkspeaker ts"
            " JOIN talks_speaker s ON s.id = ts.speaker_id"
            " WHERE %s <%% s.name_en OR %s <%% s.name_ru)",
            (word, word, word),
        )
    if excluded:
        found += base.Sql(f" AND NOT t.search_vector @@ {base.TSQUERY}", (" OR ".join(excluded),))
    return found


def typo_ids_sql(
    query: str, filters: "base.SearchFilters", sort: str = "relevance"
) -> "base.Sql | None":
    """typo_sql's talks, most similar title first, or newest first."""
    if sort == base.DATE:
        return typo_sql(
            query, filters, f"t.id, row_number() OVER (ORDER BY {base.DATE_ORDER}) AS place"
        )
    found = typo_sql(query, filters)
    if found is None:
        return None
    wanted, _ = split_terms(query)
    return base.Sql(
        "SELECT t.id, row_number() OVER (ORDER BY word_similarity(%s, t.title) DESC,"
        " t.start DESC, t.id) AS place FROM talks_talk t WHERE t.id IN (",
        (" ".join(wanted),),
    ) + found.format("{})")


def fallback(query: str, filters, *, sort: str, limit: int, offset: int):
    """The count, facets and page of talks (limit, offset) that look like `query`'s words,
    in `sort` order; a count of 0 (and no facets, no talks) when none does."""
    hits = typo_sql(query, filters, base.HIT_COLUMNS)
    if hits is None:
        return 0, {}, []
    count, facets = count_and_facets(hits, cap=base.COUNT_CAP)
    if not count:
        return 0, facets, []
    ordered_ids = typo_ids_sql(query, filters, sort)
    return (
        count,
        facets,
        search_statement.fetch_page(ordered_ids, query, limit=limit, offset=offset),
    )
