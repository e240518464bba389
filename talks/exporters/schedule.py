"""One edition's schedule as the exporters see it: days, rooms and scheduled events.

Talks without a start time are left out of every schedule export: frab, the c3voc JSON
and iCalendar all need a time, and inventing one would put a talk in calendars at a
moment it never happened. They stay on the edition page under "Not scheduled".

Everything here is ordered and derived deterministically (no clock, no database ids that
an import into another database would change), so the same data exports byte for byte
the same, and an export imported elsewhere and exported again comes out identical.
"""

import datetime
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from conference.bilingual import in_language
from conference.models import Edition
from conference.zones import edition_zone, local
from talks.choices import TalkKind
from talks.models import Talk
from talks.readers import lists

# Names in this namespace make the stable UUIDs of talks that came without a guid and of
# rooms (uuid5 of "talk/<edition>/<talk>" or "room/<edition>/<name>").
ARCHIVE_NAMESPACE = uuid.UUID("6f1d7a52-0c8e-4f0b-9a3e-2b7d5c1e8f40")

# Our kinds in the vocabulary frab and pretalx use for an event's <type>; an importer
# reads them back through the inverse of this mapping.
FRAB_TYPES = {
    TalkKind.TALK: "lecture",
    TalkKind.KEYNOTE: "keynote",
    TalkKind.WORKSHOP: "workshop",
    TalkKind.LIGHTNING: "lightning_talk",
    TalkKind.PANEL: "podium",
    TalkKind.OTHER: "other",
}

# The c3voc patterns of an acronym and of a pretalx event code.
ACRONYM = re.compile(r"[a-z0-9_-]{4,}")
PRETALX_CODE = re.compile(r"[0-9A-Z]{6}")
# The c3voc "voc-slug-new" pattern; slugs that do not fit are left out (they are optional).
VOC_SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")
# frab durations are HH:MM with at most two digits of hours.
MAX_DURATION_MINUTES = 99 * 60 + 59

