"""A pretalx schedule.json export (the c3voc JSON schedule format) into a Schedule.

The shape: {"schedule": {"conference": {"acronym", "title", "start", "end", "days": [
{"date", "rooms": {"Room name": [event, ...]}}]}}}; events carry the same fields as
frab's XML, with persons as {"public_name" (or "name"), "id", "code", "biography"} and
links/attachments as {"title", "url", "type"}. A file of another shape is refused with the
path of the first part that is wrong; the same rules as frab.py apply to events.
"""

import datetime
import json

from talks.importers.schedule import (
    Event,
    Link,
    Person,
    Schedule,
    ScheduleError,
    known_zone,
    parse_date,
    read_event,
    time_zone,
)
from talks.importers.text import one_line, plain_text


def parse_pretalx(data: bytes, *, tz: datetime.tzinfo) -> Schedule:
    """Parse a schedule.json. Naive times are read in the file's time_zone_name, else `tz`."""
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise ScheduleError("The file is not UTF-8 text, so it is no pretalx export.") from None
    except json.JSONDecodeError as error:
        raise ScheduleError(
            f"The file is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}."
        ) from None
    except RecursionError:
        raise ScheduleError("The JSON is nested too deeply to be a schedule.") from None

    conference = _get(_get(document, "schedule", dict, "the file"), "conference", dict, "schedule")
    title = one_line(_str(conference.get("title")), max_length=200)
    if not title:
        raise ScheduleError("schedule.conference has no title.")
    # c3voc's JSON schema names the zone time_zone_name; pretalx's own exports, timezone.
    zone_name = known_zone(
        _str(conference.get("time_zone_name")) or _str(conference.get("timezone"))
    )
    tz = time_zone(zone_name, default=tz)
    schedule = Schedule(
        time_zone=zone_name,
        title=title,
        acronym=one_line(_str(conference.get("acronym")), max_length=64),
        start_date=parse_date(_str(conference.get("start"))),
        end_date=parse_date(_str(conference.get("end"))),
        url=_str(conference.get("url")).strip(),
    )
    days = _get(conference, "days", list, "schedule.conference")
    for index, day in enumerate(days):
        where = f"schedule.conference.days[{index}]"
        if not isinstance(day, dict):
            raise ScheduleError(f"{where} should be an object.")
        date = parse_date(_str(day.get("date")))
        rooms = day.get("rooms", {})
        if not isinstance(rooms, dict):
            raise ScheduleError(f"{where}.rooms should be an object of room names to events.")
        for room, events in rooms.items():
            if not isinstance(events, list):
                raise ScheduleError(f"{where}.rooms[{room!r}] should be a list of events.")
            for number, item in enumerate(events):
                if not isinstance(item, dict):
                    raise ScheduleError(f"{where}.rooms[{room!r}][{number}] should be an object.")
                event = _event(item, schedule, room=room, date=date, tz=tz)
                if event is not None:
                    schedule.add_event(event)
    return schedule


def _get(container, key: str, kind: type, where: str):
    if not isinstance(container, dict):
        raise ScheduleError(f"{where} should be a JSON object; this is no pretalx schedule.")
    value = container.get(key)
    if not isinstance(value, kind):
        expected = "an object" if kind is dict else "a list"
        missing = "is missing" if value is None else f"should be {expected}"
        raise ScheduleError(f"“{key}” in {where} {missing}; this is no pretalx schedule.")
    return value


def _str(value) -> str:
    """A JSON value as text: numbers as digits, null and objects as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def _event(item: dict, schedule: Schedule, *, room: str, date, tz) -> Event | None:
    """The talk `item` as an Event (see read_event); pretalx has no day change."""
    return read_event(
        schedule,
        attribute=lambda key: _str(item.get(key)),
        text=lambda key: _str(item.get(key)),
        room=room,
        date=date,
        day_change=None,
        tz=tz,
        persons=_persons(item),
        links=_links(item),
    )


def _persons(item: dict) -> list[Person]:
    """The talk's named speakers, in the file's order, with their biographies."""
    persons = []
    for person in _list(item.get("persons")):
        if not isinstance(person, dict):
            continue
        name = one_line(_str(person.get("public_name")) or _str(person.get("name")), max_length=200)
        if name:
            persons.append(
                Person(
                    name=name,
                    external_id=(_str(person.get("code")) or _str(person.get("id"))).strip(),
                    biography=plain_text(_str(person.get("biography"))),
                )
            )
    return persons


def _links(item: dict) -> list[Link]:
    """The talk's links, then its attachments, that give a URL."""
    links = [
        Link(
            url=(_str(link.get("url")) or _str(link.get("href"))).strip(),
            title=one_line(_str(link.get("title")), max_length=200),
            kind=_str(link.get("type")).strip() if key == "attachments" else "",
        )
        for key in ("links", "attachments")
        for link in _list(item.get(key))
        if isinstance(link, dict)
    ]
    return [link for link in links if link.url]


def _list(value) -> list:
    return value if isinstance(value, list) else []
