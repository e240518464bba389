"""Reads of talks, speakers, companies and projects for the public pages.

Each function does its joins once (select_related / Prefetch / annotate), so templates
never run a query. Public pages only ever see rows through the models' published()
methods; `include_drafts=True` is for staff previews and is decided by the views.
"""

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import Lower
from django.db.models.query import QuerySet
from django.utils import timezone

from conference.db.raw_rows import fetch_all, instance
from talks import talk_rows
from talks.choices import LANGUAGE_LABELS, TalkKind
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker, public_talk_q
from talks.visibility import TALK_IS_PUBLIC, TALK_IS_VISIBLE

# The order of talks inside an edition: the schedule, parallel talks by room.
# PostgreSQL sorts NULLs last in ascending order, so unscheduled talks come at the end.
EDITION_ORDER = ("start", "room", "title", "pk")
# Across editions (speaker, company and project pages): newest edition first.
NEWEST_FIRST = ("-edition__start_date", "start", "room", "title", "pk")

# A credit's talk is public: for counts over a speaker's or company's credits.
PUBLISHED_TALK = public_talk_q("talk_speakers__talk")


def credits_prefetch(lookup: str = "talk_speakers") -> Prefetch:
    """A talk's speakers in order, each with the company they had at that talk: talk.credits."""
    return Prefetch(
        lookup,
        queryset=TalkSpeaker.objects.select_related("speaker", "company").order_by(
            "position", "pk"
        ),
        to_attr="credits",
    )


def visible_talks(*, include_drafts: bool = False) -> QuerySet[Talk]:
    """Talks with their edition and credits; drafts only for a staff preview."""
    talks = Talk.objects.all() if include_drafts else Talk.objects.published()
    return talks.select_related("edition").prefetch_related(credits_prefetch())


def talks_for_edition(edition, *, include_drafts: bool = False) -> list[Talk]:
    """Every talk of an edition in schedule order, with edition and credits."""
    return talk_rows.talks_where(
        f"talk.edition_id = %(edition)s AND {TALK_IS_VISIBLE}",
        {"edition": edition.pk, "include_drafts": include_drafts},
    )


# The first `limit` published keynotes of an edition and the first `limit` other talks, in
# schedule order: each walks an index (talk_keynote_order, talks migration 0014; and
# talk_schedule_order) and stops, where sorting all the edition's talks by "keynotes
# first" read every one of them. The kind is written out, not a parameter, so that the
# planner may use the partial index in the statement's generic plan. Their "is_published"
# only matches those indexes' condition: the rule itself, TALK_IS_PUBLIC, is applied
# outside (highlighted_talks).
HIGHLIGHT_CANDIDATES = f"""talk.id IN (
    (SELECT id FROM talks_talk
     WHERE edition_id = %(edition)s AND is_published AND kind = '{TalkKind.KEYNOTE.value}'
     ORDER BY COALESCE(start, 'infinity'), room, title, id LIMIT %(limit)s)
    UNION ALL
    (SELECT id FROM talks_talk
     WHERE edition_id = %(edition)s AND is_published AND kind <> '{TalkKind.KEYNOTE.value}'
     ORDER BY COALESCE(start, 'infinity'), room, title, id LIMIT %(limit)s)
)"""  # noqa: S608 -- the only value written in is a constant of this code base


def highlighted_talks(edition, *, limit: int = 6) -> list[Talk]:
    """A few published talks of an edition for the home page: keynotes first, then the schedule."""
    return talk_rows.talks_where(
        f"{HIGHLIGHT_CANDIDATES} AND {TALK_IS_PUBLIC}",
        {"edition": edition.pk, "keynote": TalkKind.KEYNOTE, "limit": limit},
        order=f"talk.kind <> %(keynote)s, {talk_rows.EDITION_ORDER} LIMIT %(limit)s",
    )


def talk_detail_queryset(*, edition_slug: str, include_drafts: bool = False) -> QuerySet[Talk]:
    """A talk's queryset with its edition, credits and projects: what a talk's exports show
    (talk.ics). The talk page itself reads through talks.talk_page."""
    return (
        visible_talks(include_drafts=include_drafts)
        .filter(edition__slug=edition_slug)
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("name")))
    )


# --- Schedule ----------------------------------------------------------------


@dataclass
class ScheduleSlot:
    """Talks that start at the same time (in parallel rooms); start is None for unscheduled."""

    start: datetime.datetime | None
    talks: list[Talk] = field(default_factory=list)


@dataclass
class ScheduleDay:
    """One day of an edition; date is None for the talks without a slot."""

    date: datetime.date | None
    slots: list[ScheduleSlot] = field(default_factory=list)


def schedule_days(talks: Iterable[Talk]) -> list[ScheduleDay]:
    """Group talks (already in EDITION_ORDER) by local day, then by start time.

    Days follow the site's time zone, as the times printed on the page do.
    """
    days: list[ScheduleDay] = []
    for talk in talks:
        start = timezone.localtime(talk.start) if talk.start else None
        date = start.date() if start else None
        if not days or days[-1].date != date:
            days.append(ScheduleDay(date=date))
        day = days[-1]
        if not day.slots or day.slots[-1].start != start:
            day.slots.append(ScheduleSlot(start=start))
        day.slots[-1].talks.append(talk)
    return days


