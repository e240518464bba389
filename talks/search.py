"""The one search entry point: PostgreSQL full-text search over published talks.

For the search page and the JSON API, all in PostgreSQL: each talk's stored document
(talks.0002_search's triggers), a websearch query parsed for English, Russian and Latin
spellings at once (archive_search_query), ranking (title or newest first), snippets and
facet counts (talks/facets.py's). Misspelt words are first corrected from the archive's
public words (talks/typos.py); a query naming topics also finds the talks carrying them
(talks/search_topics.py); what finds nothing falls back to trigrams.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talks import search_cache, search_statement, search_trigrams, typo_memo
from talks.facets import FacetValue
from talks.models import Talk
from talks.readers.rows import (
    track_is,
)
from talks.readers.visibility import PUBLIC_TALKS_T
from talks.typo_memo import WordMemo
from talks.typos import WORD, correct, relax

# Longer queries are cut here: nobody types more, and a 10 kB query must stay cheap.
MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
# Ranking every match of a common word costs more than a page is worth, so a query ranks
# its best candidates only: an exact title, up to CANDIDATES talks whose title matches
# (found through the GIN index on title_vector) and up to CANDIDATES other matches.
# Pages past the candidates rank every match.
CANDIDATES = 200
# The search statement's CTE of the query's own matches, the COUNT_CAP of lowest id in id
# order (talks/search_statement.py): the count's and the candidates', read by one scan.
OWN_HITS = "own_hits"
# Counts and facet counts stop at this many matches ("2,000 or more"), as search engines do:
# counting reads every match, so a common word costs in proportion to the archive
# (docs/performance.md, "Readers, search and suggestions"); a decade's counts stay exact.
COUNT_CAP = 2_000

# Private-use characters mark highlights inside ts_headline's output, so that the snippet
# can be HTML-escaped first and the markers turned into <mark> afterwards.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=35, MinWords=15, "
    "ShortWord=2, MaxFragments=2, FragmentDelimiter=\u00a0… "
)
# The orders a search can ask for: best match first (the default), or newest first.
SORTS = (RELEVANCE, DATE) = ("relevance", "date")
# Newest first: by the talk's start, a talk without one by its edition's first day.
DATE_ORDER = "t.start DESC NULLS LAST, e.start_date DESC, t.id DESC"


@dataclass(frozen=True)
class SearchFilters:
    """Facet filters; None means "any"."""

    edition: str | None = None  # edition slug
    language: str | None = None
    track: str | None = None
    company: str | None = None  # company slug
    project: str | None = None  # project slug
    has_video: bool | None = None
    has_slides: bool | None = None

    def without(self, name: str) -> "SearchFilters":
        return replace(self, **{name: None})

    def active(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value is not None}


@dataclass
class SearchResults:
    """One page of results, best first, with facet counts and the corrected query."""

    query: str
    count: int
    talks: list[Talk]
    count_is_capped: bool = False  # count stopped at COUNT_CAP: "2,000 or more"
    # Made when first read (talks.facets.Facets) where the search's statement gave them.
    facets: Mapping[str, list[FacetValue]] = field(default_factory=dict)
    # The query as searched when typos.correct changed it ("" when the query ran as typed).
    corrected: str = ""
    typo_matches: bool = False  # results came from the trigram fallback
    sort: str = RELEVANCE


def clean_query(text: str) -> str:
    """Trim, drop control characters and cut to MAX_QUERY_LENGTH."""
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ")
    text = text.replace(_MARK_START, "").replace(_MARK_END, "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def has_words(text: str) -> bool:
    return bool(WORD.search(text))


# Statements are built from the constant fragments below; every value from a request is
# passed as a parameter (hence the noqa: S608 where fragments are joined).
#
# The query as a tsquery for talks of any language (migration talks.0002_search). The
# function is IMMUTABLE: called on a constant it is folded while planning, so repeating
# it in a statement costs nothing and gives the planner the real tsquery to estimate with.
TSQUERY = "archive_search_query(%s)"
HAS_SLIDES = "(t.slides_url <> '' OR t.slides_file <> '')"
# The columns the facets group by, for matching_sql and the trigram fallback
# (talks/search_trigrams.py).
HIT_COLUMNS = (
    "t.id, t.edition_id, t.language, t.track_id, t.company_ids, t.project_ids,"
    f" t.video_url <> '' AS has_video, {HAS_SLIDES} AS has_slides"
)
# The names HIT_COLUMNS gives its columns, to read them back from a CTE.
HIT_NAMES = "id, edition_id, language, track_id, company_ids, project_ids, has_video, has_slides"
# The statement's OWN_HITS add whether the title matches: its title candidates.
IN_TITLE = f"t.title_vector @@ {TSQUERY} AS in_title"
OWN_HIT_COLUMNS = f"{HIT_COLUMNS}, {IN_TITLE}"
# Without facets (the API's), only what the count and the candidates read.
OWN_ID_COLUMNS = f"t.id, {IN_TITLE}"
RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"


@dataclass(frozen=True)
class Sql:
    """A fragment of SQL with its parameters, composed with + and wrapped with format()."""

    text: str
    params: tuple = ()

    def __add__(self, other: "Sql") -> "Sql":
        return Sql(self.text + other.text, self.params + other.params)

    def format(self, template: str) -> "Sql":
        """This fragment put in `template` at {}: "({}) LIMIT 3"."""
        return Sql(template.format(self.text), self.params)


def filters_sql(filters: SearchFilters) -> Sql:
    """The facet filters as conditions on t (talks_talk) and e (conference_edition)."""
    conditions: list[Sql] = []
    if filters.edition:
        conditions.append(Sql("e.slug = %s", (filters.edition,)))
    if filters.language:
        conditions.append(Sql("t.language = %s", (filters.language,)))
    if filters.track:
        conditions.append(Sql(track_is("t", "%s"), (filters.track,) * 3))
    if filters.company:
        conditions.append(
            Sql(
                "EXISTS (SELECT 1 FROM talks_talkspeaker ts JOIN talks_company c"
                " ON c.id = ts.company_id WHERE ts.talk_id = t.id AND c.slug = %s)",
                (filters.company,),
            )
        )
    if filters.project:
        conditions.append(
            Sql(
                "EXISTS (SELECT 1 FROM talks_talk_projects tp JOIN talks_project p"
                " ON p.id = tp.project_id WHERE tp.talk_id = t.id AND p.slug = %s)",
                (filters.project,),
            )
        )
    if filters.has_video is not None:
        conditions.append(Sql("t.video_url <> ''" if filters.has_video else "t.video_url = ''"))
    if filters.has_slides is not None:
        conditions.append(Sql(HAS_SLIDES if filters.has_slides else f"NOT {HAS_SLIDES}"))
    where = Sql("TRUE")
    for condition in conditions:
        where += condition.format(" AND {}")
    return where


def matching_sql(query: str, filters: SearchFilters, columns: str = "t.id") -> Sql:
    """SELECT `columns` of published talks matching the query and the filters, unordered."""
    return Sql(
        f"SELECT {columns} FROM {PUBLIC_TALKS_T} WHERE t.search_vector @@ {TSQUERY} AND ",  # noqa: S608 -- constant fragments; the query is a parameter
        (query,),
    ) + filters_sql(filters)


def ranked_ids_sql(
    query: str,
    filters: SearchFilters,
    *,
    every_match: bool,
    sort: str = RELEVANCE,
    in_statement: bool = False,
) -> Sql:
    """Ids of matching talks best first: an exact title, then title matches, then by rank;
    or, sorted by date, every match newest first (DATE_ORDER, no ranking to compute).

    Ranks the candidates described at CANDIDATES (each branch's lowest ids: a large
    table's sequential scan starts where another one is, so "the first found" changed from
    one search to the next; docs/performance.md, "Broad search queries, session 13"), or
    every match when asked to (deep pages). `in_statement`: read from the statement's
    OWN_HITS, the title matches from the table only when OWN_HITS is full and holds fewer
    than CANDIDATES of them (the lowest-id ones may lie past it); else all from the table.
    """
    if sort == DATE:
        return matching_sql(
            query, filters, f"t.id, row_number() OVER (ORDER BY {DATE_ORDER}) AS place"
        )
    matches = matching_sql(query, filters)
    if every_match:
        candidates = matches
    else:
        title_matches = matches + Sql(f" AND t.title_vector @@ {TSQUERY}", (query,))
        first = f" UNION (({{}}) ORDER BY t.id LIMIT {CANDIDATES})"
        candidates = (matches + Sql(" AND upper(t.title) = upper(%s)", (query,))).format("({})")
        if in_statement:
            candidates += Sql(
                f" UNION (SELECT id FROM {OWN_HITS} WHERE in_title ORDER BY id LIMIT {CANDIDATES})"  # noqa: S608 -- constants of this module
                f" UNION (SELECT id FROM {OWN_HITS} ORDER BY id LIMIT {CANDIDATES})"
            ) + (
                title_matches
                + Sql(
                    f" AND (SELECT count(*) FROM {OWN_HITS}) >= %s AND (SELECT count(*)"  # noqa: S608 -- constants; the cap is a parameter
                    f" FROM {OWN_HITS} WHERE in_title) < {CANDIDATES}",
                    (COUNT_CAP,),
                )
            ).format(first)
        else:
            candidates += title_matches.format(first) + matches.format(first)
    return Sql(
        "SELECT t.id, row_number() OVER (ORDER BY upper(t.title) = upper(%s) DESC,"  # noqa: S608 -- constant fragments; values are parameters
        f" t.title_vector @@ {TSQUERY} DESC,"
        f" ts_rank_cd({RANK_WEIGHTS}, t.search_vector, {TSQUERY}, 1) DESC,"
        " t.start DESC, t.id) AS place FROM talks_talk t WHERE t.id IN (",
        (query, query, query),
    ) + candidates.format("{})")


def render_snippet(raw: str | None, fallback: str = "") -> SafeString:
    """Escape a headline, then turn the highlight markers into <mark> elements."""
    text = raw if raw else fallback
    escaped = escape(text)
    return mark_safe(  # noqa: S308 -- everything but our own markers was escaped above
        escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    )


def _search_page(
    searched: str,
    filters: SearchFilters,
    typed: str,
    *,
    sort: str,
    page,
    facets: bool,
    memo: WordMemo | None,
):
    """search_statement.search_page for the query as searched (`typed`: as typed)."""
    limit, offset = page
    return search_statement.search_page(
        # OWN_HIT_COLUMNS' own parameter first: the columns come before the conditions.
        Sql("", (searched,))
        + matching_sql(searched, filters, OWN_HIT_COLUMNS if facets else OWN_ID_COLUMNS),
        ranked_ids_sql(
            searched,
            filters,
            every_match=offset + limit > CANDIDATES,
            sort=sort,
            in_statement=True,
        ),
        searched,
        filters,
        typed,
        sort=sort,
        page=page,
        cap=COUNT_CAP,
        facets=facets,
        memo=memo,
    )


def search_talks(
    text: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = RELEVANCE,
    verbatim: bool = False,
    facets: bool = True,
) -> SearchResults:
    """Search published talks (_search_talks), or the same search's results from the
    cache of this archive version (talks/search_cache.py). Without `facets` (a caller that
    shows none, as the API) only the matches are counted, not their facets."""
    version = search_cache.version_for_search()
    key = search_cache.key_for(version, text, filters, limit, offset, sort, verbatim, facets)
    if (results := search_cache.get(key)) is not None:
        return results
    results = _search_talks(
        text,
        filters=filters,
        limit=limit,
        offset=offset,
        sort=sort,
        verbatim=verbatim,
        memo=typo_memo.for_version(version),
        with_facets=facets,
    )
    search_cache.put(key, results)
    return results


def _search_talks(
    text: str,
    *,
    filters: SearchFilters | None,
    limit: int,
    offset: int,
    sort: str,
    verbatim: bool,
    memo: WordMemo | None = None,
    with_facets: bool = True,
) -> SearchResults:
    """Search published talks; a query with no words is empty, odd input never raises.

    The query with its typos corrected (talks/typos.py; as typed when `verbatim`, the
    look-ups from `memo`), and the topics it names: the count, facets and page in one
    statement (talks/search_statement.py); when nothing matches, the query less a word,
    then the trigram fallback (talks/search_trigrams.py)."""
    filters = filters or SearchFilters()
    query = clean_query(text)
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    sort = sort if sort in SORTS else RELEVANCE
    if not has_words(query):
        return SearchResults(query=query, count=0, talks=[], sort=sort)
    corrected = "" if verbatim else correct(query, memo)
    searched = corrected or query
    search_page = partial(
        _search_page,
        filters=filters,
        typed=query,
        sort=sort,
        page=(limit, offset),
        facets=with_facets,
        memo=memo,
    )
    count, facets, page = search_page(searched)
    typo_matches = False
    relaxed = "" if count or verbatim else relax(searched, memo)
    if relaxed:
        # Nothing found: the query less one word, if that finds something...
        found = search_page(relaxed)
        if found[0]:
            count, facets, page = found
            corrected, searched = relaxed, relaxed
    if count == 0:
        # ...else what merely looks alike, by the query as typed.
        corrected = ""
        count, facets, page = search_trigrams.fallback(
            query, filters, sort=sort, limit=limit, offset=offset
        )
        typo_matches = count > 0
    return SearchResults(
        query=query,
        count=count,
        count_is_capped=count >= COUNT_CAP,
        talks=page,
        facets=facets,
        corrected=corrected,
        typo_matches=typo_matches,
        sort=sort,
    )
