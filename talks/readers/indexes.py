"""The indexes with counts: every public speaker (grouped by initial), company and project,
each with the number of published talks that makes them public, in one statement. The
index pages and the JSON API's lists read the same statement (index_rows): the API asks
for whole rows, narrowed to an edition, a page at a time.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from conference.bilingual import interface_language, localized_sql
from conference.db.raw_rows import column_list, fetch_all, instance, split_row
from talks.models import Company, Project, Speaker
from talks.readers.rows import COUNT_ALL, PAGE, Counted, counted_page
from talks.readers.visibility import TALK_IS_PUBLIC, company_is_public

CYRILLIC_IE = "\N{CYRILLIC CAPITAL LETTER IE}"
CYRILLIC_YO = "\N{CYRILLIC CAPITAL LETTER IO}"


@dataclass
class InitialGroup:
    initial: str
    speakers: list[Speaker]

    @property
    def is_latin(self) -> bool:
        """For the index: Latin and Cyrillic A look the same, so the page parts the two."""
        return self.initial.isascii() and self.initial.isalpha()


def initial_of(name: str) -> str:
    """The index letter of a name: upper-case, Latin accents dropped, Cyrillic YO under IE
    (as Russian indexes file it); "#" for a name that starts with no letter."""
    first = name.strip()[:1]
    if not first.isalpha():
        return "#"
    base = unicodedata.normalize("NFD", first)[0]
    letter = (base if base.isascii() else first).upper()
    return CYRILLIC_IE if letter == CYRILLIC_YO else letter


def index_key(speaker: Speaker) -> tuple:
    initial = initial_of(speaker.name)
    # "#" (names starting with a digit or a sign) after every alphabet; Latin before Cyrillic
    # follows from the code points.
    name = speaker.name.casefold().replace(CYRILLIC_YO.lower(), CYRILLIC_IE.lower())
    return (initial == "#", initial, name, speaker.pk)


def group_by_initial(speakers: Iterable[Speaker]) -> list[InitialGroup]:
    """Speakers in index order (Latin A to Z, then Cyrillic), grouped by initial."""
    ordered = sorted(speakers, key=index_key)
    return [
        InitialGroup(initial=initial, speakers=list(group))
        for initial, group in groupby(ordered, key=lambda speaker: initial_of(speaker.name))
    ]


# What the indexes below count, credits or project links (`link`), narrowed to those of
# published talks. PostgreSQL reads the talks from the talk_published index (talks
# migration 0015), not the talk table with its abstracts and search vectors.
OF_PUBLISHED_TALKS = f"""JOIN talks_talk AS talk ON talk.id = {{link}}.talk_id
      JOIN conference_edition AS edition ON edition.id = talk.edition_id
      WHERE {TALK_IS_PUBLIC}"""

# The indexes: each public row of an Index's model with its counts over published talks
# (COUNTED: the links of published talks counted once per row, then joined to the rows),
# in its order. The counts are the same whether or not the list is narrowed to an
# edition (IN_EDITION: a published talk of edition %(edition)s shows the row). As
# querysets (published()'s Exists, then filtered Counts over every link), the speaker
# and company indexes cost PostgreSQL several times as much (docs/performance.md).
INDEX_STATEMENT = """
SELECT {columns}, {counts}, {total}
FROM {table} AS {alias}
JOIN ({counted}) AS counted ON counted.id = {alias}.id{joins}
WHERE {where}
ORDER BY {order} {page}
"""
COUNTED = """SELECT {link}.{column} AS id, {counts}
      FROM {links} AS {link}
      {of_published_talks}
      GROUP BY {link}.{column}"""
IN_EDITION = """EXISTS (SELECT 1 FROM {links} AS {link}
      {of_published_talks} AND {link}.{column} = {alias}.id
      AND edition.slug = %(edition)s)"""


@dataclass(frozen=True)
class Index:
    """What one index reads: its rows (`model` as `alias`), the fields its page shows (the
    others stay deferred), the table linking them to talks (`links` as `link`, whose
    `column` names the row), what it counts (attribute name, SQL over the links) and in
    which order."""

    model: type
    alias: str
    shown: frozenset[str]
    links: str
    link: str
    column: str
    counts: tuple[tuple[str, str], ...]
    # SQL; {name} is the row's name in the reader's script (conference.bilingual.localized_sql).
    order: str
    # Whole rows of a speaker come with their current company and company_is_public
    # (whether it has a page), as talks.readers.detail.find_speaker gives them.
    current_company: bool = False


SPEAKERS = Index(
    model=Speaker,
    alias="speaker",
    shown=frozenset({"id", "name_en", "name_ru", "slug"}),
    links="talks_talkspeaker",
    link="credit",
    column="speaker_id",
    counts=(("talk_count", "count(*)"),),
    order="{name}, speaker.id",
    current_company=True,
)
# A company counts the talks it was credited at once, however many of its people spoke.
COMPANIES = Index(
    model=Company,
    alias="company",
    shown=frozenset({"id", "name_en", "name_ru", "slug"}),
    links="talks_talkspeaker",
    link="credit",
    column="company_id",
    counts=(
        ("talk_count", "count(DISTINCT credit.talk_id)"),
        ("speaker_count", "count(DISTINCT credit.speaker_id)"),
    ),
    order="lower({name}), company.id",
)
PROJECTS = Index(
    model=Project,
    alias="project",
    shown=frozenset({"id", "name", "slug", "repository_url", "description_en", "description_ru"}),
    links="talks_talk_projects",
    link="link",
    column="project_id",
    counts=(("talk_count", "count(*)"),),
    order="lower(project.name), project.id",
)


def speakers_index() -> list[InitialGroup]:
    """Every public speaker with their published talk count, grouped by initial."""
    return group_by_initial(index_rows(SPEAKERS).rows)


def company_index() -> list[Company]:
    """Every company someone spoke for at a published talk, by name, with .talk_count and
    .speaker_count."""
    return index_rows(COMPANIES).rows


def project_index() -> list[Project]:
    """Every project a published talk is about, by name, with .talk_count."""
    return index_rows(PROJECTS).rows


def index_rows(
    index: Index,
    *,
    whole: bool = False,
    edition: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Counted:
    """The rows of `index` (SPEAKERS, COMPANIES or PROJECTS), each with its counts as
    attributes (.talk_count, ...): every row, with the fields an index page shows; or, for
    the JSON API, `whole` rows, only those shown by a published talk of `edition` (a slug;
    None or "": every edition), `limit` of them from `offset`. With how many there are.
    Speakers and companies come by their name in the active language's script."""
    columns, sql = _index_statement(
        index, whole=whole, edition=bool(edition), paged=bool(limit), language=interface_language()
    )

    def run(limit: int | None, offset: int) -> list[tuple]:
        found = fetch_all(sql, {"edition": edition, "limit": limit, "offset": offset})
        return [_index_row(index, columns, row) for row in found]

    if not limit:
        found = run(None, 0)
        return Counted([row for row, _ in found], len(found))
    return counted_page(run, limit=limit, offset=offset)


