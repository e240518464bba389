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

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.db.models.query import QuerySet
from django.utils import timezone

from talks.choices import TalkKind
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker

# The order of talks inside an edition: the schedule, parallel talks by room.
# PostgreSQL sorts NULLs last in ascending order, so unscheduled talks come at the end.
EDITION_ORDER = ("start", "room", "title", "pk")
# Across editions (speaker, company and project pages): newest edition first.
NEWEST_FIRST = ("-edition__start_date", "start", "room", "title", "pk")

PUBLISHED_TALK = Q(talk_speakers__talk__is_published=True) & Q(
    talk_speakers__talk__edition__is_published=True
)


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
    """Every talk of an edition in schedule order."""
    return list(
        visible_talks(include_drafts=include_drafts)
        .filter(edition=edition)
        .order_by(*EDITION_ORDER)
    )


def highlighted_talks(edition, *, limit: int = 6) -> list[Talk]:
    """A few published talks of an edition for the home page: keynotes first, then the schedule."""
    keynote_first = Case(
        When(kind=TalkKind.KEYNOTE, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    talks = visible_talks().filter(edition=edition).order_by(keynote_first, *EDITION_ORDER)
    return list(talks[:limit])


def talk_detail_queryset(*, edition_slug: str, include_drafts: bool = False) -> QuerySet[Talk]:
    """The queryset a talk page picks its talk from (by slug): everything the page shows."""
    return (
        visible_talks(include_drafts=include_drafts)
        .filter(edition__slug=edition_slug)
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("name")))
    )


def talk_neighbours(talk: Talk, *, include_drafts: bool = False) -> tuple[Talk | None, Talk | None]:
    """The previous and next talk in the edition's schedule order.

    One light query over the edition's talk list; editions have tens of talks, and this
    stays correct for unscheduled talks (NULL start) where a comparison query would not.
    """
    talks = Talk.objects.all() if include_drafts else Talk.objects.published()
    siblings = list(
        talks.filter(edition_id=talk.edition_id)
        .order_by(*EDITION_ORDER)
        .only("pk", "slug", "title", "language", "edition_id")
    )
    for sibling in siblings:
        sibling.edition = talk.edition  # get_absolute_url needs the slug; no query per row
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == talk.pk), None)
    if index is None:
        return None, None
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def other_talks_by_speakers(talk: Talk, *, limit: int = 10) -> list[Talk]:
    """Published talks, other than this one, given by any of this talk's speakers."""
    speaker_ids = [credit.speaker_id for credit in talk.credits]
    if not speaker_ids:
        return []
    shared = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker_id__in=speaker_ids)
    talks = visible_talks().filter(Exists(shared)).exclude(pk=talk.pk).order_by(*NEWEST_FIRST)
    return list(talks[:limit])


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
    languages = {talk.language: talk.get_language_display() for talk in talks}
    return tracks, sorted(languages.items(), key=lambda item: str(item[1]).casefold())


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
    talks = list(visible_talks().filter(talk_speakers__speaker=speaker).order_by(*NEWEST_FIRST))
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


def speakers_index() -> list[InitialGroup]:
    """Every public speaker with their published talk count, grouped by initial."""
    speakers = public_speakers().annotate(talk_count=Count("talk_speakers", filter=PUBLISHED_TALK))
    return group_by_initial(speakers)


# --- Companies ---------------------------------------------------------------


def public_companies() -> QuerySet[Company]:
    return Company.objects.published()


def companies_with_counts() -> QuerySet[Company]:
    """Companies someone spoke for at a published talk, with talk and speaker counts."""
    return public_companies().annotate(
        talk_count=Count("talk_speakers__talk", filter=PUBLISHED_TALK, distinct=True),
        speaker_count=Count("talk_speakers__speaker", filter=PUBLISHED_TALK, distinct=True),
    )


def talks_for_company(company: Company) -> list[Talk]:
    """Published talks given by someone while at this company (TalkSpeaker.company)."""
    at_company = TalkSpeaker.objects.filter(talk=OuterRef("pk"), company=company)
    return list(visible_talks().filter(Exists(at_company)).order_by(*NEWEST_FIRST))


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
    published = Q(talks__is_published=True, talks__edition__is_published=True)
    return public_projects().annotate(talk_count=Count("talks", filter=published))


def talks_for_project(project: Project) -> list[Talk]:
    """Every published talk about a project, newest edition first."""
    return list(visible_talks().filter(projects=project).order_by(*NEWEST_FIRST))
