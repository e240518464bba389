"""A visitor's starred talks: the "My talks" page, and the talks it lists as JSON and as
one calendar file.

The stars live in the visitor's browser (static/js/stars.js keeps talk ids in
localStorage): there is no account, and nothing of the visitor's reaches the server but
the ids in the address of the two data endpoints. Those read the talks through
talks.readers.lists.talks_by_ids, so only public talks ever come back, whatever ids are
asked for.
"""

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from conference.templatetags.archive_dates import weekday_date
from talks.exporters import ical
from talks.exporters.schedule import talk_event
from talks.readers.lists import MAX_IDS, talks_by_ids
from talks.timetable import local_end, local_start

# An id as the address gives it: digits, short enough for PostgreSQL's bigint.
MAX_ID_DIGITS = 18


def _ids(request) -> list[int] | None:
    """The talk ids of ?ids=1,2,3, or None when they are missing or not ids."""
    parts = [part for part in request.GET.get("ids", "").split(",") if part]
    if not parts or len(parts) > MAX_IDS:
        return None
    if not all(part.isascii() and part.isdigit() and len(part) <= MAX_ID_DIGITS for part in parts):
        return None
    return list(dict.fromkeys(int(part) for part in parts))


def _bad_ids() -> HttpResponseBadRequest:
    message = gettext("Give the talks as ?ids= and up to %(limit)s talk numbers, comma-separated.")
    return HttpResponseBadRequest(message % {"limit": MAX_IDS}, content_type="text/plain")


@require_safe
def my_talks(request):
    """GET /editions/my-talks/: the page static/js/stars.js fills with the starred talks."""
    return render(request, "talks/my_talks.html", {"section": "talks"})


def _when(talk) -> str:
    """ "Wednesday, February 3, 2016, 10:00–10:45" in the interface's language."""
    start = local_start(talk)
    when = f"{weekday_date(start)}, {start:%H:%M}"
    return f"{when}\N{EN DASH}{local_end(talk):%H:%M}" if talk.duration else when


def _talk_data(talk) -> dict:
    return {
        "id": talk.pk,
        "title": talk.title,
        "subtitle": talk.subtitle,
        "language": talk.language,
        "url": talk.get_absolute_url(),
        "edition": {"name": talk.edition.name, "url": talk.edition.get_absolute_url()},
        "start": local_start(talk).isoformat() if talk.start else None,
        "when": _when(talk) if talk.start else "",
        "room": str(talk.room) if talk.room else "",
        "speakers": [credit.speaker.name for credit in talk.credits],
    }


@require_safe
def starred_json(request):
    """GET /talks.json?ids=1,2,3: the public talks among those ids, newest edition first
    and in schedule order, as {"talks": [...]} with what "My talks" shows of each."""
    ids = _ids(request)
    if ids is None:
        return _bad_ids()
    return JsonResponse({"talks": [_talk_data(talk) for talk in talks_by_ids(ids)]})


@require_safe
def starred_ics(request):
    """GET /talks.ics?ids=1,2,3: the public talks among those ids that have a time, as
    one calendar file (the exporters' iCal, as a talk's "Add to calendar")."""
    ids = _ids(request)
    if ids is None:
        return _bad_ids()
    talks = [talk for talk in talks_by_ids(ids, whole=True, projects=True) if talk.start]
    events = [talk_event(talk, absolute=request.build_absolute_uri) for talk in talks]
    response = HttpResponse(
        ical.render(events, name=gettext("My talks")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-talks.ics"'
    return response