@cache
def _index_statement(index: Index, *, whole: bool, edition: bool, paged: bool, language: str):
    """(column lists, SQL) of `index`'s statement; see index_rows()."""
    model, alias = index.model, index.alias
    hidden = frozenset() if whole else frozenset(_attnames(model)) - index.shown
    columns = [column_list(model, alias, hidden)]
    joins = extra = ""
    if whole and index.current_company:
        columns.append(column_list(Company, "company"))
        joins = "\nLEFT JOIN talks_company AS company ON company.id = speaker.company_id"
        extra = f", company.id IS NOT NULL AND {company_is_public('company')}"
    links = {"links": index.links, "link": index.link, "column": index.column}
    of_published_talks = OF_PUBLISHED_TALKS.format(link=index.link)
    counted = COUNTED.format(
        **links,
        counts=", ".join(f"{sql} AS {name}" for name, sql in index.counts),
        of_published_talks=of_published_talks,
    )
    in_edition = IN_EDITION.format(**links, alias=alias, of_published_talks=of_published_talks)
    sql = INDEX_STATEMENT.format(
        columns=", ".join(names for _, names in columns) + extra,
        counts=", ".join(f"counted.{name}" for name, _ in index.counts),
        # Every row (an index page) is counted by Python; a page of them by PostgreSQL.
        total=COUNT_ALL if paged else "NULL",
        table=model._meta.db_table,
        alias=alias,
        counted=counted,
        joins=joins,
        where=in_edition if edition else "true",
        order=index.order.format(name=localized_sql(f"{alias}.name", language)),
        page=PAGE if paged else "",
    )
    return tuple(columns), sql


def _attnames(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _index_row(index: Index, columns: tuple, row: tuple) -> tuple:
    """(a model instance with its counts, (count of all rows,)) from a row of
    _index_statement()."""
    values, extra = split_row(row, *columns)
    found = instance(index.model, values[0])
    if len(values) > 1:
        company = instance(Company, values[1]) if values[1]["id"] is not None else None
        found.company = company
        found.company_is_public, *extra = extra
    *counts, total = extra
    for (name, _), count in zip(index.counts, counts, strict=True):
        setattr(found, name, count)
    return found, (total,)
