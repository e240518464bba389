"""A parsed schedule as plain data: what the frab and pretalx parsers produce and apply.py reads.

The parsers turn whatever a tool wrote into these dataclasses (text already plain, times
already aware, ids already resolved), so that apply.py has one shape to write and tests can
build schedules without files. Nothing here touches the database.
"""

import datetime
import re
import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from conference.zones import default_zone_name, zone_names
from talks.importers.text import one_line, plain_text

# Events without a UUID guid get uuid5(IMPORT_NAMESPACE, "<acronym>/<event id>"): the same
# file gives the same ids on every run, and two conferences never collide. Never change it:
# re-imports of old files would create every talk again.
IMPORT_NAMESPACE = uuid.UUID("5b0f2a4e-6d1c-4c8e-9a57-3f1f1d2c9e61")

# The largest file we read, from disk, an upload or a URL.
MAX_SCHEDULE_BYTES = 50 * 1024 * 1024


class ScheduleError(Exception):
    """The file cannot be imported; the message says why, for the person importing it."""


@dataclass
class Person:
    """A speaker as the schedule names them; `external_id` is the tool's person id, if any."""

    name: str
    external_id: str = ""
    biography: str = ""


@dataclass
class Link:
    """A link or attachment of an event; `kind` is the attachment's type ("slides", "paper")."""

    url: str
    title: str = ""
    kind: str = ""


@dataclass
class Event:
    """One talk slot. `language` and `kind` are the file's raw words; apply.py maps them."""

    guid: uuid.UUID
    event_id: str
    title: str
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    language: str = ""
    kind: str = ""
    track: str = ""
    room: str = ""
    start: datetime.datetime | None = None
    duration: datetime.timedelta | None = None
    persons: list[Person] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class Schedule:
    """One edition's programme: the conference details, its events and the parser's warnings."""

    title: str
    acronym: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    venue: str = ""
    city: str = ""
    url: str = ""
    time_zone: str = ""  # the IANA zone the file names, if it names one we know
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _guids: set = field(default_factory=set, repr=False, compare=False)

    def add_event(self, event: Event) -> None:
        """Add a parsed event; an event whose guid the file already had is skipped, with a
        warning (real exports repeat ids: the first one is kept)."""
        if event.guid in self._guids:
            self.warnings.append(
                f"Skipped “{event.title}” ({event.event_id or event.guid}): an earlier "
                "event of the file has the same guid or id; the first one is kept."
            )
            return
        self._guids.add(event.guid)
        self.events.append(event)


def event_guid(*, guid: str, acronym: str, event_id: str) -> uuid.UUID | None:
    """The event's guid when it is a UUID, else a stable one derived from the conference.

    Real files carry base64 ids in the guid attribute (frab's 31C3) or no guid at all
    (pentabarf): those get uuid5 of our namespace, the acronym and the event id (or the
    odd guid itself when there is no event id). None when there is nothing to derive from.
    """
    guid = (guid or "").strip()
    if guid:
        try:
            return uuid.UUID(guid)
        except ValueError:
            pass
    key = (event_id or "").strip() or guid
    if not key:
        return None
    return uuid.uuid5(IMPORT_NAMESPACE, f"{acronym.strip().lower()}/{key}")


_DURATION = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")


def parse_duration(value: str) -> datetime.timedelta | None:
    """ "00:30" or "01:00:00" (frab, pretalx), or bare minutes ("45"); None otherwise."""
    value = (value or "").strip()
    if value.isdigit():
        return datetime.timedelta(minutes=int(value))
    match = _DURATION.match(value)
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_clock(value: str) -> datetime.time | None:
    """ "09:00" or "09:00:00" as a time of day; None when it is not one."""
    try:
        return datetime.time.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parse_date(value: str) -> datetime.date | None:
    """A date or the date part of a date-time ("2014-12-27", "2014-12-27T11:00:00+01:00")."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(value: str, *, tz: datetime.tzinfo) -> datetime.datetime | None:
    """An ISO date-time; a naive one is read in `tz` (the conference's time zone)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def slot_start(
    *, date: datetime.date | None, clock: str, day_change: datetime.time | None, tz
) -> datetime.datetime | None:
    """An event's start from its day's date and a clock time (pentabarf has no <date>).

    Events after midnight but before the day change belong to the previous day's programme,
    so they happen on the next calendar day.
    """
    time = parse_clock(clock)
    if date is None or time is None:
        return None
    if day_change is not None and day_change > datetime.time(0) and time < day_change:
        date += datetime.timedelta(days=1)
    return datetime.datetime.combine(date, time, tzinfo=tz)


