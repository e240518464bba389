"""The frab / c3voc schedule.xml of an edition.

Written to validate against the c3voc schema (https://c3voc.de/schedule/schema.xsd, a
copy in ../shared/schedules/): guids are UUIDs, times carry their UTC offset, durations
are HH:MM, and only elements the schema knows are written.
"""

import xml.etree.ElementTree as ET

from conference.bilingual import in_language
from conference.web.xml_text import xml_text
from talks.exporters.schedule import Event, Schedule

GENERATOR = "conference-archive"


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    element.text = xml_text(text)
    return element


def _is_http(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _event(parent: ET.Element, event: Event) -> None:
    attributes = {"guid": str(event.guid), "id": str(event.id)}
    if event.code:
        attributes["code"] = event.code
    element = _sub(parent, "event", **attributes)
    _sub(element, "date", event.start.isoformat())
    _sub(element, "start", event.start_hhmm)
    _sub(element, "duration", event.duration_hhmm)
    _sub(element, "room", event.room)
    if event.slug:
        _sub(element, "slug", event.slug)
    _sub(element, "url", event.url)
    for name, value in event.text.items():
        _sub(element, name, value)
    persons = _sub(element, "persons")
    for name in event.persons:
        _sub(persons, "person", name)
    links = _sub(element, "links")
    for link in event.links:
        _sub(links, "link", link.title, href=link.url)
    attachments = _sub(element, "attachments")
    for attachment in event.attachments:
        _sub(attachments, "attachment", attachment.title, href=attachment.url)


def render(schedule: Schedule) -> bytes:
    """The schedule.xml document, UTF-8, the same bytes for the same data."""
    edition = schedule.edition
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR)
    _sub(root, "url", schedule.url)
    _sub(root, "version", schedule.version)
    conference = _sub(root, "conference")
    _sub(conference, "acronym", schedule.acronym)
    _sub(conference, "title", in_language(edition, "name", "en"))
    _sub(conference, "start", edition.start_date.isoformat())
    _sub(conference, "end", edition.end_date.isoformat())
    _sub(conference, "days", str(len(schedule.days)))
    _sub(conference, "base_url", schedule.base_url)
    if _is_http(edition.website):
        _sub(conference, "url", edition.website)
    _sub(conference, "time_zone_name", schedule.time_zone)
    for track in schedule.tracks:
        _sub(conference, "track", name=track)
    for day in schedule.days:
        day_element = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        for room in day.rooms:
            room_element = _sub(day_element, "room", name=room.name, guid=str(room.guid))
            for event in room.events:
                _event(room_element, event)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
