"""frab / c3voc / pentabarf / wafer schedule.xml into a Schedule.

What real files do, and what this accepts (see /work/shared/schedules in development):
- frab writes guids that are not UUIDs (base64) next to real ones; pentabarf and wafer
  write no guid, no <version> and no <date> per event: those events get a stable uuid5
  (schedule.event_guid) and their start from the day's date, the clock time and day_change;
- slugs are bare codes or long generated strings: ignored, the archive makes its own;
- unknown elements anywhere are ignored; the same event id twice keeps the first;
- an event without a title is skipped with a warning; one without a usable start is kept
  without a slot, with a warning.

Parsing goes through defusedxml: a DTD with entities (billion laughs) or external
references is refused with a clear message, as is malformed XML (with line and column).
"""

import datetime
import zoneinfo
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from talks.importers.schedule import (
    Event,
    Link,
    Person,
    Schedule,
    ScheduleError,
    event_guid,
    parse_clock,
    parse_date,
    parse_datetime,
    parse_duration,
    slot_start,
)
from talks.importers.text import one_line, plain_text


def parse_frab(data: bytes, *, tz: datetime.tzinfo) -> Schedule:
    """Parse a schedule.xml. Naive times are read in the file's time_zone_name, else `tz`."""
    root = _parse_xml(data)
    if root.tag != "schedule":
        raise ScheduleError(
            f"This is not a frab schedule: its root element is <{root.tag}>, not <schedule>."
        )
    conference = root.find("conference")
    if conference is None:
        raise ScheduleError("The schedule has no <conference> element.")
    title = one_line(_text(conference, "title"), max_length=200)
    if not title:
        raise ScheduleError("The schedule's <conference> has no <title>.")

    tz = _time_zone(_text(conference, "time_zone_name"), default=tz)
    schedule = Schedule(
        title=title,
        acronym=one_line(_text(conference, "acronym"), max_length=64),
        start_date=parse_date(_text(conference, "start")),
        end_date=parse_date(_text(conference, "end")),
        venue=one_line(_text(conference, "venue"), max_length=200),
        city=one_line(_text(conference, "city"), max_length=100),
        url=_text(conference, "url").strip(),
    )
    day_change = parse_clock(_text(conference, "day_change"))

    for day in root.iter("day"):
        date = parse_date(day.get("date", ""))
        for room in day.findall("room"):
            for element in room.findall("event"):
                event = _event(
                    element, schedule, room=room.get("name", ""), date=date,
                    day_change=day_change, tz=tz,
                )  # fmt: skip
                if event is not None:
                    schedule.add_event(event)
    return schedule


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data)
    except DefusedXmlException as error:
        raise ScheduleError(
            "The file declares entities or external references (a DTD), which schedule files "
            f"never need and which can be used to attack the server; refused ({error})."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ScheduleError(
            f"The file is not well-formed XML: line {line}, column {column + 1}: {_reason(error)}."
        ) from None


def _reason(error: ParseError) -> str:
    # "not well-formed (invalid token): line 3, column 4" -> "not well-formed (invalid token)"
    return str(error).split(": line ")[0]


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    return element.findtext(path) or ""


def _time_zone(name: str, *, default: datetime.tzinfo) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name.strip()) if name.strip() else default
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return default


def _event(element, schedule: Schedule, *, room, date, day_change, tz) -> Event | None:
    """The <event> `element` as an Event, or None (with a warning) when it has no title
    or no id to match it by on the next import."""
    # pretalx writes its event code next to a legacy numeric id; the code is what it knows.
    event_id = (element.get("code") or element.get("id") or "").strip()
    title = one_line(_text(element, "title"), max_length=300)
    label = event_id or element.get("guid") or "without an id"
    if not title:
        schedule.warnings.append(f"Skipped event {label}: it has no title.")
        return None
    guid = event_guid(guid=element.get("guid", ""), acronym=schedule.acronym or schedule.title,
                      event_id=event_id)  # fmt: skip
    if guid is None:
        schedule.warnings.append(f"Skipped “{title}”: it has neither an id nor a guid.")
        return None

    start = parse_datetime(_text(element, "date"), tz=tz) or slot_start(
        date=date, clock=_text(element, "start"), day_change=day_change, tz=tz
    )
    if start is None:
        schedule.warnings.append(f"“{title}” ({label}) has no usable start; imported unscheduled.")
    duration = parse_duration(_text(element, "duration"))
    if duration is not None and duration <= datetime.timedelta(0):
        duration = None

    return Event(
        guid=guid,
        event_id=event_id[:64],
        title=title,
        subtitle=one_line(_text(element, "subtitle"), max_length=300),
        abstract=plain_text(_text(element, "abstract")),
        description=plain_text(_text(element, "description")),
        language=_text(element, "language").strip(),
        kind=_text(element, "type").strip(),
        track=one_line(_text(element, "track"), max_length=100),
        room=one_line(_text(element, "room") or room, max_length=100),
        start=start,
        duration=duration,
        persons=_persons(element),
        links=_links(element),
    )


def _persons(element) -> list[Person]:
    """The event's named persons, in the file's order."""
    persons = []
    for person in element.findall("persons/person"):
        name = one_line(person.text, max_length=200)
        if name:
            persons.append(Person(name=name, external_id=(person.get("id") or "").strip()))
    return persons


def _links(element) -> list[Link]:
    """The event's links, attachments and recordings that give a URL, in that order."""
    links = [
        Link(url=(link.get("href") or "").strip(), title=one_line(link.text, max_length=200))
        for link in element.findall("links/link")
    ]
    links += [
        Link(
            url=(attachment.get("href") or "").strip(),
            title=one_line(attachment.text, max_length=200),
            kind=(attachment.get("type") or "").strip(),
        )
        for attachment in element.findall("attachments/attachment")
    ]
    # Recording links of the c3voc schema, and the deprecated video_download_url.
    for path in ("recording/url", "recording/link", "video_download_url"):
        if url := _text(element, path).strip():
            links.append(Link(url=url, title="Video recording"))
    return [link for link in links if link.url]
