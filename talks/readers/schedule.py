"""An edition's talks as its page lays them out: by day and start time, with the tracks and
languages its filters offer. No query: these work on a list talks.readers.lists read.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from conference.zones import local
from talks.choices import LANGUAGE_LABELS
from talks.models import Talk, Track


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

    Days and times are the venue's, in each talk's edition's zone, as the page prints them:
    a talk at 00:30 at the venue is on that day, whatever the site's TIME_ZONE.
    """
    days: list[ScheduleDay] = []
    for talk in talks:
        start = local(talk.start, talk.edition)
        date = start.date() if start else None
        if not days or days[-1].date != date:
            days.append(ScheduleDay(date=date))
        day = days[-1]
        if not day.slots or day.slots[-1].start != start:
            day.slots.append(ScheduleSlot(start=start))
        day.slots[-1].talks.append(talk)
    return days


def schedule_filters(talks: Iterable[Talk]) -> tuple[list[Track], list[tuple[str, str]]]:
    """The tracks (one per slug, the key of the talks' data-track) and the languages (code,
    name) present among `talks`, for the edition page's filters
    (static/js/edition-filters.js), each in alphabetical order of the interface
    language's names."""
    talks = list(talks)
    by_slug = {talk.track.slug: talk.track for talk in talks if talk.track}
    tracks = sorted(by_slug.values(), key=lambda track: str(track).casefold())
    # Labels looked up once per language present, not per talk: get_language_display()
    # translates every choice of the field on each call, which an edition of a thousand
    # talks felt (docs/performance.md, "Readers, search and suggestions").
    languages = {
        code: str(LANGUAGE_LABELS.get(code, code)) for code in {talk.language for talk in talks}
    }
    return tracks, sorted(languages.items(), key=lambda item: item[1].casefold())
