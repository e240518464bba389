"""Facet counts of a search: how many talks were found, and how many of them per
edition, language, track, company, project, video and slides, in one statement. Used by
talks/search.py (search_talks), apart from it because the counting is a job of its own.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.db import connection
from django.utils import translation

from conference.bilingual import interface_language, localized_sql
from talks.choices import LANGUAGE_LABELS


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


# One statement: the hits (up to the cap) are read once, with the columns the facets
# group by (companies and projects as arrays on the talk row), then counted per facet.
# {edition_name} and {company} label an edition and a company in the request's language
# (conference.bilingual.localized_sql: one statement text per language). Tracks are
# counted by slug, so that a track of the same name in several editions is one value
# (talks.programme.Track.slug), labelled by a name in the request's language where one of
# them has it ({track_own_name}), else by the other language's ({track_name}).
# The count alone: for a search whose facets nobody shows (the API's), whose grouping of
# up to the cap's hits per facet was a third of a broad query's statement.
TOTAL_ROW_SQL = """
SELECT 'total', '', '', count(*) FROM hits
"""
FACET_ROWS_SQL = (
    TOTAL_ROW_SQL
    + """UNION ALL
SELECT 'edition', e.slug, {edition_name}, count(*) FROM hits
  JOIN conference_edition e ON e.id = hits.edition_id
  GROUP BY e.slug, e.name_en, e.name_ru
UNION ALL
SELECT 'language', language, '', count(*) FROM hits GROUP BY language
UNION ALL
SELECT 'track', tr.slug, coalesce(min({track_own_name}), min({track_name})), count(*) FROM hits
  JOIN talks_track tr ON tr.id = hits.track_id
  GROUP BY tr.slug
UNION ALL
SELECT 'company', c.slug, {company}, count(*) FROM hits
  CROSS JOIN unnest(hits.company_ids) AS company_id JOIN talks_company c ON c.id = company_id
  GROUP BY c.slug, c.name_en, c.name_ru
UNION ALL
SELECT 'project', p.slug, p.name, count(*) FROM hits
  CROSS JOIN unnest(hits.project_ids) AS project_id JOIN talks_project p ON p.id = project_id
  GROUP BY p.slug, p.name
UNION ALL
SELECT 'has_video', has_video::text, '', count(*) FROM hits GROUP BY has_video
UNION ALL
SELECT 'has_slides', has_slides::text, '', count(*) FROM hits GROUP BY has_slides
"""
)
# For a statement of its own: the hits up to the cap (%s), then the rows above. The search's
# one statement (talks/search_statement.py) holds the same rows among its CTEs instead.
FACET_SQL = "WITH hits AS MATERIALIZED ({hits} LIMIT %s)" + FACET_ROWS_SQL
FACET_NAMES = ("edition", "language", "track", "company", "project", "has_video", "has_slides")


def facet_rows_sql(**names: str) -> str:
    """FACET_ROWS_SQL labelled in the request's language (`names`: more fields to fill, as
    FACET_SQL's {hits})."""
    language = interface_language()
    return (FACET_SQL if names else FACET_ROWS_SQL).format(
        **names,
        edition_name=localized_sql("e.name", language),
        track_own_name=f"nullif(tr.name_{language}, '')",
        track_name=localized_sql("tr.name", language),
        company=localized_sql("c.name", language),
    )


def count_and_facets(hits, *, cap: int) -> tuple[int, dict[str, list[FacetValue]]]:
    """How many talks (up to `cap`) and the counts per facet value, in one statement.

    `hits` (a talks.search.Sql) selects talks.search.HIT_COLUMNS of the talks found.
    """
    with connection.cursor() as cursor:
        cursor.execute(facet_rows_sql(hits=hits.text), (*hits.params, cap))
        return read_facets(cursor.fetchall())


def read_facets(rows) -> tuple[int, dict[str, list[FacetValue]]]:
    """The count and the facets from FACET_ROWS_SQL's rows (facet, value, label, count)."""
    total = 0
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACET_NAMES}
    for facet, value, label, count in rows:
        if facet == "total":
            total = count
            continue
        if facet == "language":
            label = str(LANGUAGE_LABELS.get(value, value))
        facets[facet].append(FacetValue(value=value, label=label, count=count))
    for values in facets.values():
        values.sort(key=lambda item: (-item.count, item.label.lower()))
    return total, (facets if total else {})


class Facets(Mapping):
    """read_facets' facets of FACET_ROWS_SQL's rows, made when first read, in the language
    active when the rows came (their labels'): the API's answer shows no facets, and
    making them (a value object each, sorted) was a tenth of its Python
    (docs/performance.md, "Search API's Python, session 12")."""

    def __init__(self, rows):
        self._rows = rows
        self._language = translation.get_language()
        self._facets: dict[str, list[FacetValue]] | None = None

    def _made(self) -> dict[str, list[FacetValue]]:
        if self._facets is None:
            with translation.override(self._language):
                self._facets = read_facets(self._rows)[1]
            self._rows = None
        return self._facets

    def __getitem__(self, name: str) -> list[FacetValue]:
        return self._made()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


def count_and_lazy_facets(rows) -> tuple[int, Facets]:
    """read_facets' count, and its facets as Facets, made when first read."""
    total = next((count for facet, _, _, count in rows if facet == "total"), 0)
    return total, Facets(rows)
