"""The one search entry point: PostgreSQL full-text search over published talks.

Used by the search page and the JSON API. Everything happens in PostgreSQL: the stored
document of each talk (kept by the triggers of migration talks.0002_search), a query in
websearch syntax parsed for English, Russian and transliterated spellings at once
(archive_search_query), ranking with the title first, highlighted snippets, facet counts,
and a trigram fallback with a "did you mean" built from the archive's own words when
full-text search finds little.
"""

import re
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talks.choices import Language
from talks.models import Talk, TalkSpeaker

# Longer queries are cut here: nobody types more, and a 10 kB query must stay cheap.
MAX_QUERY_LENGTH = 200
# Full-text search finding fewer talks than this also offers a "did you mean" suggestion.
FALLBACK_BELOW = 3
MAX_PAGE_SIZE = 100
# Ranking every match of a common word costs more than a page is worth, so a query ranks
# its best candidates only: an exact title, up to CANDIDATES talks whose title matches
# (found through the GIN index on title_vector) and up to CANDIDATES other matches.
# Pages past the candidates rank every match.
CANDIDATES = 500
# Counts and facet counts stop at this many matches ("10,000 or more"), as search engines do.
COUNT_CAP = 10_000

# Private-use characters mark highlights inside ts_headline's output, so that the snippet
# can be HTML-escaped first and the markers turned into <mark> afterwards.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=35, MinWords=15, "
    "ShortWord=2, MaxFragments=2, FragmentDelimiter=\u00a0… "
)
_WORD = re.compile(r"\w+", re.UNICODE)
# A websearch term: an optional minus, then a "quoted phrase" or a bare word.
_TERM = re.compile(r'(?P<minus>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
MAX_TYPO_WORDS = 6


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


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    """One page of results, best first, with facet counts and a spelling suggestion."""

    query: str
    count: int
    talks: list[Talk]
    count_is_capped: bool = False  # count stopped at COUNT_CAP: "10,000 or more"
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""
    typo_matches: bool = False  # results came from the trigram fallback


def clean_query(text: str) -> str:
    """Trim, drop control characters and cut to MAX_QUERY_LENGTH."""
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch == " ")
    text = text.replace(_MARK_START, "").replace(_MARK_END, "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def has_words(text: str) -> bool:
    return bool(_WORD.search(text))


class SearchQuery(Func):
    """archive_search_query(text): the query as a tsquery for talks of any language."""

    function = "archive_search_query"
    output_field = SearchQueryField()


class Matches(Func):
    """vector @@ query, as a boolean expression usable in filter() and annotate()."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class Rank(Func):
    function = "ts_rank_cd"
    template = "%(function)s('{0.1, 0.2, 0.4, 1.0}', %(expressions)s, 1)"
    output_field = FloatField()


def _has_slides() -> Q:
    return ~Q(slides_url="") | ~Q(slides_file="")


def apply_filters(talks: QuerySet, filters: SearchFilters) -> QuerySet:
    """Narrow a talk queryset by the facet filters."""
    if filters.edition:
        talks = talks.filter(edition__slug=filters.edition)
    if filters.language:
        talks = talks.filter(language=filters.language)
    if filters.track:
        talks = talks.filter(track=filters.track)
    if filters.company:
        talks = talks.filter(
            Exists(TalkSpeaker.objects.filter(talk=OuterRef("pk"), company__slug=filters.company))
        )
    if filters.project:
        talks = talks.filter(projects__slug=filters.project)
    if filters.has_video is not None:
        talks = talks.exclude(video_url="") if filters.has_video else talks.filter(video_url="")
    if filters.has_slides is not None:
        talks = talks.filter(_has_slides() if filters.has_slides else ~_has_slides())
    return talks


def matching_talks(query: str, filters: SearchFilters) -> QuerySet:
    """Published talks whose document matches the query and the filters, unordered."""
    talks = apply_filters(Talk.objects.published(), filters)
    return talks.filter(Matches(F("search_vector"), SearchQuery(Value(query))))


def ranked(matches: QuerySet, query: str, *, every_match: bool = False) -> QuerySet:
    """Matches best first: an exact title, then title matches, then by weighted rank.

    Ranks the candidates described at CANDIDATES, or every match when asked to (deep
    pages), which for a common word costs a sort of thousands of documents.
    """
    tsquery = SearchQuery(Value(query))
    talks = matches
    if not every_match:
        matches = matches.order_by()  # any LIMIT below takes the first found, unsorted
        candidates = (
            matches.filter(title__iexact=query)
            .values("pk")
            .union(
                matches.filter(Matches(F("title_vector"), tsquery)).values("pk")[:CANDIDATES],
                matches.values("pk")[:CANDIDATES],
            )
        )
        talks = Talk.objects.filter(pk__in=candidates)
    return talks.annotate(
        exact_title=Case(
            When(Q(title__iexact=query), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        title_match=Matches(F("title_vector"), tsquery),
        rank=Rank(F("search_vector"), tsquery),
    ).order_by("-exact_title", "-title_match", "-rank", "-start", "pk")


def split_terms(query: str) -> tuple[list[str], list[str]]:
    """The words a query asks for and the words it excludes (after a "-")."""
    wanted: list[str] = []
    excluded: list[str] = []
    for match in _TERM.finditer(query):
        words = _WORD.findall(match.group("phrase") or match.group("word") or "")
        if match.group("minus"):
            excluded.extend(words)
        else:
            wanted.extend(word for word in words if word != "OR")
    return wanted, excluded


def typo_talks(query: str, filters: SearchFilters) -> QuerySet:
    """Published talks whose title or a speaker's name looks like every wanted word.

    pg_trgm word similarity (the `<%` operator, GIN-indexed) per word, so that
    "postgre replicaton" finds "PostgreSQL logical replication". Excluded words still
    exclude.
    """
    wanted, excluded = split_terms(query)
    talks = apply_filters(Talk.objects.published(), filters)
    if not wanted:
        return talks.none()
    for word in wanted[:MAX_TYPO_WORDS]:
        # Two index-backed sources united, rather than an OR the planner can only scan.
        similar_titles = Talk.objects.filter(title__trigram_word_similar=word).values("pk")
        similar_speakers = TalkSpeaker.objects.filter(
            speaker__name__trigram_word_similar=word
        ).values("talk_id")
        talks = talks.filter(pk__in=similar_titles.union(similar_speakers))
    if excluded:
        talks = talks.exclude(
            Matches(F("search_vector"), SearchQuery(Value(" OR ".join(excluded))))
        )
    return talks.annotate(
        rank=Func(Value(" ".join(wanted)), F("title"), function="word_similarity")
    ).order_by("-rank", "-start", "pk")


def _with_page_relations(talks: QuerySet) -> QuerySet:
    return talks.select_related("edition").prefetch_related(
        Prefetch(
            "talk_speakers",
            queryset=TalkSpeaker.objects.select_related("speaker", "company").order_by(
                "position", "pk"
            ),
        )
    )


def _with_snippets(talks: QuerySet, query: str) -> QuerySet:
    return talks.annotate(
        raw_snippet=Func(
            Func(F("language"), function="archive_text_search_config"),
            F("abstract"),
            SearchQuery(Value(query)),
            Value(_HEADLINE_OPTIONS),
            function="ts_headline",
            output_field=TextField(),
        )
    )


def render_snippet(raw: str | None, fallback: str = "") -> SafeString:
    """Escape a headline, then turn the highlight markers into <mark> elements."""
    text = raw if raw else fallback
    escaped = escape(text)
    return mark_safe(  # noqa: S308 — everything but our own markers was escaped above
        escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    )


def search_talks(
    text: str, *, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Search published talks. Never raises on odd input: a query with no words is empty.

    Queries: a count, one page, its speakers, the facets; plus, when full-text search
    finds fewer than FALLBACK_BELOW talks, the typo fallback and the suggestion.
    """
    filters = filters or SearchFilters()
    query = clean_query(text)
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if not has_words(query):
        return SearchResults(query=query, count=0, talks=[])

    matches = matching_talks(query, filters)
    count, facets = count_and_facets(matches)
    shown_query = query
    suggestion = ""
    typo_matches = False
    if count < FALLBACK_BELOW:
        suggestion = did_you_mean(query)
    if count == 0 and suggestion:
        # Nothing found: show what the corrected query finds...
        matches = matching_talks(suggestion, filters)
        count, facets = count_and_facets(matches)
        shown_query = suggestion
        typo_matches = count > 0
    if count == 0:
        # ...else what merely looks alike.
        ordered = typo_talks(query, filters)
        count, facets = count_and_facets(ordered)
        typo_matches = count > 0
    else:
        ordered = ranked(matches, shown_query, every_match=offset + limit > CANDIDATES)

    page = list(_with_snippets(_with_page_relations(ordered), shown_query)[offset : offset + limit])
    for talk in page:
        talk.snippet = render_snippet(talk.raw_snippet, fallback=talk.abstract[:240])
    return SearchResults(
        query=query,
        count=count,
        count_is_capped=count >= COUNT_CAP,
        talks=page,
        facets=facets,
        suggestion=suggestion,
        typo_matches=typo_matches,
    )


# One statement: the hits (up to COUNT_CAP) are read once, with the columns the facets
# group by, then counted and grouped per facet; only companies and projects need joins.
FACET_SQL = """
WITH hits AS MATERIALIZED ({hits})
SELECT 'total', '', '', count(*) FROM hits
UNION ALL
SELECT 'edition', e.slug, e.name, count(*) FROM hits
  JOIN conference_edition e ON e.id = hits.edition_id
  GROUP BY e.slug, e.name
UNION ALL
SELECT 'language', language, '', count(*) FROM hits GROUP BY language
UNION ALL
SELECT 'track', track, track, count(*) FROM hits WHERE track <> '' GROUP BY track
UNION ALL
SELECT 'company', c.slug, c.name, count(*) FROM (
    SELECT DISTINCT ts.talk_id, ts.company_id FROM hits
      JOIN talks_talkspeaker ts ON ts.talk_id = hits.id
  ) AS links
  JOIN talks_company c ON c.id = links.company_id
  GROUP BY c.slug, c.name
UNION ALL
SELECT 'project', p.slug, p.name, count(*) FROM hits
  JOIN talks_talk_projects tp ON tp.talk_id = hits.id JOIN talks_project p ON p.id = tp.project_id
  GROUP BY p.slug, p.name
UNION ALL
SELECT 'has_video', has_video::text, '', count(*) FROM hits GROUP BY has_video
UNION ALL
SELECT 'has_slides', has_slides::text, '', count(*) FROM hits GROUP BY has_slides
"""
FACET_NAMES = ("edition", "language", "track", "company", "project", "has_video", "has_slides")


def count_and_facets(talks: QuerySet) -> tuple[int, dict[str, list[FacetValue]]]:
    """How many talks (up to COUNT_CAP) and the counts per facet value, in one statement."""
    hits = (
        talks.order_by()
        .annotate(
            has_video=~Q(video_url=""),
            has_slides=_has_slides(),
        )
        .values("id", "edition_id", "language", "track", "has_video", "has_slides")[:COUNT_CAP]
    )
    try:
        hits_sql, params = hits.query.sql_with_params()
    except EmptyResultSet:  # a queryset that is none(): a query with no wanted words
        return 0, {}
    with connection.cursor() as cursor:
        cursor.execute(FACET_SQL.format(hits=hits_sql), params)
        rows = cursor.fetchall()
    total = 0
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACET_NAMES}
    languages = dict(Language.choices)
    for facet, value, label, count in rows:
        if facet == "total":
            total = count
            continue
        if facet == "language":
            label = str(languages.get(value, value))
        facets[facet].append(FacetValue(value=value, label=label, count=count))
    for values in facets.values():
        values.sort(key=lambda item: (-item.count, item.label.lower()))
    return total, (facets if total else {})


