"""When a talk is, for its page, written in Python.

    {% load talk_facts %}
    {% talk_when talk preview=is_preview %}

The line names the talk's day, start and end time, length and a link to its calendar
file. As template filters that was eight date formats, three of them of the same moment,
and a translation block: a tenth of the talk page's rendering time. The same markup comes
from one conversion to the site's time zone here; tests/talks/test_talk_facts.py holds it
to the template it replaced.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conference.templatetags.archive_dates import weekday_date
from conference.web.fast_urls import page_url
from conference.web.html_text import html_text
from talks.templatetags.archive_text import minutes

register = template.Library()


def _time(moment) -> str:
    return f'<time datetime="{moment.isoformat()}">'


@register.simple_tag
def talk_when(talk, preview=False) -> SafeString:
    """<dd>: the day and times of a talk that has a start, its length, and a link to its
    calendar file (not in a draft's preview, whose file is not public)."""
    start = timezone.localtime(talk.start)
    text = f"{_time(start)}{html_text(weekday_date(start))}, {start:%H:%M}</time>"
    if talk.duration:
        end = timezone.localtime(talk.end)
        text += f"\N{EN DASH}{_time(end)}{end:%H:%M}</time>"
        length = gettext("%(minutes)s min") % {"minutes": minutes(talk.duration)}
        text += f" ({html_text(length)})"
    if not preview:
        url = page_url("talks:talk-ics", edition_slug=talk.edition.slug, slug=talk.slug)
        text += (
            f' · <a class="add-to-calendar" href="{html_text(url)}" type="text/calendar">'
            f"{html_text(gettext('Add to calendar'))}</a>"
        )
    return mark_safe(f"<dd>{text}</dd>")  # noqa: S308 -- every value escaped or built here
