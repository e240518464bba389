"""The c3voc schedule.json of an edition: the JSON twin of frab's schedule.xml.

The shape pretalx and frab write (https://c3voc.de/schedule/schema.json):
{"$schema", "generator", "schedule": {"version", "base_url", "conference": {...,
"rooms", "tracks", "days": [{"index", "date", "day_start", "day_end", "rooms":
{name: [events]}}]}}}.
"""

import json

from conference.bilingual import in_language
from talks.exporters.frab import GENERATOR
from talks.exporters.schedule import Event, Schedule

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def _link(link) -> dict:
    return {"url": link.url, "title": link.title}


def _event(event: Event) -> dict:
    return {
        "id": event.id,
        "code": event.code or None,
        "guid": str(event.guid),
        "date": event.start.isoformat(),
        "start": event.start_hhmm,
        "duration": event.duration_hhmm,
        "room": event.room,
        "slug": event.slug,
        "url": event.url,
        **event.text,
        # Given again, a key keeps its first place: "track" stays where TEXT has it.
        "track": event.text["track"] or None,
        "persons": [{"name": name, "public_name": name} for name in event.persons],
        "links": [_link(link) for link in event.links],
        "attachments": [_link(link) for link in event.attachments],
    }


def as_dict(schedule: Schedule) -> dict:
    edition = schedule.edition
    conference = {
        "acronym": schedule.acronym,
        "title": in_language(edition, "name", "en"),
        "start": edition.start_date.isoformat(),
        "end": edition.end_date.isoformat(),
        "daysCount": len(schedule.days),
        "time_zone_name": schedule.time_zone,
        "url": edition.website or None,
        "rooms": [{"name": name} for name in schedule.rooms],
        "tracks": [{"name": name} for name in schedule.tracks],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": {
                    room.name: [_event(event) for event in room.events] for room in day.rooms
                },
            }
            for day in schedule.days
        ],
    }
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {
            "url": schedule.url,
            "version": schedule.version,
            "base_url": schedule.base_url,
            "conference": conference,
        },
    }


def render(schedule: Schedule) -> bytes:
    """schedule.json in UTF-8 (not \\u escapes), indented, the same bytes for the same data."""
    return json.dumps(as_dict(schedule), ensure_ascii=False, indent=2).encode() + b"\n"
