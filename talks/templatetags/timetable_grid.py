"""The rows of a day's timetable grid (talks/timetable.py lays them out), written in Python.

A day holds hundreds of talks; as template loops (a cell's times, title, credits and
track, some twenty lookups and filters a cell) the grid was most of a timetable page's
rendering time (docs/performance.md, "Static export: speakers, lists and feeds, session
12"). This tag writes the same markup, escaping every value as the template's
autoescaping did, as talks/templatetags/talk_lists.py does for talk lists.

    {% load timetable_grid %}
    <tbody>
      {% timetable_rows timetable %}
    </tbody>

The times are the ones talks.timetable gives (the venue's wall time), shown as they are,
as the template did inside {% localtime off %}.
"""

import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from conference.bilingual import fallback_language
from conference.web.fast_urls import fixed_prefix
from conference.web.html_text import html_text
from talks.templatetags.talk_lists import _credits_html

register = template.Library()

# The template's indentation, kept so that the page's bytes stay what they were.
ROW = (
    '\n            <tr class="{css}">'
    '\n              <th scope="row">{time}</th>'
    "\n              {cells}"
    "\n            </tr>"
    "\n          "
)
CELL = (
    '\n                <td class="timetable-talk"{spans} data-talk-id="{id}">'
    '\n                  <p class="timetable-when">{when}</p>'
    '\n                  <p class="timetable-title">'
    '<a href="{url}" lang="{language}">{title}</a></p>'
    "\n                  {credits}"
    "\n                  {track}"
    "\n                </td>"
)
EMPTY_CELL = "\n                <td></td>"


def _time(moment: datetime.datetime) -> str:
    """<time> of a moment, as the filters date:'c' and time:"H:i" showed it."""
    return f'<time datetime="{moment.isoformat()}">{moment.hour:02d}:{moment.minute:02d}</time>'


def _track(track, names: dict) -> str:
    if track is None:
        return ""
    if (markup := names.get(track.pk)) is None:
        language = fallback_language(track, "name")
        lang = f' lang="{language}"' if language else ""
        markup = names[track.pk] = f'<p class="timetable-track"{lang}>{html_text(track)}</p>'
    return markup


def _cell(cell, links: dict, tracks: dict) -> str:
    if cell is None:
        return EMPTY_CELL
    talk = cell.talk
    spans = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    spans += f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    when = _time(cell.start) + (f"–{_time(cell.end)}" if talk.duration else "")
    return CELL.format(
        spans=spans,
        id=talk.pk,
        when=when,
        url=html_text(talk.get_absolute_url()),
        language=html_text(talk.language),
        title=html_text(talk.title),
        credits=_credits_html(talk, links),
        track=_track(talk.track, tracks),
    )


@register.simple_tag
def timetable_rows(timetable) -> SafeString:
    """The grid's rows: each its start and its cells (a talk's, or an empty one)."""
    links: dict = {}  # (model, id) -> a link to its page, as talk lists keep them
    tracks: dict = {}  # track id -> its paragraph
    rows = []
    with fixed_prefix():
        for row in timetable.rows:
            css = html_text(row.height_class) + ("" if row.starts else " timetable-between")
            cells = "".join(_cell(cell, links, tracks) for cell in row.cells)
            rows.append(ROW.format(css=css, time=_time(row.start), cells=cells))
    return mark_safe("".join(rows))  # noqa: S308 -- every value escaped by html_text