# An event's text, in the order the formats write it, each under its own name (a frab
# element, a c3voc JSON key) and as it is: the talk's field of that name, but "type",
# which is the talk's kind in frab's words (FRAB_TYPES). A plain text field of Talk
# named here reaches frab's XML, the JSON and the schedule's version; nowhere else lists it.
TEXT = ("title", "subtitle", "track", "type", "language", "abstract", "description")


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass
class Event:
    """A scheduled talk in the terms of the frab/c3voc formats; every field is final text
    (`text`: TEXT's values by name), but `talk`, the talk it was made from."""

    talk: Talk
    id: int
    code: str  # a pretalx code the talk was imported with, else ""
    guid: uuid.UUID
    start: datetime.datetime  # at the venue: in the edition's time zone, with its offset
    duration: datetime.timedelta | None
    room: str
    slug: str
    url: str
    text: dict[str, str]
    persons: list[str]
    links: list[Link]
    attachments: list[Link]

    @property
    def start_hhmm(self) -> str:
        return self.start.strftime("%H:%M")

    @property
    def duration_hhmm(self) -> str:
        minutes = int(self.duration.total_seconds() // 60) if self.duration else 0
        minutes = min(minutes, MAX_DURATION_MINUTES)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    @property
    def end(self) -> datetime.datetime:
        """The end at the venue. Added in UTC: an aware datetime plus a timedelta moves its
        wall clock, which is an hour off across a change of the clocks."""
        end = self.start.astimezone(datetime.UTC) + (self.duration or datetime.timedelta(0))
        return end.astimezone(self.start.tzinfo)


@dataclass
class Room:
    name: str
    guid: uuid.UUID
    events: list[Event] = field(default_factory=list)


@dataclass
class Day:
    index: int  # from 1
    date: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    rooms: list[Room] = field(default_factory=list)


@dataclass
class Schedule:
    """What every schedule export of an edition shows."""

    edition: Edition
    version: str
    base_url: str
    url: str
    days: list[Day]
    events: list[Event]  # in schedule order: by start, then room
    rooms: list[str]
    tracks: list[str]
    time_zone: str

    @property
    def acronym(self) -> str:
        """The edition's acronym, else its slug; the c3voc schema wants at least four
        characters of [a-z0-9_-], so a shorter slug is padded with underscores."""
        if ACRONYM.fullmatch(self.edition.acronym):
            return self.edition.acronym
        return self.edition.slug.ljust(4, "_")


def scheduled_talks(edition: Edition) -> list[Talk]:
    """The edition's published talks that have a start time, in schedule order, whole,
    with credits and projects (talk.public_projects): one statement whatever the number
    of talks. The schedule order puts talks without a start last."""
    talks = lists.talks_for_edition(edition, whole=True, projects=True)
    return [talk for talk in talks if talk.start is not None]


def talk_guid(talk: Talk) -> uuid.UUID:
    """The talk's schedule guid, or a stable one derived from the edition and talk slugs."""
    return talk.guid or uuid.uuid5(ARCHIVE_NAMESPACE, f"talk/{talk.edition.slug}/{talk.slug}")


def room_name(talk: Talk) -> str:
    """The talk's room as schedule files name it: in English where it has an English name,
    as they name the edition (the same bytes whatever the reader's language)."""
    if talk.room:
        return in_language(talk.room, "name", "en")
    return in_language(talk.edition, "venue", "en") or "Main room"


def _room_order(event: "Event") -> tuple:
    """Rooms in their edition's order (Room.position), the talks without one last."""
    room = event.talk.room
    return (1, 0, 0, event.room) if room is None else (0, room.position, room.pk, event.room)


def _links(talk: Talk, absolute: Callable[[str], str]) -> tuple[list[Link], list[Link]]:
    links = []
    if talk.video_url:
        links.append(Link(talk.video_url, "Video"))
    if talk.slides_url:
        links.append(Link(talk.slides_url, "Slides"))
    for project in talk.public_projects:
        if project.repository_url:
            links.append(Link(project.repository_url, project.name))
        if project.homepage_url and project.homepage_url != project.repository_url:
            links.append(Link(project.homepage_url, project.name))
    attachments = [Link(absolute(talk.slides_file.url), "Slides")] if talk.slides_file else []
    return links, attachments


def _imported_id(talk: Talk) -> int | None:
    """The numeric frab id a talk was imported with, if it has one."""
    if talk.schedule_id.isascii() and talk.schedule_id.isdigit() and int(talk.schedule_id) > 0:
        return int(talk.schedule_id)
    return None


def _event_ids(talks: list[Talk]) -> dict[int, int]:
    """A positive integer id per talk (by pk): the frab id it was imported with, else one
    derived from its guid, so that ids survive an import into another database. A clash
    (the schema wants them unique) moves to the next free number, in guid order."""
    ids: dict[int, int] = {}
    taken: set[int] = set()
    for talk in sorted(talks, key=lambda talk: (_imported_id(talk) is None, talk_guid(talk))):
        candidate = _imported_id(talk) or int.from_bytes(talk_guid(talk).bytes[:4]) % 10**9 + 1
        while candidate in taken:
            candidate += 1
        taken.add(candidate)
        ids[talk.pk] = candidate
    return ids


def _text(talk: Talk) -> dict[str, str]:
    """The event's TEXT by name."""
    kind = FRAB_TYPES.get(talk.kind, "other")
    text = {name: kind if name == "type" else getattr(talk, name) for name in TEXT}
    text["track"] = in_language(talk.track, "name", "en") if talk.track else ""
    return text


def _event(talk: Talk, event_id: int, absolute: Callable[[str], str]) -> Event:
    links, attachments = _links(talk, absolute)
    slug = f"{talk.edition.slug.replace('-', '_')}-{talk.slug}"
    return Event(
        talk=talk,
        id=event_id,
        code=talk.schedule_id if PRETALX_CODE.fullmatch(talk.schedule_id) else "",
        guid=talk_guid(talk),
        start=local(talk.start, talk.edition),
        duration=talk.duration,
        room=room_name(talk),
        slug=slug if VOC_SLUG.fullmatch(slug) else "",
        url=absolute(talk.get_absolute_url()),
        text=_text(talk),
        # The Latin spelling (the Cyrillic one where there is no other), whatever the
        # reader's language: a schedule file is read by other tools, and the same export
        # must not change with the Accept-Language of whoever fetched it first.
        persons=[credit.speaker.name_en or credit.speaker.name_ru for credit in talk.credits],
        links=links,
        attachments=attachments,
    )


def talk_event(talk: Talk, *, absolute: Callable[[str], str]) -> Event:
    """One scheduled talk as an event of its own (the id is only meaningful in a schedule)."""
    return _event(talk, 0, absolute)


def _days(edition: Edition, events: list[Event]) -> list[Day]:
    """Every date of the edition (and any date a talk falls on outside it), numbered from 1.
    A day runs from its first talk's start to its last talk's end; a day without talks
    from midnight to midnight. Dates and times are the venue's (the events' starts are)."""
    by_date: dict[datetime.date, list[Event]] = {}
    for event in events:
        by_date.setdefault(event.start.date(), []).append(event)
    dates = set(by_date)
    date = edition.start_date
    while date <= edition.end_date:
        dates.add(date)
        date += datetime.timedelta(days=1)
    days = []
    for index, date in enumerate(sorted(dates), start=1):
        day_events = by_date.get(date, [])
        if day_events:
            start = min(event.start for event in day_events)
            end = max(event.end for event in day_events)
        else:
            zone = edition_zone(edition)
            start = datetime.datetime.combine(date, datetime.time(), tzinfo=zone)
            # Midnight to midnight at the venue: 23 or 25 hours on a day the clocks change.
            end = datetime.datetime.combine(date + datetime.timedelta(days=1), start.time(), zone)
        rooms: dict[str, Room] = {}
        for event in day_events:
            if event.room not in rooms:
                guid = uuid.uuid5(ARCHIVE_NAMESPACE, f"room/{edition.slug}/{event.room}")
                rooms[event.room] = Room(name=event.room, guid=guid)
            rooms[event.room].events.append(event)
        # In the edition's order of rooms (an event of each room says which it is).
        ordered = sorted(rooms.values(), key=lambda room: _room_order(room.events[0]))
        days.append(Day(index=index, date=date, start=start, end=end, rooms=ordered))
    return days


def _version(events: list[Event]) -> str:
    """A fingerprint of the content: it changes when the schedule does, and only then."""
    digest = hashlib.sha256()
    for event in events:
        fields = (
            event.guid,
            event.start.isoformat(),
            event.duration_hhmm,
            event.room,
            *event.text.values(),
            event.persons,
            event.links,
            event.attachments,
        )
        digest.update(repr(fields).encode())
    return digest.hexdigest()[:12]


def build_schedule(edition: Edition, *, absolute: Callable[[str], str], url: str) -> Schedule:
    """The schedule of a published edition; `absolute` turns a path into a full URL and
    `url` is the address of the export itself. Runs scheduled_talks()'s one statement."""
    talks = scheduled_talks(edition)
    for talk in talks:
        talk.edition = edition  # one Edition object for all: no divergence, no query
    ids = _event_ids(talks)
    events = [_event(talk, ids[talk.pk], absolute) for talk in talks]
    tracks = sorted({e.text["track"] for e in events if e.text["track"]}, key=str.casefold)
    rooms = list(dict.fromkeys(event.room for event in sorted(events, key=_room_order)))
    return Schedule(
        edition=edition,
        version=_version(events),
        base_url=absolute("/"),
        url=url,
        days=_days(edition, events),
        events=events,
        rooms=rooms,
        tracks=tracks,
        time_zone=edition.time_zone,
    )
