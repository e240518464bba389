"""Dates the way the interface language writes them.

Plain dates use Django's own format names (DATE_FORMAT), which come from its locale
modules. A weekday heading or a range of days has no format name, so their patterns are
messages the translators write, in the style of that language's DATE_FORMAT: English
"Wednesday, February 3, 2016" and "Feb. 3–5, 2016", Russian "Среда, 3 февраля 2016 г."
and "3–5 февраля 2016 г.". Times are "H:i" in every language: a schedule reads 14:00.

A talk's times are the venue's wall clock, in its edition's time zone (conference.zones):
local_time and talk_times convert with talk.edition's zone, which the talk readers load
with the talk, and zone_note names that zone where it is not the interface's.
"""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from conference.zones import local, names_its_zone, zone_label

register = template.Library()


# expects_localtime: an instant given to these filters in a template is shown in the site's
# zone, as the date filter shows it. A talk's times go through local_time or talk_times.
@register.filter(expects_localtime=True)
def weekday_date(value: datetime.date) -> str:
    """The weekday and the date, for a day of the schedule: "Wednesday, February 3, 2016"."""
    # Translators: a PHP-style date format (see Django's "date" filter): weekday and date.
    return date_format(value, pgettext("date format", "l, F j, Y"))


@register.filter(expects_localtime=True)
def weekday_day(value: datetime.date) -> str:
    """The weekday and the day of the month, without the year: "Wednesday, February 3"."""
    # Translators: a PHP-style date format (see Django's "date" filter): weekday, day, month.
    return date_format(value, pgettext("date format", "l, F j"))


def _day_and_time(local_moment: datetime.datetime, *, year: bool = True) -> str:
    """ "Wednesday, February 3, 2016, 14:00" (or without the year) of a wall time."""
    day = weekday_date(local_moment) if year else weekday_day(local_moment)
    # Translators: a day (as "Wednesday, February 3, 2016") and a time of day ("14:00").
    return pgettext("day and time", "%(day)s, %(time)s") % {
        "day": day,
        "time": date_format(local_moment, "H:i"),
    }


@register.simple_tag
def local_time(moment: datetime.datetime | None, edition, day: bool = False) -> SafeString:
    """<time> of an instant as the clock at `edition`'s venue read it: "14:00" (with
    `day`, "Wednesday, February 3, 2016, 14:00"); its datetime is ISO 8601 with the
    venue's offset. Empty for no moment."""
    if moment is None:
        return SafeString("")
    wall = local(moment, edition)
    return _time(wall, _day_and_time(wall) if day else date_format(wall, "H:i"))


@register.simple_tag
def talk_times(talk) -> SafeString:
    """A scheduled talk's day, start and (with a duration) end in its edition's zone:
    "Saturday, December 27, 2014, 11:30–12:30". An end on the next day at the venue (a
    talk that crosses midnight) says its day: "…, 23:30–Sunday, December 28, 00:30"."""
    start = local(talk.start, talk.edition)
    if start is None:
        return SafeString("")
    shown = _time(start, _day_and_time(start))
    end = local(talk.end, talk.edition)
    if end is None:
        return shown
    same_day = end.date() == start.date()
    until = date_format(end, "H:i") if same_day else _day_and_time(end, year=False)
    return format_html("{}\N{EN DASH}{}", shown, _time(end, until))


@register.simple_tag
def zone_note(edition, moment: datetime.datetime | None = None) -> str:
    """The venue's zone ("Europe/Berlin, UTC+01:00", with the offset at `moment`) when
    times at `edition` are not in the interface's zone, else "": a page prints it beside
    the times, in its own words, when it is not empty."""
    return zone_label(edition, moment) if names_its_zone(edition) else ""


def _time(value: datetime.date, text: str) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag
def date_range(start: datetime.date, end: datetime.date | None = None) -> SafeString:
    """From `start` to `end` as <time> elements, the month and year written once when
    they are shared: "Feb. 3–5, 2016", "Jan. 30–Feb. 2, 2016", "Dec. 30, 2016–Jan. 2, 2017"."""
    if end is None or end == start:
        return _time(start, date_format(start, "DATE_FORMAT"))
    if (start.year, start.month) == (end.year, end.month):
        # Translators: PHP-style date formats for the first and the last day of a range
        # within one month, as in "Feb. 3–5, 2016" (Russian: "j" and "j E Y г.").
        first = pgettext("date format: first day of a range in one month", "N j")
        last = pgettext("date format: last day of a range in one month", "j, Y")
    elif start.year == end.year:
        # Translators: as above for a range across months: "Jan. 30–Feb. 2, 2016".
        first = pgettext("date format: first day of a range in one year", "N j")
        last = pgettext("date format: last day of a range in one year", "N j, Y")
    else:
        first = last = "DATE_FORMAT"
    return format_html(
        "{}\N{EN DASH}{}",
        _time(start, date_format(start, first)),
        _time(end, date_format(end, last)),
    )
