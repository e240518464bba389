"""Schedule exports of a published edition (frab XML, c3voc JSON, iCalendar) and a
calendar file per talk. Drafts are 404 here even for staff: exports are for other tools."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from conference.readers import visible_editions
from talks.exporters import frab, ical, json
from talks.exporters.schedule import build_schedule, talk_event
from talks.readers.talk_page import find_talk_for_calendar


def _schedule(request, edition_slug: str):
    edition = get_object_or_404(visible_editions(), slug=edition_slug)
    return build_schedule(
        edition, absolute=request.build_absolute_uri, url=request.build_absolute_uri()
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def schedule_xml(request, edition_slug: str):
    """GET /<edition>/schedule.xml: frab/c3voc XML (two queries whatever the size: the
    edition, then its talks)."""
    content = frab.render(_schedule(request, edition_slug))
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@require_safe
def schedule_json(request, edition_slug: str):
    """GET /<edition>/schedule.json: the c3voc JSON shape of the same schedule."""
    content = json.render(_schedule(request, edition_slug))
    return HttpResponse(content, content_type="application/json")


@require_safe
def schedule_ics(request, edition_slug: str):
    """GET /<edition>/schedule.ics: every scheduled talk as a calendar event."""
    schedule = _schedule(request, edition_slug)
    content = ical.render(schedule.events, name=schedule.edition.name)
    return _calendar_response(content, f"{schedule.edition.slug}.ics")


@require_safe
def talk_ics(request, edition_slug: str, slug: str):
    """GET /<edition>/talks/<talk>/talk.ics: one talk, for "Add to calendar"; a talk
    without a start time has no calendar file (404)."""
    talk = find_talk_for_calendar(edition_slug=edition_slug, slug=slug)
    if talk is None:
        raise Http404("No such talk.")
    if talk.start is None:
        raise Http404("This talk has no time in the schedule.")
    event = talk_event(talk, absolute=request.build_absolute_uri)
    content = ical.render([event], name=talk.title)
    return _calendar_response(content, f"{talk.edition.slug}-{talk.slug}.ics")