def known_zone(name: str) -> str:
    """The IANA zone name a file gives (frab's time_zone_name, pretalx's timezone), or ""
    when it gives none this system knows."""
    name = (name or "").strip()
    return name if name in zone_names() else ""


def time_zone(name: str, *, default: datetime.tzinfo) -> datetime.tzinfo:
    """The IANA zone a file names (its time_zone_name), or `default` when it names none we know."""
    name = known_zone(name)
    return zoneinfo.ZoneInfo(name) if name else default


def venue_zone(schedule: Schedule, *, current: str = "") -> str:
    """The IANA zone of the venue of `schedule`, for its edition.

    The zone the file names, if any. Else one the events' times agree with (each start's
    offset is that zone's at that moment): the edition's `current` zone first (an
    organiser may have chosen it), then the zone naive times were read in, then the site's.
    Else, for a single whole-hour offset, its fixed zone ("Etc/GMT-1" is +01:00: POSIX's
    sign); else the first real zone that agrees (offsets that change mid-conference);
    else `current` ("": the edition's default).
    """
    if schedule.time_zone:
        return schedule.time_zone
    starts = [event.start for event in schedule.events if event.start is not None]
    if not starts:
        return current
    read_in = [start.tzinfo.key for start in starts if isinstance(start.tzinfo, zoneinfo.ZoneInfo)]
    for name in (current, *dict.fromkeys(read_in), default_zone_name()):
        if name and _agrees(name, starts):
            return name
    offsets = {start.utcoffset() for start in starts}
    if len(offsets) == 1 and (fixed := _fixed_zone(offsets.pop())):
        return fixed
    for name in zone_names():
        if "/" in name and not name.startswith("Etc/") and _agrees(name, starts):
            return name
    return current


def _agrees(name: str, starts: list[datetime.datetime]) -> bool:
    zone = zoneinfo.ZoneInfo(name)
    return all(start.astimezone(zone).utcoffset() == start.utcoffset() for start in starts)


def _fixed_zone(offset: datetime.timedelta) -> str:
    """The tz database's zone of a fixed whole-hour offset, or "" for another offset."""
    hours, rest = divmod(offset, datetime.timedelta(hours=1))
    if rest:
        return ""
    name = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return name if name in zone_names() else ""


def read_event(
    schedule: Schedule,
    *,
    attribute: Callable[[str], str],
    text: Callable[[str], str],
    room: str,
    date: datetime.date | None,
    day_change: datetime.time | None,
    tz: datetime.tzinfo,
    persons: list[Person],
    links: list[Link],
) -> Event | None:
    """One event of a frab or pretalx file as an Event, or None (with a warning in
    `schedule`) when it has no title or no id to match it by on the next import.

    Both formats carry the same fields and the same rules apply to them; they differ only
    in how a field is read: `attribute(name)` gives an id ("code", "id", "guid"; XML
    attributes in frab), `text(name)` any other field, both as text ("" when absent).
    `room` is the room the file lists the event under, used when the event names none.
    """
    # pretalx writes its event code next to a legacy numeric id; the code is what it knows.
    event_id = (attribute("code") or attribute("id")).strip()
    title = one_line(text("title"), max_length=300)
    label = event_id or attribute("guid") or "without an id"
    if not title:
        schedule.warnings.append(f"Skipped event {label}: it has no title.")
        return None
    guid = event_guid(
        guid=attribute("guid"), acronym=schedule.acronym or schedule.title, event_id=event_id
    )
    if guid is None:
        schedule.warnings.append(f"Skipped “{title}”: it has neither an id nor a guid.")
        return None

    start = parse_datetime(text("date"), tz=tz) or slot_start(
        date=date, clock=text("start"), day_change=day_change, tz=tz
    )
    if start is None:
        schedule.warnings.append(f"“{title}” ({label}) has no usable start; imported unscheduled.")
    duration = parse_duration(text("duration"))
    if duration is not None and duration <= datetime.timedelta(0):
        duration = None

    return Event(
        guid=guid,
        event_id=event_id[:64],
        title=title,
        subtitle=one_line(text("subtitle"), max_length=300),
        abstract=plain_text(text("abstract")),
        description=plain_text(text("description")),
        language=text("language").strip(),
        kind=text("type").strip(),
        track=one_line(text("track"), max_length=100),
        room=one_line(text("room") or room, max_length=100),
        start=start,
        duration=duration,
        persons=persons,
        links=links,
    )
