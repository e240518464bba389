"""The timetable pages (talks/timetable_views.py): a page per day of a published edition's
public talks, the day switcher, the talks without a time listed apart, and links to it."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone, translation

from tests.factories import EditionFactory, TalkFactory
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2016, 2, 3)
SECOND = datetime.date(2016, 2, 4)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def edition():
    edition = EditionFactory(
        name="PGConf.Russia 2016", slug="pgconf-2016", start_date=FIRST, end_date=SECOND
    )
    minutes = datetime.timedelta
    TalkFactory(edition=edition, title="Keynote", room="Hall 1", start=at(FIRST, 10),
                duration=minutes(minutes=60))  # fmt: skip
    TalkFactory(edition=edition, title="Workshop", room="Hall 2", start=at(FIRST, 10),
                duration=minutes(minutes=90))  # fmt: skip
    TalkFactory(edition=edition, title="Parallel", room="Hall 2", start=at(FIRST, 10, 30),
                duration=minutes(minutes=30))  # fmt: skip
    TalkFactory(edition=edition, title="Day two", room="Hall 1", start=at(SECOND, 11))
    TalkFactory(edition=edition, title="Unscheduled talk", start=None)
    TalkFactory(edition=edition, title="Hidden draft", start=at(FIRST, 12), is_published=False)
    return edition


def cells(html: str) -> list[str]:
    """The opening tags of the grid's talk cells, in document order."""
    return re.findall(r'<td class="timetable-talk"[^>]*>', html)


def test_timetable_shows_the_first_day_as_a_grid(client, edition):
    response = client.get("/pgconf-2016/timetable/")

    assert response.status_code == 200
    html = response.content.decode()
    assert_csp_clean(html)
    grid = html.split('<table class="timetable">')[1].split("</table>")[0]
    # Hall 2's two overlapping talks are two lanes under one heading.
    assert '<th scope="col">Hall 1</th><th scope="col" colspan="2">Hall 2</th>' in grid
    talk_ids = {talk.title: talk.pk for talk in edition.talks.all()}
    assert cells(grid) == [
        f'<td class="timetable-talk" rowspan="2" data-talk-id="{talk_ids["Keynote"]}">',
        f'<td class="timetable-talk" rowspan="3" data-talk-id="{talk_ids["Workshop"]}">',
        f'<td class="timetable-talk" data-talk-id="{talk_ids["Parallel"]}">',
    ]
    assert re.findall(r'<tr class="([^"]+)">', grid) == [
        "tt-m30",
        "tt-m30",
        "tt-m30 timetable-between",  # the keynote and "Parallel" end, the workshop goes on
    ]
    assert re.findall(r'<th scope="row"><time [^>]*>([\d:]+)</time>', grid) == [
        "10:00",
        "10:30",
        "11:00",
    ]
    assert "Day two" not in html
    assert "Hidden draft" not in html


def test_talks_without_a_time_are_listed_apart(client, edition):
    html = client.get("/pgconf-2016/timetable/").content.decode()

    unscheduled = html.split('id="unscheduled-heading"')[1]
    assert "Unscheduled talk" in unscheduled
    assert "Unscheduled talk" not in html.split('id="unscheduled-heading"')[0]


def test_day_switcher_links_every_day_and_marks_the_current_one(client, edition):
    html = client.get("/pgconf-2016/timetable/2016-02-04/").content.decode()

    switcher = html.split('class="timetable-days"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)"( aria-current="page")?>', switcher) == [
        ("/pgconf-2016/timetable/", ""),
        ("/pgconf-2016/timetable/2016-02-04/", ' aria-current="page"'),
    ]
    assert "Day two" in html
    assert "Keynote" not in html


def test_first_days_own_address_sends_to_the_timetable(client, edition):
    response = client.get("/pgconf-2016/timetable/2016-02-03/")

    assert response.status_code == 302
    assert response["Location"] == "/pgconf-2016/timetable/"


@pytest.mark.parametrize(
    "path",
    [
        "/pgconf-2016/timetable/2016-02-05/",  # no talk that day
        "/pgconf-2016/timetable/2016-02-30/",  # no such date
        "/pgconf-2016/timetable/20160204/",  # not the address's form
        "/no-such-edition/timetable/",
    ],
)
def test_days_without_a_timetable_are_404(client, edition, path):
    assert client.get(path).status_code == 404


def test_draft_edition_has_no_timetable(client, edition):
    edition.is_published = False
    edition.save()

    assert client.get("/pgconf-2016/timetable/").status_code == 404


def test_edition_without_times_says_so(client):
    edition = EditionFactory(slug="pgconf-2017")
    TalkFactory(edition=edition, title="Sometime", start=None)

    html = client.get("/pgconf-2017/timetable/").content.decode()

    assert "No talk of this edition has a time in the schedule yet." in html
    assert "Sometime" in html


def test_timetable_in_russian_has_russian_words(client, edition):
    with translation.override("ru"):
        html = client.get("/ru/pgconf-2016/timetable/").content.decode()

    assert "Расписание PGConf.Russia 2016" in html
    assert "Не в расписании" in html


def test_edition_page_links_the_timetable_and_stars_its_talks(client, edition):
    html = client.get("/pgconf-2016/").content.decode()

    assert 'href="/pgconf-2016/timetable/"' in html
    assert '<template id="star-button"' in html
    assert "js/stars.js" in html
    keynote = edition.talks.get(title="Keynote")
    assert f'data-language="en" data-talk-id="{keynote.pk}">' in html


def test_edition_without_times_has_no_timetable_link(client):
    edition = EditionFactory(slug="pgconf-2017")
    TalkFactory(edition=edition, start=None)

    assert "/timetable/" not in client.get("/pgconf-2017/").content.decode()


def test_timetable_reads_the_edition_its_days_then_the_days_talks_whatever_their_number(
    client, edition, django_assert_num_queries
):
    with django_assert_num_queries(3):
        client.get("/pgconf-2016/timetable/")
    for hour in range(12, 18):
        TalkFactory(edition=edition, room=f"Hall {hour}", start=at(FIRST, hour))
    with django_assert_num_queries(3):
        response = client.get("/pgconf-2016/timetable/")
    assert len(cells(response.content.decode())) == 9


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_a_days_page_shows_that_days_talks_at_the_venue_whatever_its_offset(client, zone):
    """A day's page reads only a window of instants around the day (timetable_views) and
    cuts it to the day at the venue's clock: the talks just after midnight and just before
    the next one, at UTC+14 and UTC-11, are on that day's page and on no other."""
    edition = EditionFactory(slug="far", time_zone=zone)
    venue = zoneinfo.ZoneInfo(zone)

    def local(day, hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=venue)

    titles = {
        "Early": local(FIRST, 0, 5),
        "Late": local(FIRST, 23, 50),
        "Next": local(SECOND, 0, 5),
    }
    for title, start in titles.items():
        TalkFactory(
            edition=edition, title=title, start=start, duration=datetime.timedelta(minutes=5)
        )
    TalkFactory(edition=edition, title="Sometime", start=None)

    def shown(path):
        page = client.get(path).content.decode()
        grid = page[page.index("<tbody>") : page.index("</tbody>")]
        return {title for title in [*titles, "Sometime"] if f">{title}</a>" in grid}, page

    first, first_page = shown("/far/timetable/")
    second, second_page = shown(f"/far/timetable/{SECOND.isoformat()}/")
    assert (first, second) == ({"Early", "Late"}, {"Next"})
    assert ">Sometime</a>" in first_page
    assert ">Sometime</a>" in second_page
