"""{% talk_when %} against the template markup it replaced on the talk page."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from conference.models import Edition
from talks.models import Talk

# The talk page's "When" before the tag, with weekday_date in the site's time zone.
REFERENCE = Template(
    "{% load i18n archive_dates archive_text site_links %}"
    "<dd><time datetime=\"{{ talk.start|date:'c' }}\">{{ talk.start|weekday_date }}, "
    '{{ talk.start|time:"H:i" }}</time>{% if talk.end %}–<time datetime="'
    '{{ talk.end|date:\'c\' }}">{{ talk.end|time:"H:i" }}</time>{% endif %}'
    "{% if talk.duration %} ({% blocktranslate with minutes=talk.duration|minutes %}"
    "{{ minutes }} min{% endblocktranslate %}){% endif %}{% if not is_preview %} · "
    '<a class="add-to-calendar" href="{% page_url \'talks:talk-ics\' '
    'edition_slug=talk.edition.slug slug=talk.slug %}" type="text/calendar">'
    '{% translate "Add to calendar" %}</a>{% endif %}</dd>'
)
TAG = Template("{% load talk_facts %}{% talk_when talk preview=is_preview %}")


def talk(start, minutes) -> Talk:
    edition = Edition(slug="pgconf-2016", name="PGConf 2016")
    duration = datetime.timedelta(minutes=minutes) if minutes is not None else None
    return Talk(slug="zalando", start=start, duration=duration, edition=edition)


UTC = datetime.UTC


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("is_preview", [False, True])
@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (datetime.datetime(2016, 2, 3, 7, 0, tzinfo=UTC), 45),
        # 01:30 in Moscow, the next day of UTC's date; it ends on yet another hour.
        (datetime.datetime(2016, 2, 3, 22, 30, tzinfo=UTC), 90),
        (datetime.datetime(2016, 2, 3, 20, 50, tzinfo=UTC), 20),  # ends after midnight
        (datetime.datetime(2016, 2, 3, 9, 0, tzinfo=UTC), None),
    ],
)
def test_talk_when_writes_what_the_template_wrote(language, is_preview, start, minutes):
    context = {"talk": talk(start, minutes), "is_preview": is_preview}
    with translation.override(language):
        expected = REFERENCE.render(Context(context))
        assert TAG.render(Context(context)) == expected


def test_the_day_is_the_sites_day():
    late = talk(datetime.datetime(2016, 2, 3, 22, 30, tzinfo=UTC), 30)
    with translation.override("en"):
        html = TAG.render(Context({"talk": late, "is_preview": False}))
    assert "Thursday, February 4, 2016, 01:30" in html
    assert 'datetime="2016-02-04T01:30:00+03:00"' in html
    assert "/pgconf-2016/talks/zalando/talk.ics" in html
