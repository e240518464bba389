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
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from talks.importers.schedule import (
    Event,
    Link,
    Person,
    Schedule,
    ScheduleError,
    known_zone,
    parse_clock,
    parse_date,
    read_event,
    time_zone,
)
from talks.importers.text import one_line


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

    zone_name = known_zone(_text(conference, "time_zone_name"))
    tz = time_zone(zone_name, default=tz)
    schedule = Schedule(
        time_zone=zone_name,
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


def _event(element, schedule: Schedule, *, room, date, day_change, tz) -> Event | None:
    """The <event> `element` as an Event (see read_event): ids are its attributes, the
    other fields its child elements."""
    return read_event(
        schedule,
        attribute=lambda name: element.get(name) or "",
        text=lambda path: _text(element, path),
        room=room,
        date=date,
        day_change=day_change,
        tz=tz,
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
