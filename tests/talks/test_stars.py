"""Starred talks (talks/star_views.py): the "My talks" page, and the talks it lists as JSON
and as one calendar file, read through talks.readers.lists.talks_by_ids: public talks
only, whatever ids are asked for."""

import datetime

import pytest
from django.utils import timezone, translation

from talks.readers.lists import MAX_IDS, talks_by_ids
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def unfold(content: bytes) -> list[str]:
    return content.decode().replace("\r\n ", "").split("\r\n")


@pytest.fixture
def talks():
    """Two public talks in two editions, one without a time, and the drafts that could leak."""
    old = EditionFactory(slug="pgconf-2015", start_date=datetime.date(2015, 2, 5))
    new = EditionFactory(slug="pgconf-2016", start_date=datetime.date(2016, 2, 3))
    draft_edition = EditionFactory(slug="pgconf-2099", is_published=False)
    return {
        "replication": TalkFactory(
            edition=new,
            slug="replication",
            title="Logical replication",
            room="Hall 1",
            start=at(new.start_date, 10),  # 10:00 in Moscow is 07:00 UTC
            duration=datetime.timedelta(minutes=45),
            speakers=[SpeakerFactory(name="Марат Фаттахов")],
        ),
        "vacuum": TalkFactory(
            edition=old, slug="vacuum", title="Vacuum", start=at(old.start_date, 12)
        ),
        "unscheduled": TalkFactory(edition=new, slug="unscheduled", title="Later", start=None),
        "draft": TalkFactory(edition=new, title="Secret draft", is_published=False),
        "in_draft_edition": TalkFactory(edition=draft_edition, title="Secret edition talk"),
    }


def ids(*talks) -> str:
    return ",".join(str(talk.pk) for talk in talks)


def test_talks_by_ids_gives_only_public_talks_newest_edition_first(talks):
    found = talks_by_ids([talk.pk for talk in talks.values()] + [424242])

    assert [talk.slug for talk in found] == ["replication", "unscheduled", "vacuum"]
    assert found[0].edition.slug == "pgconf-2016"
    assert [credit.speaker.name for credit in found[0].credits] == ["Марат Фаттахов"]


def test_talks_by_ids_reads_at_most_max_ids(talks):
    many = [424242] * MAX_IDS + [talks["vacuum"].pk]

    assert talks_by_ids(many) == []


def test_starred_json_lists_public_talks_with_what_my_talks_shows(client, talks):
    response = client.get(f"/talks.json?ids={ids(*talks.values())}")

    assert response.status_code == 200
    data = response.json()["talks"]
    assert [talk["title"] for talk in data] == ["Logical replication", "Later", "Vacuum"]
    assert data[0] == {
        "id": talks["replication"].pk,
        "title": "Logical replication",
        "subtitle": "",
        "language": "en",
        "url": "/pgconf-2016/talks/replication/",
        "edition": {"name": talks["replication"].edition.name, "url": "/pgconf-2016/"},
        "start": "2016-02-03T10:00:00+03:00",
        "when": "Wednesday, February 3, 2016, 10:00–10:45",
        "room": "Hall 1",
        "speakers": ["Марат Фаттахов"],
    }
    assert (data[1]["start"], data[1]["when"]) == (None, "")


def test_starred_json_in_russian_writes_the_date_in_russian(client, talks):
    with translation.override("ru"):
        response = client.get(f"/ru/talks.json?ids={talks['replication'].pk}")

    assert response.json()["talks"][0]["when"] == "Среда, 3 февраля 2016\u00a0г., 10:00–10:45"


@pytest.mark.parametrize(
    "query",
    ["", "?ids=", "?ids=abc", "?ids=1;2", "?ids=-1", "?ids=1e3", "?ids=" + "9" * 30,
     "?ids=" + ",".join(["1"] * (MAX_IDS + 1))],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/talks.json", "/talks.ics"])
def test_ids_that_are_not_ids_are_refused(client, path, query):
    response = client.get(path + query)

    assert response.status_code == 400
    assert b"?ids=" in response.content


def test_starred_ics_holds_the_public_scheduled_talks_asked_for(client, talks):
    response = client.get(f"/talks.ics?ids={ids(*talks.values())}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-talks.ics"'
    lines = unfold(response.content)
    assert "X-WR-CALNAME:My talks" in lines
    assert [line for line in lines if line.startswith(("SUMMARY:", "DTSTART:"))] == [
        "DTSTART:20160203T070000Z",
        "SUMMARY:Logical replication",
        "DTSTART:20150205T090000Z",
        "SUMMARY:Vacuum",
    ]
    assert b"Secret" not in response.content
    assert b"Later" not in response.content  # no time, no calendar event


def test_starred_ics_of_no_public_talk_is_an_empty_calendar(client, talks):
    response = client.get(f"/talks.ics?ids={ids(talks['draft'], talks['in_draft_edition'])}")

    assert response.status_code == 200
    assert "BEGIN:VEVENT" not in unfold(response.content)


def test_my_talks_page_is_a_page_for_the_scripts_to_fill(client):
    response = client.get("/editions/my-talks/")

    assert response.status_code == 200
    html = response.content.decode()
    assert_csp_clean(html)
    assert 'data-json-url="/talks.json"' in html
    assert 'data-ics-url="/talks.ics"' in html
    assert '<template id="star-button"' in html
    assert html.index("js/stars.js") < html.index("js/my-talks.js")


def test_my_talks_page_in_russian(client):
    with translation.override("ru"):
        html = client.get("/ru/editions/my-talks/").content.decode()

    assert "<h1>Мои доклады</h1>" in html
    assert 'data-label="Отметить звёздочкой «%(title)s»"' in html


def test_talk_page_has_a_star_slot_but_not_in_a_preview(client, admin_client, talks):
    talk = talks["replication"]

    html = client.get(talk.get_absolute_url()).content.decode()

    assert f'<div class="star-slot" data-talk-id="{talk.pk}"' in html
    assert "js/stars.js" in html
    draft = talks["draft"]
    preview = admin_client.get(draft.get_absolute_url()).content.decode()
    assert "star-slot" not in preview
