"""Venue time zones: an edition's IANA zone, and a talk's instant read in it.

A talk's start is stored as an instant (USE_TZ). People read it as the clock at the venue:
31C3's opening at 11:00 in Hamburg is 11:00, not the 13:00 Moscow's clock showed. So
pages, exports, the API and the admin turn instants into wall times with the edition's
zone, through these functions, rather than with the site's TIME_ZONE, which Django's own
filters use and which stays the interface's default (and the zone a new edition gets).
"""

import datetime
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

# The edition's zone a data migration gave every edition that existed before editions had
# one: the site then showed every time in its TIME_ZONE, Moscow's.
LEGACY_ZONE = "Europe/Moscow"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted (tzdata's names; 'Etc/GMT-1' too)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_choices() -> list[tuple[str, str]]:
    """Edition.time_zone's choices: a callable, so that a tzdata update changes no migration."""
    return [(name, name) for name in zone_names()]


def default_zone_name() -> str:
    """Edition.time_zone's default: the site's TIME_ZONE, where most of its editions are."""
    return settings.TIME_ZONE


def validate_zone_name(value: str) -> None:
    """Refuse a name that is no IANA zone this system knows."""
    if value not in zone_names():
        raise ValidationError(
            gettext_lazy("“%(name)s” is not a time zone name (try Europe/Berlin)."),
            params={"name": value},
            code="unknown_time_zone",
        )


def edition_zone(edition) -> zoneinfo.ZoneInfo:
    """The edition's venue zone (ZoneInfo keeps one instance per name)."""
    return zoneinfo.ZoneInfo(edition.time_zone)


def local(moment: datetime.datetime | None, edition) -> datetime.datetime | None:
    """The instant `moment` as the wall time at `edition`'s venue (aware, with that
    zone's offset at that instant); None stays None."""
    if moment is None:
        return None
    return moment.astimezone(edition_zone(edition))


def venue_time(wall: datetime.datetime, edition) -> datetime.datetime:
    """The instant a naive wall time at `edition`'s venue names, as an organiser types it.

    A wall time that occurs twice (the hour clocks go back) is its first occurrence, as
    zoneinfo's fold=0 reads it; one that never occurs (the hour clocks skip) is refused
    with a ValidationError, as Django's own form fields refuse it in the site's zone.
    """
    zone = edition_zone(edition)
    moment = wall.replace(tzinfo=zone, fold=0)
    # A skipped wall time does not survive the round trip through UTC.
    if moment.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise ValidationError(
            gettext_lazy("%(time)s does not exist in %(zone)s: the clocks skip that hour."),
            params={"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": edition.time_zone},
            code="nonexistent_time",
        )
    return moment


def names_its_zone(edition) -> bool:
    """Whether a time at `edition` should say its zone: when it is not the interface's
    (the visitor's default, the site's current zone), a bare 11:30 would be misread."""
    return edition.time_zone != timezone.get_current_timezone_name()


def utc_offset(moment: datetime.datetime) -> str:
    """The offset of an aware `moment` as ISO 8601 writes it: "+01:00", "-03:30"."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_label(edition, moment: datetime.datetime | None = None) -> str:
    """The venue's zone in words, with its offset at `moment` (else at noon of the
    edition's first day): "Europe/Berlin, UTC+01:00". An Etc/ name ("Etc/GMT-1", whose
    sign is POSIX's, the reverse of ISO's) would mislead, so the offset alone stands then."""
    zone = edition_zone(edition)
    if moment is None:
        moment = datetime.datetime.combine(edition.start_date, datetime.time(12), tzinfo=zone)
    offset = utc_offset(moment.astimezone(zone))
    if edition.time_zone.startswith("Etc/") or edition.time_zone == "UTC":
        # Translators: a time zone given only by its offset from UTC, as in "UTC+01:00".
        return gettext("UTC%(offset)s") % {"offset": offset}
    # Translators: a venue's time zone by its IANA name and its offset from UTC, as in
    # "Europe/Berlin, UTC+01:00".
    return gettext("%(zone)s, UTC%(offset)s") % {
        "zone": edition.time_zone.replace("_", " "),
        "offset": offset,
    }
