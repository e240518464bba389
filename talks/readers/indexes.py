"""The indexes with counts: every public speaker (grouped by initial), company and project,
each with the number of published talks that makes them public, in one statement.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from conference.db.raw_rows import fetch_all, instance
from talks.models import Company, Project, Speaker
from talks.visibility import TALK_IS_PUBLIC

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


# What the indexes below count, credits or project links (`linked`), narrowed to those of
# published talks. PostgreSQL reads the talks from the talk_published index (talks
# migration 0015), not the talk table with its abstracts and search vectors.
OF_PUBLISHED_TALKS = """JOIN talks_talk AS talk ON talk.id = {linked}.talk_id
      JOIN conference_edition AS edition ON edition.id = talk.edition_id
      WHERE {public}"""
CREDITS_OF_PUBLISHED_TALKS = OF_PUBLISHED_TALKS.format(linked="credit", public=TALK_IS_PUBLIC)
LINKS_OF_PUBLISHED_TALKS = OF_PUBLISHED_TALKS.format(linked="link", public=TALK_IS_PUBLIC)

# Every speaker with their published talks' count, which makes them public: the credits of
# published talks counted once, then joined to the speakers. As a queryset (published()'s
# Exists, then a filtered Count over every credit), it cost PostgreSQL far more than this
# statement, which counts the published credits once (docs/performance.md, "Readers,
# search and suggestions").
SPEAKERS_INDEX = f"""
SELECT speaker.id, speaker.name, speaker.slug, counted.talk_count
FROM talks_speaker AS speaker
JOIN (SELECT credit.speaker_id, count(*) AS talk_count
      FROM talks_talkspeaker AS credit
      {CREDITS_OF_PUBLISHED_TALKS}
      GROUP BY credit.speaker_id) AS counted ON counted.speaker_id = speaker.id
"""  # noqa: S608 -- built from this module's constants only


def speakers_index() -> list[InitialGroup]:
    """Every public speaker with their published talk count, grouped by initial."""
    return group_by_initial(_counted(Speaker, SPEAKERS_INDEX))


def _counted(model, sql: str, fields: tuple[str, ...] = ("id", "name", "slug")) -> list:
    """`model` rows of one of the indexes' statements, which select `fields` and then the
    talk count: each with those fields (the others deferred) and .talk_count."""
    rows = []
    for *values, talk_count in fetch_all(sql, {}):
        row = instance(model, dict(zip(fields, values, strict=True)))
        row.talk_count = talk_count
        rows.append(row)
    return rows


# The company index: what companies_with_counts() gives it, in one statement counting the
# published talks each company was credited at, by name whatever its case. The published
# talks come from the talk_published index (talks migration 0015), not the talk table
# with its abstracts; the queryset it replaced took PostgreSQL longer (docs/performance.md,
# "Readers, search and suggestions").
COMPANY_INDEX = f"""
SELECT company.id, company.name, company.slug, counted.talk_count
FROM talks_company AS company
JOIN (SELECT credit.company_id, count(DISTINCT credit.talk_id) AS talk_count
      FROM talks_talkspeaker AS credit
      {CREDITS_OF_PUBLISHED_TALKS}
      GROUP BY credit.company_id) AS counted ON counted.company_id = company.id
ORDER BY lower(company.name), company.id
"""  # noqa: S608 -- built from this module's constants only


def company_index() -> list[Company]:
    """Every company someone spoke for at a published talk, by name, with .talk_count."""
    return _counted(Company, COMPANY_INDEX)


# The project index, as COMPANY_INDEX: each project's published talks, by name, with the
# fields the index shows.
PROJECT_INDEX = f"""
SELECT project.id, project.name, project.slug, project.repository_url, project.description,
       counted.talk_count
FROM talks_project AS project
JOIN (SELECT link.project_id, count(*) AS talk_count
      FROM talks_talk_projects AS link
      {LINKS_OF_PUBLISHED_TALKS}
      GROUP BY link.project_id) AS counted ON counted.project_id = project.id
ORDER BY lower(project.name), project.id
"""  # noqa: S608 -- built from this module's constants only


def project_index() -> list[Project]:
    """Every project a published talk is about, by name, with .talk_count."""
    fields = ("id", "name", "slug", "repository_url", "description")
    return _counted(Project, PROJECT_INDEX, fields)
