"""GET /<edition>/schedule.xml and schedule.json: the frab/c3voc formats of an edition."""

import datetime
import json
import re
import uuid

import pytest
from defusedxml import ElementTree as ET
from django.core.files.base import ContentFile
from django.utils import timezone
from lxml import etree  # a locked dev dependency: imported, never skipped when absent

from talks.choices import Language, TalkKind
from talks.exporters.schedule import FRAB_TYPES
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory
from tests.shared_schedules import shared_schedule

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
DATETIME_TZ = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d{1,2}:\d\d)")
DURATION = re.compile(r"\d{1,2}:\d\d")
START = re.compile(r"[0-2]\d:[0-5]\d")
MANY = 30
GUID = uuid.UUID("29aecfd7-2e44-4f49-ab86-29b5e0877325")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def edition():
    """Two days, two rooms, English and Russian talks, hostile characters, an unscheduled
    talk and a draft talk."""
    edition = EditionFactory(
        name='PGConf <2016> & "friends"',
        slug="pgconf-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
        website="https://pgconf.example.org/",
    )
    day1, day2 = edition.start_date, edition.end_date
    multicorn = ProjectFactory(
        name="Multicorn",
        repository_url="https://github.com/Segfault-Inc/Multicorn",
        homepage_url="https://multicorn.org/",
    )
    TalkFactory(
        edition=edition,
        slug="opening",
        guid=GUID,
        schedule_id="6561",  # the frab id it was imported with
        title='Opening <script>alert("x")</script> & welcome',
        abstract='Tabs\tand control \x0bcharacters, <b>tags</b> & "quotes".',
        description="The longer description.",
        kind=TalkKind.KEYNOTE,
        room="Hall 1",
        track="Community",
        start=at(day1, 10),
        duration=datetime.timedelta(minutes=30),
        speakers=[SpeakerFactory(name="Ronan Dunklau"), SpeakerFactory(name="Oleg Bartunov")],
        projects=[multicorn],
        video_url="https://video.example.org/watch/1",
        slides_url="https://example.org/slides.pdf",
    )
    TalkFactory(
        edition=edition,
        slug="replikatsiya",
        schedule_id="MJA8QY",  # a pretalx code
        title="Репликация в PostgreSQL",
        subtitle="Логическая и физическая",
        abstract="О логической репликации; «кавычки», запятые, точки с запятой.",
        language=Language.RUSSIAN,
        room="Зал 2",
        track="Разработка",
        start=at(day1, 10),
        duration=datetime.timedelta(minutes=45),
        speakers=[SpeakerFactory(name="Марат Фаттахов")],
    )
    TalkFactory(
        edition=edition,
        slug="indexes",
        title="Indexes",
        room="Hall 1",
        start=at(day2, 14, 30),
        duration=datetime.timedelta(hours=1, minutes=30),
    )
    TalkFactory(edition=edition, slug="unscheduled", title="Lightning talks", start=None)
    TalkFactory(edition=edition, slug="secret", title="Secret draft", is_published=False)
    return edition


def get_xml(client, slug="pgconf-2016"):
    response = client.get(f"/{slug}/schedule.xml")
    assert response.status_code == 200
    return response


def events_of(root):
    return root.findall("./day/room/event")


def test_schedule_xml_validates_against_the_c3voc_schema(client, edition):
    schema = etree.XMLSchema(etree.parse(str(shared_schedule("schedule.xml.xsd"))))
    document = etree.fromstring(get_xml(client).content)
    assert schema.validate(document), schema.error_log


def test_schedule_xml_has_the_shape_the_schema_asks_for(client, edition):
    """What the XSD requires, checked with the standard library, so that a failure here
    names the part that is wrong."""
    response = get_xml(client)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(response.content)
    assert root.tag == "schedule"
    assert [child.tag for child in root] == [
        "generator",
        "url",
        "version",
        "conference",
        "day",
        "day",
    ]
    assert root.findtext("url") == "http://testserver/pgconf-2016/schedule.xml"
    conference = root.find("conference")
    assert conference.findtext("title") == 'PGConf <2016> & "friends"'
    assert conference.findtext("acronym") == "pgconf-2016"
    assert conference.findtext("start") == "2016-02-03"
    assert conference.findtext("end") == "2016-02-04"
    assert conference.findtext("days") == "2"
    assert conference.findtext("base_url") == "http://testserver/"
    assert conference.findtext("url") == "https://pgconf.example.org/"
    assert [t.get("name") for t in conference.findall("track")] == [
        "Community",
        "Development",
        "Разработка",
    ]
    days = root.findall("day")
    assert [(d.get("index"), d.get("date")) for d in days] == [
        ("1", "2016-02-03"),
        ("2", "2016-02-04"),
    ]
    assert days[0].get("start") == "2016-02-03T10:00:00+03:00"
    assert days[0].get("end") == "2016-02-03T10:45:00+03:00"
    assert [r.get("name") for r in days[0].findall("room")] == ["Hall 1", "Зал 2"]
    assert [r.get("name") for r in days[1].findall("room")] == ["Hall 1"]
    for element in (*days, *events_of(root)):
        for attribute in ("start", "end"):
            if element.get(attribute):
                assert DATETIME_TZ.fullmatch(element.get(attribute))
    events = events_of(root)
    ids = [e.get("id") for e in events]
    guids = [e.get("guid") for e in events]
    slugs = [e.findtext("slug") for e in events]
    assert len(set(ids)) == len(set(guids)) == len(set(slugs)) == 3
    for event in events:
        assert int(event.get("id")) > 0
        assert UUID.fullmatch(event.get("guid"))
        for required in ("room", "title", "type", "date", "start", "duration", "abstract", "track"):
            assert event.find(required) is not None, required
        assert DATETIME_TZ.fullmatch(event.findtext("date"))
        assert START.fullmatch(event.findtext("start"))
        assert DURATION.fullmatch(event.findtext("duration"))
        assert re.fullmatch(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}", event.findtext("slug"))
        assert event.findtext("url").startswith("http://testserver/pgconf-2016/talks/")


