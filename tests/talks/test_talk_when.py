"""The talk page's "When" (templates/talks/talk_detail.html), compared with fixed expected
markup: the day and times in the site's time zone, the length and the calendar link."""

import datetime
import re

import pytest

from tests.factories import EditionFactory, TalkFactory

pytestmark = pytest.mark.django_db

# 22:30 UTC is 01:30 the next day in Moscow (the site's time zone).
LATE = datetime.datetime(2016, 2, 3, 22, 30, tzinfo=datetime.UTC)


def when(client, url: str, language: str) -> str:
    response = client.get(url if language == "en" else f"/{language}{url}")
    assert response.status_code == 200
    found = re.search(r'<div class="facts-when">.*?</div>', response.content.decode())
    assert found, "no facts-when"
    return found.group(0)


@pytest.fixture
def edition():
    return EditionFactory(slug="pgconf-2016", start_date=datetime.date(2016, 2, 3))


def test_when_in_english_is_the_sites_day_with_end_length_and_calendar(client, edition):
    TalkFactory(
        edition=edition, slug="zalando", start=LATE, duration=datetime.timedelta(minutes=90)
    )

    assert when(client, "/pgconf-2016/talks/zalando/", "en") == (
        '<div class="facts-when"><dt>When</dt><dd>'
        '<time datetime="2016-02-04T01:30:00+03:00">Thursday, February 4, 2016, 01:30</time>'
        '–<time datetime="2016-02-04T03:00:00+03:00">03:00</time> (90 min) · '
        '<a class="add-to-calendar" href="/pgconf-2016/talks/zalando/talk.ics" '
        'type="text/calendar">Add to calendar</a></dd></div>'
    )


def test_when_in_russian_translates_every_word(client, edition):
    TalkFactory(
        edition=edition, slug="zalando", start=LATE, duration=datetime.timedelta(minutes=90)
    )

    assert when(client, "/pgconf-2016/talks/zalando/", "ru") == (
        '<div class="facts-when"><dt>Когда</dt><dd>'
        '<time datetime="2016-02-04T01:30:00+03:00">Четверг, 4 февраля 2016\u00a0г., 01:30</time>'
        '–<time datetime="2016-02-04T03:00:00+03:00">03:00</time> (90 мин) · '
        '<a class="add-to-calendar" href="/ru/pgconf-2016/talks/zalando/talk.ics" '
        'type="text/calendar">Добавить в календарь</a></dd></div>'
    )


def test_when_without_a_duration_has_no_end_and_no_length(client, edition):
    start = datetime.datetime(2016, 2, 3, 9, 0, tzinfo=datetime.UTC)
    TalkFactory(edition=edition, slug="short", start=start, duration=None)

    assert when(client, "/pgconf-2016/talks/short/", "en") == (
        '<div class="facts-when"><dt>When</dt><dd>'
        '<time datetime="2016-02-03T12:00:00+03:00">Wednesday, February 3, 2016, 12:00</time>'
        ' · <a class="add-to-calendar" href="/pgconf-2016/talks/short/talk.ics" '
        'type="text/calendar">Add to calendar</a></dd></div>'
    )


def test_when_in_a_drafts_preview_has_no_calendar_link(organiser_client):
    draft = EditionFactory(slug="draft-2031", is_published=False)
    start = datetime.datetime(2031, 5, 6, 7, 0, tzinfo=datetime.UTC)
    TalkFactory(edition=draft, slug="t", start=start, duration=datetime.timedelta(minutes=20))

    assert when(organiser_client, "/draft-2031/talks/t/", "en") == (
        '<div class="facts-when"><dt>When</dt><dd>'
        '<time datetime="2031-05-06T10:00:00+03:00">Tuesday, May 6, 2031, 10:00</time>'
        '–<time datetime="2031-05-06T10:20:00+03:00">10:20</time> (20 min)</dd></div>'
    )