SUGGESTION_SQL = """
SELECT query_word.word,
       (SELECT candidate FROM (
            SELECT DISTINCT regexp_split_to_table(lower(source.text), '[^[:alnum:]]+') AS candidate
              FROM (SELECT t.title AS text FROM talks_talk t
                     WHERE query_word.word <%% t.title AND t.is_published
                     UNION ALL
                    SELECT s.name FROM talks_speaker s WHERE query_word.word <%% s.name
                    LIMIT 200) AS source
        ) AS words
         WHERE candidate <> ''
         ORDER BY similarity(candidate, query_word.word) DESC, candidate
         LIMIT 1) AS best,
       EXISTS (SELECT 1 FROM talks_talk t WHERE t.search_vector @@ parsed.tsquery) AS known
  FROM unnest(%s::text[]) WITH ORDINALITY AS query_word(word, position)
       -- Parsed once per word (OFFSET 0 keeps the planner from inlining the call into
       -- EXISTS), so that EXISTS probes the GIN index instead of parsing the word again
       -- for every talk it scans.
       CROSS JOIN LATERAL (
           SELECT archive_search_query(query_word.word) AS tsquery OFFSET 0
       ) AS parsed
 ORDER BY query_word.position
"""


def did_you_mean(query: str) -> str:
    """The query with each word the archive does not know replaced by its closest word.

    "" when every word is known or nothing close exists. Quotes, minus signs and OR stay.
    """
    words = list(dict.fromkeys(word.lower() for word in _WORD.findall(query)))[:8]
    if not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(SUGGESTION_SQL, [words])
        corrections = {word: best for word, best, known in cursor.fetchall() if not known and best}
    if not corrections:
        return ""
    return _WORD.sub(lambda match: corrections.get(match.group().lower(), match.group()), query)