def schedule_filters(talks: Iterable[Talk]) -> tuple[list[str], list[tuple[str, str]]]:
    """The tracks and the languages (code, name) present among `talks`, for the edition
    page's filters (static/js/edition-filters.js), each in alphabetical order."""
    talks = list(talks)
    tracks = sorted({talk.track for talk in talks if talk.track}, key=str.casefold)
    # Labels looked up once per language present, not per talk (get_language_display()
    # translates every choice of the field on each call: a thousand talks, 160 ms).
    languages = {
        code: str(LANGUAGE_LABELS.get(code, code)) for code in {talk.language for talk in talks}
    }
    return tracks, sorted(languages.items(), key=lambda item: item[1].casefold())


# --- Speakers ----------------------------------------------------------------


def public_speakers() -> QuerySet[Speaker]:
    return Speaker.objects.published()


def speaker_detail_queryset() -> QuerySet[Speaker]:
    """The queryset a speaker page picks its speaker from: with their current company and
    `company_is_public` (whether that company has a page), in the same query."""
    public_company = Company.objects.published().filter(pk=OuterRef("company_id"))
    return (
        public_speakers()
        .select_related("company")
        .annotate(company_is_public=Exists(public_company))
    )


def talks_for_speaker(speaker: Speaker) -> list[Talk]:
    """Every published talk of a speaker, newest edition first.

    Each talk gets `speaker_credit`: this speaker's TalkSpeaker row, with the company
    they had at that talk.
    """
    talks = talk_rows.talks_where(
        f"{TALK_IS_PUBLIC} AND {talk_rows.BY_SPEAKER}",
        {"speaker": speaker.pk},
        order=talk_rows.NEWEST_FIRST,
    )
    for talk in talks:
        talk.speaker_credit = next(c for c in talk.credits if c.speaker_id == speaker.pk)
    return talks


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


def _index_key(speaker: Speaker) -> tuple:
    initial = initial_of(speaker.name)
    # "#" (names starting with a digit or a sign) after every alphabet; Latin before Cyrillic
    # follows from the code points.
    name = speaker.name.casefold().replace(CYRILLIC_YO.lower(), CYRILLIC_IE.lower())
    return (initial == "#", initial, name, speaker.pk)


def group_by_initial(speakers: Iterable[Speaker]) -> list[InitialGroup]:
    """Speakers in index order (Latin A to Z, then Cyrillic), grouped by initial."""
    ordered = sorted(speakers, key=_index_key)
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
# Exists, then a filtered Count over every credit), an archive of 8,000 speakers took
# 93 ms of PostgreSQL's time for this; this statement takes a fraction of it.
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


# --- Companies ---------------------------------------------------------------


def public_companies() -> QuerySet[Company]:
    return Company.objects.published()


def companies_with_counts() -> QuerySet[Company]:
    """Companies someone spoke for at a published talk, with talk and speaker counts."""
    # By name whatever its case, said explicitly: Django leaves Meta.ordering out of a
    # query with GROUP BY.
    return (
        public_companies()
        .annotate(
            talk_count=Count("talk_speakers__talk", filter=PUBLISHED_TALK, distinct=True),
            speaker_count=Count("talk_speakers__speaker", filter=PUBLISHED_TALK, distinct=True),
        )
        .order_by(Lower("name"), "pk")
    )


# The company index: what companies_with_counts() gives it, in one statement counting the
# published talks each company was credited at, by name whatever its case. The published
# talks come from the talk_published index (talks migration 0015); as a queryset, the
# same counts took 60 ms of PostgreSQL's time on a 20,000-talk archive, this under 20.
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


def talks_for_company(company: Company) -> list[Talk]:
    """Published talks given by someone while at this company (TalkSpeaker.company)."""
    return talk_rows.talks_where(
        f"{TALK_IS_PUBLIC} AND {talk_rows.AT_COMPANY}",
        {"company": company.pk},
        order=talk_rows.NEWEST_FIRST,
    )


def people_at_company(company: Company, talks: Iterable[Talk]) -> list[Speaker]:
    """The speakers who gave `talks` while at `company`, by name; no query (uses talk.credits)."""
    people = {
        credit.speaker.pk: credit.speaker
        for talk in talks
        for credit in talk.credits
        if credit.company_id == company.pk
    }
    return sorted(people.values(), key=_index_key)


# --- Projects ----------------------------------------------------------------


def public_projects() -> QuerySet[Project]:
    return Project.objects.published()


def projects_with_counts() -> QuerySet[Project]:
    return (
        public_projects()
        .annotate(talk_count=Count("talks", filter=public_talk_q("talks")))
        .order_by(Lower("name"), "pk")  # as companies_with_counts(): Meta.ordering is left out
    )


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


def talks_for_project(project: Project) -> list[Talk]:
    """Every published talk about a project, newest edition first."""
    return talk_rows.talks_where(
        f"{TALK_IS_PUBLIC} AND {talk_rows.ABOUT_PROJECT}",
        {"project": project.pk},
        order=talk_rows.NEWEST_FIRST,
    )
