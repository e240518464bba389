"""Venue time zones end to end: a real 31C3 import read at Hamburg's 11:30 on its page, in
our schedule.xml, the API and its calendar file; the zone a file names or its offsets
give; a talk across midnight and one on the night the clocks go back."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from conference.models import Edition
from talks.models import Talk
from tests.factories import EditionFactory, TalkFactory
from tests.shared_schedules import shared_schedule
from tests.talks.import_helpers import FIXTURES

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)


def import_file(command: str, path, *args) -> None:
    call_command(command, str(path), "--publish", *args, stdout=io.StringIO())


def when(client, talk: Talk) -> str:
    """The talk page's "When" value."""
    response = client.get(talk.get_absolute_url())
    assert response.status_code == 200
    found = re.search(r'<div class="facts-when"><dt>[^<]*</dt><dd>(.*?)</dd>', response.text)
    assert found, "no facts-when"
    return found.group(1)


def ics_times(client, talk: Talk) -> list[str]:
    response = client.get(f"{talk.get_absolute_url()}talk.ics")
    assert response.status_code == 200
    lines = response.content.decode().split("\r\n")
    return [line for line in lines if line.startswith(("DTSTART:", "DTEND:"))]


def frab_events(client, edition: Edition) -> dict[str, tuple[str, str, str]]:
    """Each event's title -> (<date>, <start>, <duration>) in our schedule.xml."""
    text = client.get(f"/{edition.slug}/schedule.xml").content.decode()
    events = re.findall(
        r"<date>(.*?)</date>\s*<start>(.*?)</start>\s*<duration>(.*?)</duration>.*?"
        r"<title>(.*?)</title>",
        text,
        flags=re.S,
    )
    return {title: (date, start, duration) for date, start, duration, title in events}


# --- 31C3: an offset in the file, Hamburg's clock on every page -----------------------------


@pytest.fixture
def keynote():
    """31C3 imported from the real file (its dates carry +01:00 and it names no zone)."""
    import_file("import_frab", shared_schedule("31c3_frab.xml"))
    return Talk.objects.select_related("edition").get(title="31C3 Keynote")


def test_31c3_import_takes_the_zone_of_its_offsets(keynote):
    # +01:00 throughout and no zone named: the fixed offset's zone (POSIX's sign).
    assert keynote.edition.time_zone == "Etc/GMT-1"
    assert keynote.start == datetime.datetime(2014, 12, 27, 10, 30, tzinfo=UTC)
    assert (keynote.edition.start_date, keynote.edition.end_date) == (
        datetime.date(2014, 12, 27),
        datetime.date(2014, 12, 31),
    )


def test_31c3_talk_page_reads_1130_and_names_the_zone(client, keynote):
    shown = when(client, keynote)

    assert shown.startswith(
        '<time datetime="2014-12-27T11:30:00+01:00">Saturday, December 27, 2014, 11:30</time>'
        '–<time datetime="2014-12-27T12:30:00+01:00">12:30</time> (60 min), '
        '<span class="time-zone">local time (UTC+01:00)</span>'
    )


def test_31c3_talk_page_in_russian_names_the_zone_in_russian(client, keynote):
    with translation.override("ru"):  # the talk's Russian address, /ru/...
        text = when(client, keynote)

    assert '<span class="time-zone">местное время (UTC+01:00)</span>' in text


def test_31c3_schedule_xml_writes_the_venues_offset_and_wall_time(client, keynote):
    text = client.get(f"/{keynote.edition.slug}/schedule.xml").content.decode()

    assert frab_events(client, keynote.edition)["31C3 Keynote"] == (
        "2014-12-27T11:30:00+01:00",
        "11:30",
        "01:00",
    )
    assert "<time_zone_name>Etc/GMT-1</time_zone_name>" in text
    assert re.search(r"<day [^>]*start=\"2014-12-27T11:00:00\+01:00\"", text)