def test_schedule_xml_carries_every_field_escaped_and_exact(client, edition):
    root = ET.fromstring(get_xml(client).content)
    opening, russian, indexes = events_of(root)
    assert opening.get("guid") == str(GUID)
    assert opening.get("id") == "6561"
    assert opening.get("code") is None
    assert russian.get("code") == "MJA8QY"
    assert opening.findtext("description") == "The longer description."
    assert opening.findtext("title") == 'Opening <script>alert("x")</script> & welcome'
    # The vertical tab cannot be in XML 1.0 at all: dropped, the rest kept as text.
    assert opening.findtext("abstract") == 'Tabs\tand control characters, <b>tags</b> & "quotes".'
    assert opening.find("abstract").findall("*") == []  # no markup got through
    assert opening.findtext("type") == FRAB_TYPES[TalkKind.KEYNOTE] == "keynote"
    assert opening.findtext("date") == "2016-02-03T10:00:00+03:00"
    assert opening.findtext("start") == "10:00"
    assert opening.findtext("duration") == "00:30"
    assert opening.findtext("room") == "Hall 1"
    assert opening.findtext("slug") == "pgconf_2016-opening"
    assert [p.text for p in opening.findall("persons/person")] == [
        "Ronan Dunklau",
        "Oleg Bartunov",
    ]
    assert [(link.get("href"), link.text) for link in opening.findall("links/link")] == [
        ("https://video.example.org/watch/1", "Video"),
        ("https://example.org/slides.pdf", "Slides"),
        ("https://github.com/Segfault-Inc/Multicorn", "Multicorn"),
        ("https://multicorn.org/", "Multicorn"),
    ]
    assert russian.findtext("title") == "Репликация в PostgreSQL"
    assert russian.findtext("subtitle") == "Логическая и физическая"
    assert russian.findtext("language") == "ru"
    assert russian.findtext("room") == "Зал 2"
    assert russian.findtext("type") == "lecture"
    assert indexes.findtext("duration") == "01:30"
    assert indexes.findtext("date") == "2016-02-04T14:30:00+03:00"


def test_schedule_xml_leaves_out_unscheduled_and_draft_talks(client, edition):
    body = get_xml(client).content.decode()
    assert "Lightning talks" not in body
    assert "Secret draft" not in body


def test_schedule_xml_lists_slides_files_as_attachments(client, edition):
    talk = edition.talks.get(slug="indexes")
    talk.slides_file.save("indexes.pdf", ContentFile(b"%PDF-1.4"), save=True)
    root = ET.fromstring(get_xml(client).content)
    (attachment,) = root.findall("./day/room/event/attachments/attachment")
    # Stored under a random folder, named after the talk (talks.uploads.slides_upload_to).
    assert re.fullmatch(
        r"http://testserver/media/slides/[0-9a-f]{32}/indexes\.pdf", attachment.get("href")
    )
    assert attachment.text == "Slides"


def test_schedule_xml_is_byte_identical_across_runs(client, edition):
    assert get_xml(client).content == get_xml(client).content


def test_schedule_version_changes_with_the_content(client, edition):
    before = ET.fromstring(get_xml(client).content).findtext("version")
    edition.talks.filter(slug="indexes").update(title="Indexes, revisited")
    after = ET.fromstring(get_xml(client).content).findtext("version")
    assert before != after


def test_acronym_is_the_editions_own_when_it_has_one(client, edition):
    edition.acronym = "pgconf_ru_16"
    edition.save()
    root = ET.fromstring(get_xml(client).content)
    assert root.findtext("conference/acronym") == "pgconf_ru_16"


