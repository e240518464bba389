"""Dates the way the interface language writes them.

Plain dates use Django's own format names (DATE_FORMAT), which come from its locale
modules. A weekday heading or a range of days has no format name, so their patterns are
messages the translators write, in the style of that language's DATE_FORMAT: English
"Wednesday, February 3, 2016" and "Feb. 3–5, 2016", Russian "Среда, 3 февраля 2016 г."
and "3–5 февраля 2016 г.". Times are "H:i" in every language: a schedule reads 14:00.
"""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

register = template.Library()


# expects_localtime: a talk's start is stored in UTC and shown in the site's time zone, as
# the date filter shows it (a talk at 01:30 in Moscow is on the next day of UTC's date).
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