def test_31c3_calendar_event_is_at_1030_utc(client, keynote):
    assert ics_times(client, keynote) == ["DTSTART:20141227T103000Z", "DTEND:20141227T113000Z"]


def test_31c3_api_writes_the_venues_offset_and_zone(client, keynote):
    edition = keynote.edition
    talk = client.get(f"/api/v1/talks/{edition.slug}/{keynote.slug}").json()
    edition_body = client.get(f"/api/v1/editions/{edition.slug}").json()

    assert (talk["start"], talk["time_zone"]) == ("2014-12-27T11:30:00+01:00", "Etc/GMT-1")
    assert edition_body["time_zone"] == "Etc/GMT-1"


def test_31c3_edition_page_shows_1130_under_its_day(client, keynote):
    page = client.get(keynote.edition.get_absolute_url()).text

    assert '<time datetime="2014-12-27T11:30:00+01:00">11:30</time>' in page
    assert "Times are local to the venue (UTC+01:00)." in page


def test_reimport_keeps_a_zone_the_organiser_chose_that_agrees(keynote):
    Edition.objects.filter(pk=keynote.edition_id).update(time_zone="Europe/Berlin")

    import_file("import_frab", shared_schedule("31c3_frab.xml"))

    assert Edition.objects.get(pk=keynote.edition_id).time_zone == "Europe/Berlin"


# --- What a file names ---------------------------------------------------------------------


def test_frab_time_zone_name_is_the_editions_zone(tmp_path):
    text = (FIXTURES / "frab.xml").read_text()
    named = text.replace(
        "</acronym>", "</acronym>\n<time_zone_name>Europe/Istanbul</time_zone_name>"
    )
    assert named != text
    (tmp_path / "named.xml").write_text(named)

    import_file("import_frab", tmp_path / "named.xml")

    # Istanbul is +03:00 too; the file's name wins over Moscow's, which also agrees.
    assert Edition.objects.get().time_zone == "Europe/Istanbul"


def test_frab_offsets_of_the_sites_zone_keep_the_sites_zone():
    import_file("import_frab", FIXTURES / "frab.xml")  # +03:00, no zone named

    assert Edition.objects.get().time_zone == "Europe/Moscow"


def test_pentabarf_naive_times_give_the_zone_they_were_read_in():
    import_file("import_frab", FIXTURES / "pentabarf.xml", "--time-zone", "Europe/Brussels")

    assert Edition.objects.get().time_zone == "Europe/Brussels"


