"""iCalendar (RFC 5545) for an edition's schedule or a single talk.

Written by hand, it is small: CRLF line endings, lines folded at 75 octets without
splitting a UTF-8 character (section 3.1), TEXT values escaped (section 3.3.11), times
in UTC. DTSTAMP is the talk's last change, not the time of the request, so the same data
gives the same bytes (calendar apps and caches see no change where there is none).
"""

import datetime
import re

from talks.exporters.schedule import Event

PRODID = "-//conference-archive//schedule//EN"
MAX_LINE_OCTETS = 75
# Control characters a TEXT value may not hold (RFC 5545 section 3.3.11); tab may stay.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value).replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces joined by CRLF and one space."""
    data = line.encode()
    if len(data) <= MAX_LINE_OCTETS:
        return line
    pieces: list[bytes] = []
    start, limit = 0, MAX_LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        # Never inside a character: back to the first byte of the one that does not fit.
        while data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end])
        # Continuation lines start with a space, which counts toward their 75 octets.
        start, limit = end, MAX_LINE_OCTETS - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event) -> list[str]:
    talk, text = event.talk, event.text
    parts = (", ".join(event.persons), text["abstract"], text["description"])
    description = "\n\n".join(part for part in parts if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.guid}",
        f"DTSTAMP:{utc(talk.updated_at)}",
        f"DTSTART:{utc(event.start)}",
    ]
    if event.duration:
        lines.append(f"DTEND:{utc(event.end)}")
    lines.append(f"SUMMARY:{escape_text(text['title'])}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"LOCATION:{escape_text(event.room)}")
    if text["track"]:
        lines.append(f"CATEGORIES:{escape_text(text['track'])}")
    # A URI value, not TEXT: not escaped (our URLs have no characters that would need it).
    lines += [f"URL:{event.url}", "END:VEVENT"]
    return lines


def render(events: list[Event], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event, named `name` in calendar apps."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode()
