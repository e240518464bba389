"""An edition's timetable, one page per day (talks/timetable.py lays it out)."""

import datetime
import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from conference.readers import visible_editions
from talks.readers.lists import edition_starts, talks_for_edition
from talks.timetable import build_timetable, start_days

# A day's address: /<edition>/timetable/2016-02-03/, the date as ISO 8601 writes it.
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(day: str) -> datetime.date:
    if not DAY.fullmatch(day):
        raise Http404("No such day.")
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day.") from None


def day_url(edition, days: list[datetime.date], date: datetime.date) -> str:
    """The address of a day's timetable: the first day's is the timetable's own."""
    if date == days[0]:
        return reverse("talks:timetable", kwargs={"edition_slug": edition.slug})
    return reverse("talks:timetable-day", kwargs={"edition_slug": edition.slug, "day": date})


# The window of instants read for a day: the day at the venue lies inside it whatever
# the venue's offset (at most 14 hours from UTC); the talks are then cut to the day at
# the venue's clock (talks.timetable), so the window needs no exact zone arithmetic.
WINDOW_MARGIN = datetime.timedelta(days=1)


def _days_talks(edition, date: datetime.date | None) -> list:
    """The talks a day's page shows: the day's (with a margin, see WINDOW_MARGIN) and
    those with no start; with no day, those with no start only."""
    if date is None:
        never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return talks_for_edition(edition, between=(never, never))
    midnight = datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)
    return talks_for_edition(
        edition,
        between=(midnight - WINDOW_MARGIN, midnight + datetime.timedelta(days=1) + WINDOW_MARGIN),
    )


@require_safe
def timetable(request, edition_slug: str, day: str | None = None):
    """GET /<edition>/timetable/: the first day of a published edition's public talks;
    /<edition>/timetable/<date>/ another day (the first day's address sends to the
    timetable's own). Three queries: the edition, when its talks start (the days), then
    the day's talks and those with no start, rather than all its talks."""
    edition = get_object_or_404(visible_editions(), slug=edition_slug)
    days = start_days(edition_starts(edition), edition)
    date = days[0] if day is None and days else None
    if day is not None:
        date = _date(day)
        if date not in days:
            raise Http404("The edition has no talk on that day.")
        if date == days[0]:
            return redirect(day_url(edition, days, date))
    talks = _days_talks(edition, date)
    context = {
        "edition": edition,
        "section": "talks",
        "days": [(each, day_url(edition, days, each)) for each in days],
        "timetable": build_timetable(talks, date) if date else None,
        "unscheduled": [talk for talk in talks if talk.start is None],
    }
    return render(request, "talks/timetable.html", context)