def test_pretalx_rc3_import_sets_the_zone_of_its_offsets():
    import_file("import_pretalx", shared_schedule("pretalx-rc3-channels-2020.schedule.json"))

    edition = Edition.objects.get()
    assert edition.time_zone == "Etc/GMT-1"
    first = Talk.objects.get(
        title="Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    )
    assert first.start == datetime.datetime(2020, 12, 27, 10, 30, tzinfo=UTC)


def test_pretalx_timezone_key_names_the_zone(tmp_path):
    document = json.loads(shared_schedule("pretalx-rc3-channels-2020.schedule.json").read_text())
    document["schedule"]["conference"]["timezone"] = "Europe/Berlin"
    (tmp_path / "rc3.json").write_text(json.dumps(document))

    import_file("import_pretalx", tmp_path / "rc3.json")

    assert Edition.objects.get().time_zone == "Europe/Berlin"


# --- Across midnight, and the night the clocks go back -------------------------------------


@pytest.fixture
def berlin():
    return EditionFactory(
        slug="berlin-2014",
        time_zone="Europe/Berlin",
        start_date=datetime.date(2014, 10, 25),
        end_date=datetime.date(2014, 10, 26),
    )


def test_talk_across_midnight_is_on_its_day_and_ends_on_the_next(client, berlin):
    # 23:30 CEST on Saturday; an hour later it is 00:30 on Sunday.
    late = TalkFactory(
        edition=berlin,
        title="Late",
        start=datetime.datetime(2014, 10, 25, 21, 30, tzinfo=UTC),
        duration=HOUR,
    )
    # 00:30 CEST on Sunday is still Saturday in UTC: it belongs to Sunday at the venue.
    after = TalkFactory(
        edition=berlin,
        title="After midnight",
        start=datetime.datetime(2014, 10, 25, 22, 30, tzinfo=UTC),
        duration=HOUR,
    )

    assert when(client, late).startswith(
        '<time datetime="2014-10-25T23:30:00+02:00">Saturday, October 25, 2014, 23:30</time>'
        '–<time datetime="2014-10-26T00:30:00+02:00">Sunday, October 26, 00:30</time>'
    )
    page = client.get(berlin.get_absolute_url()).text
    saturday, sunday = page.split('datetime="2014-10-26">Sunday')
    assert 'datetime="2014-10-25T23:30:00+02:00">23:30<' in saturday
    assert ">Late</a>" in saturday
    assert ">After midnight</a>" in sunday
    assert ">After midnight</a>" not in saturday
    events = frab_events(client, berlin)
    assert events["Late"] == ("2014-10-25T23:30:00+02:00", "23:30", "01:00")
    assert events["After midnight"] == ("2014-10-26T00:30:00+02:00", "00:30", "01:00")
    assert ics_times(client, late) == ["DTSTART:20141025T213000Z", "DTEND:20141025T223000Z"]
    assert ics_times(client, after) == ["DTSTART:20141025T223000Z", "DTEND:20141025T233000Z"]


def test_talk_on_the_night_the_clocks_go_back(client, berlin):
    # 02:30 CEST (00:30 UTC) for 90 minutes: the clocks go back at 03:00 to 02:00, so it
    # ends at 03:00 CET (02:00 UTC), half an hour of wall time after 02:30 the second time.
    talk = TalkFactory(
        edition=berlin,
        title="Fall back",
        start=datetime.datetime(2014, 10, 26, 0, 30, tzinfo=UTC),
        duration=datetime.timedelta(minutes=90),
    )
    # 02:30 CET, the second 02:30 of the night (01:30 UTC).
    second = TalkFactory(
        edition=berlin,
        title="Second half past two",
        start=datetime.datetime(2014, 10, 26, 1, 30, tzinfo=UTC),
        duration=datetime.timedelta(minutes=30),
    )

    assert when(client, talk).startswith(
        '<time datetime="2014-10-26T02:30:00+02:00">Sunday, October 26, 2014, 02:30</time>'
        '–<time datetime="2014-10-26T03:00:00+01:00">03:00</time> (90 min), '
        '<span class="time-zone">local time (Europe/Berlin, UTC+02:00)</span>'
    )
    assert when(client, second).startswith(
        '<time datetime="2014-10-26T02:30:00+01:00">Sunday, October 26, 2014, 02:30</time>'
        '–<time datetime="2014-10-26T03:00:00+01:00">03:00</time> (30 min), '
        '<span class="time-zone">local time (Europe/Berlin, UTC+01:00)</span>'
    )
    events = frab_events(client, berlin)
    assert events["Fall back"] == ("2014-10-26T02:30:00+02:00", "02:30", "01:30")
    assert events["Second half past two"] == ("2014-10-26T02:30:00+01:00", "02:30", "00:30")
    xml = client.get(f"/{berlin.slug}/schedule.xml").content.decode()
    # The day ends with the later talk's end, an instant after the first one's.
    assert 'end="2014-10-26T03:00:00+01:00"' in xml
    assert ics_times(client, talk) == ["DTSTART:20141026T003000Z", "DTEND:20141026T020000Z"]


def test_edition_in_the_sites_zone_does_not_name_it(client):
    edition = EditionFactory(time_zone="Europe/Moscow")
    talk = TalkFactory(
        edition=edition, start=datetime.datetime(2016, 2, 3, 7, 0, tzinfo=UTC), duration=HOUR
    )

    assert "time-zone" not in when(client, talk)
    assert "Times are local to the venue" not in client.get(edition.get_absolute_url()).text
