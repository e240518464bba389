"""iCalendar exports: talks/exporters/ical.py and the .ics of an edition and of a talk."""

import datetime
import uuid

import pytest
from django.utils import timezone

from talks.exporters.ical import escape_text, fold
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

GUID = uuid.UUID("8c4e647f-813e-41ef-b05b-65469dd841c3")


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def unfold(content: bytes) -> list[str]:
    """The content lines of an iCalendar body (RFC 5545 section 3.1)."""
    return content.decode().replace("\r\n ", "").split("\r\n")


@pytest.fixture
def edition():
    edition = EditionFactory(
        name="PGConf.Russia 2016",
        slug="pgconf-russia-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
    )
    TalkFactory(
        edition=edition,
        slug="replication",
        guid=GUID,
        title="Replication; logical, physical \\ both",
        abstract="Line one\nLine two, with a comma; and a semicolon.",
        room="Зал 1, левое крыло",
        track="Development",
        start=at(edition.start_date, 10),  # 10:00 in Moscow is 07:00 UTC
        duration=datetime.timedelta(minutes=45),
        speakers=[SpeakerFactory(name="Марат Фаттахов"), SpeakerFactory(name="Ronan Dunklau")],
    )
    TalkFactory(
        edition=edition,
        slug="no-duration",
        title="Open end",
        start=at(edition.start_date, 18),
        duration=None,
    )
    TalkFactory(edition=edition, slug="unscheduled", title="Unscheduled", start=None)
    TalkFactory(edition=edition, slug="draft", title="Draft talk", is_published=False)
    return edition


def test_escape_text_escapes_the_rfc_5545_specials():
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("bell\x07 tab\t") == "bell tab\t"


def test_fold_cuts_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Репликация " * 20
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


def test_edition_ics_has_one_event_per_scheduled_talk(client, edition):
    response = client.get("/pgconf-russia-2016/schedule.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pgconf-russia-2016.ics"'
    content = response.content
    assert b"\n" not in content.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    lines = unfold(content)
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//conference-archive//schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:PGConf.Russia 2016",
    ]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert lines.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Unscheduled" not in lines
    assert "SUMMARY:Draft talk" not in lines


def test_edition_ics_event_fields(client, edition):
    talk = edition.talks.get(slug="replication")
    lines = unfold(client.get("/pgconf-russia-2016/schedule.ics").content)
    start = lines.index("BEGIN:VEVENT")
    event = lines[start : lines.index("END:VEVENT") + 1]
    stamp = talk.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event == [
        "BEGIN:VEVENT",
        f"UID:{GUID}",
        f"DTSTAMP:{stamp}",
        "DTSTART:20160203T070000Z",
        "DTEND:20160203T074500Z",
        "SUMMARY:Replication\\; logical\\, physical \\\\ both",
        "DESCRIPTION:Марат Фаттахов\\, Ronan Dunklau\\n\\nLine one\\nLine two\\, with a "
        "comma\\; and a semicolon.",
        "LOCATION:Зал 1\\, левое крыло",
        "CATEGORIES:Development",
        "URL:http://testserver/pgconf-russia-2016/talks/replication/",
        "END:VEVENT",
    ]


def test_talk_without_duration_has_no_end(client, edition):
    lines = unfold(client.get("/pgconf-russia-2016/schedule.ics").content)
    second = lines[lines.index("SUMMARY:Open end") - 3 : lines.index("SUMMARY:Open end")]
    assert second[-1] == "DTSTART:20160203T150000Z"
    assert not any(line.startswith("DTEND") for line in second)


def test_edition_ics_is_byte_identical_across_runs(client, edition):
    first = client.get("/pgconf-russia-2016/schedule.ics").content
    assert client.get("/pgconf-russia-2016/schedule.ics").content == first


def test_talk_ics_holds_that_talk(client, edition):
    response = client.get("/pgconf-russia-2016/talks/replication/talk.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="pgconf-russia-2016-replication.ics"'
    )
    lines = unfold(response.content)
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:{GUID}" in lines
    assert "X-WR-CALNAME:Replication\\; logical\\, physical \\\\ both" in lines


def test_talk_without_guid_gets_a_stable_uid(client, edition):
    first = unfold(client.get("/pgconf-russia-2016/talks/no-duration/talk.ics").content)
    again = unfold(client.get("/pgconf-russia-2016/talks/no-duration/talk.ics").content)
    (uid,) = [line for line in first if line.startswith("UID:")]
    assert uid in again
    uuid.UUID(uid.removeprefix("UID:"))


@pytest.mark.parametrize(
    "path",
    [
        "/pgconf-russia-2016/talks/unscheduled/talk.ics",  # no time, no calendar entry
        "/pgconf-russia-2016/talks/draft/talk.ics",
        "/pgconf-russia-2016/talks/no-such-talk/talk.ics",
    ],
)
def test_talk_ics_404s(client, edition, path):
    assert client.get(path).status_code == 404


def test_talk_ics_of_draft_edition_is_404(client):
    talk = TalkFactory(edition=EditionFactory(slug="pg-draft", is_published=False), slug="t")
    assert client.get(f"/pg-draft/talks/{talk.slug}/talk.ics").status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_talk_ics_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    edition = EditionFactory(slug="pg-big")
    TalkFactory(
        edition=edition,
        slug="crowded",
        start=at(edition.start_date, 10),
        speakers=[SpeakerFactory() for _ in range(count)],
        projects=[ProjectFactory() for _ in range(count)],
    )
    with django_assert_num_queries(1):  # the talk with its edition, credits and projects
        response = client.get("/pg-big/talks/crowded/talk.ics")
    assert response.status_code == 200
    assert unfold(response.content).count("BEGIN:VEVENT") == 1