def test_conference_title_is_the_english_name_in_either_language_else_the_russian(client):
    """The exports are the same bytes for the same data, whatever the visitor's language."""
    EditionFactory(slug="pg-both", name="PGConf 2016", name_ru="ПГКонф 2016")
    EditionFactory(slug="pg-russian", name="", name_ru="ПГКонф 2017")

    titles = [
        ET.fromstring(
            client.get(f"/{slug}/schedule.xml", HTTP_ACCEPT_LANGUAGE=language).content
        ).findtext("conference/title")
        for slug in ("pg-both", "pg-russian")
        for language in ("en", "ru")
    ]

    assert titles == ["PGConf 2016", "PGConf 2016", "ПГКонф 2017", "ПГКонф 2017"]


def test_short_slug_is_padded_to_an_acronym_the_schema_accepts(client):
    EditionFactory(slug="pg")
    root = ET.fromstring(get_xml(client, "pg").content)
    assert root.findtext("conference/acronym") == "pg__"


def test_empty_edition_still_has_its_days(client):
    EditionFactory(
        slug="pg-empty", start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2020, 5, 1)
    )
    root = ET.fromstring(get_xml(client, "pg-empty").content)
    (day,) = root.findall("day")
    assert (day.get("start"), day.get("end")) == (
        "2020-05-01T00:00:00+03:00",
        "2020-05-02T00:00:00+03:00",
    )
    assert events_of(root) == []


@pytest.mark.parametrize("suffix", ["schedule.xml", "schedule.json", "schedule.ics"])
def test_draft_and_unknown_editions_are_404(client, edition, suffix):
    EditionFactory(slug="pg-draft", is_published=False)
    assert client.get(f"/pg-draft/{suffix}").status_code == 404
    assert client.get(f"/no-such-edition/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["schedule.xml", "schedule.json", "schedule.ics"])
def test_exports_refuse_post(client, edition, suffix):
    assert client.post(f"/pgconf-2016/{suffix}").status_code == 405


@pytest.mark.parametrize("suffix", ["schedule.xml", "schedule.json", "schedule.ics"])
@pytest.mark.parametrize("count", [1, MANY])
def test_exports_run_a_fixed_number_of_queries(client, django_assert_num_queries, suffix, count):
    edition = EditionFactory(slug="pg-big")
    projects = [ProjectFactory(), ProjectFactory()]
    for n in range(count):
        TalkFactory(
            edition=edition,
            room=f"Room {n % 3}",
            speakers=[SpeakerFactory(), SpeakerFactory()],
            projects=projects,
            start=at(edition.start_date, 9) + datetime.timedelta(minutes=10 * n),
        )
    # the edition, then its talks with their edition, credits and projects
    with django_assert_num_queries(2):
        response = client.get(f"/pg-big/{suffix}")
    assert response.status_code == 200


# --- schedule.json -----------------------------------------------------------


def test_schedule_json_has_the_c3voc_shape(client, edition):
    response = client.get("/pgconf-2016/schedule.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    schedule = body["schedule"]
    assert set(schedule) >= {"version", "base_url", "conference"}
    assert schedule["base_url"] == "http://testserver/"
    conference = schedule["conference"]
    assert conference["acronym"] == "pgconf-2016"
    assert conference["title"] == 'PGConf <2016> & "friends"'
    assert conference["daysCount"] == 2
    assert [room["name"] for room in conference["rooms"]] == ["Hall 1", "Зал 2"]
    day1, day2 = conference["days"]
    assert day1["date"] == "2016-02-03"
    assert day1["day_start"] == "2016-02-03T10:00:00+03:00"
    assert list(day1["rooms"]) == ["Hall 1", "Зал 2"]
    assert list(day2["rooms"]) == ["Hall 1"]
    (opening,) = day1["rooms"]["Hall 1"]
    assert opening["guid"] == str(GUID)
    assert opening["title"] == 'Opening <script>alert("x")</script> & welcome'
    assert opening["start"] == "10:00"
    assert opening["duration"] == "00:30"
    assert [p["public_name"] for p in opening["persons"]] == ["Ronan Dunklau", "Oleg Bartunov"]
    assert opening["links"][0] == {"url": "https://video.example.org/watch/1", "title": "Video"}
    (russian,) = day1["rooms"]["Зал 2"]
    assert russian["title"] == "Репликация в PostgreSQL"
    assert "Репликация".encode() in response.content  # UTF-8, not \\u escapes
    # The same schedule as the XML: same version, same ids.
    root = ET.fromstring(get_xml(client).content)
    assert schedule["version"] == root.findtext("version")
    assert opening["id"] == int(events_of(root)[0].get("id"))


def test_schedule_json_is_byte_identical_across_runs(client, edition):
    first = client.get("/pgconf-2016/schedule.json").content
    assert client.get("/pgconf-2016/schedule.json").content == first
