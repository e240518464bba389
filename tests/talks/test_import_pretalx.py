"""manage.py import_pretalx: a pretalx schedule.json export; its shapes, idempotence, bad input
and the real rC3 export."""

import datetime
import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conference.models import Edition
from talks.choices import Language, TalkKind
from talks.models import Speaker, Talk
from tests.factories import SpeakerFactory, TalkFactory
from tests.shared_schedules import shared_schedule
from tests.talks.import_helpers import (
    FIXTURES,
    CapturedWrites,
    row_counts,
    updated_ats,
)

pytestmark = pytest.mark.django_db

PRETALX = FIXTURES / "pretalx.json"
MSK = datetime.timezone(datetime.timedelta(hours=3))


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_pretalx", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_pretalx_creates_edition_and_talks():
    out, err = run(PRETALX)

    edition = Edition.objects.get()
    assert (edition.slug, edition.name, edition.start_date, edition.is_published) == (
        "pgday-2023",
        "PGDay 2023",
        datetime.date(2023, 6, 1),
        False,
    )
    partitions = Talk.objects.get(guid=uuid.UUID("a1b2c3d4-0001-4000-8000-000000000015"))
    assert partitions.title == "Партиционирование без боли"
    assert (partitions.language, partitions.kind) == (Language.RUSSIAN, TalkKind.TALK)
    assert partitions.schedule_id == "MJA8QY"  # the code, not the legacy numeric id
    assert partitions.start == datetime.datetime(2023, 6, 1, 10, 0, tzinfo=MSK)
    assert partitions.duration == datetime.timedelta(minutes=40)
    # Markdown reads as plain text and is kept as written; \r\n become \n.
    assert partitions.abstract == (
        "Про [pg_partman](https://github.com/pgpartman/pg_partman) и **декларативное** "
        "партиционирование.\n\nВторой абзац."
    )
    assert partitions.video_url == "https://vimeo.com/123456789"
    assert partitions.slides_url == "https://pretalx.example.org/media/slides.pdf"
    assert [link.speaker.name for link in partitions.talk_speakers.all()] == [
        "Марат Фаттахов",
        "Kasa",
    ]
    workshop = Talk.objects.get(title="Workshop: tuning autovacuum")
    assert workshop.kind == TalkKind.WORKSHOP
    assert Speaker.objects.get(name_en="Jane Doe").bio == "Consultant."
    assert "Talks: 2 created, 0 updated, 0 unchanged." in out
    assert "second slot" in err  # the same guid twice: the first is kept
    assert "Skipped event 18: it has no title." in err


def test_import_pretalx_matches_a_latin_speaker_by_cyrillic_alias():
    marat = SpeakerFactory(name="Marat Fattakhov", aliases=["Марат Фаттахов"], bio="Kept.")

    run(PRETALX)

    talk = Talk.objects.get(schedule_id="MJA8QY")
    assert talk.talk_speakers.first().speaker == marat
    marat.refresh_from_db()
    assert marat.bio == "Kept."  # a matched speaker is not changed


def test_import_pretalx_matches_a_speaker_by_either_spelling():
    marat = SpeakerFactory(name_en="Marat Fattakhov", name_ru="марат фаттахов", aliases=[])

    run(PRETALX)

    talk = Talk.objects.get(schedule_id="MJA8QY")
    assert talk.talk_speakers.first().speaker == marat
    assert Speaker.objects.filter(name_ru__iexact="Марат Фаттахов").count() == 1


def test_import_pretalx_new_speakers_get_the_name_in_the_field_of_its_script():
    run(PRETALX)

    assert sorted(Speaker.objects.values_list("name_en", "name_ru")) == [
        ("", "Марат Фаттахов"),
        ("Jane Doe", ""),
        ("Kasa", ""),
    ]


def test_import_pretalx_second_run_changes_nothing():
    run(PRETALX)
    counts, stamps = row_counts(), updated_ats()

    with CapturedWrites() as captured:
        out, _ = run(PRETALX)

    assert captured.writes == []
    assert (row_counts(), updated_ats()) == (counts, stamps)
    assert "Talks: 0 created, 0 updated, 2 unchanged." in out


def test_import_pretalx_changed_title_updates_that_talk(tmp_path):
    run(PRETALX)
    changed = tmp_path / "schedule.json"
    changed.write_text(
        PRETALX.read_text(encoding="utf-8").replace("Bring a laptop.", "Bring two laptops."),
        encoding="utf-8",
    )

    out, _ = run(changed)

    assert Talk.objects.get(title="Workshop: tuning autovacuum").abstract == "Bring two laptops."
    assert "Talks: 0 created, 1 updated, 1 unchanged." in out


def test_import_pretalx_dry_run_changes_nothing():
    TalkFactory()
    counts = row_counts()

    out, _ = run(PRETALX, "--dry-run")

    assert row_counts() == counts
    assert "Talks: 2 created" in out


# Bad input ---------------------------------------------------------------------------------


@pytest.fixture
def before():
    TalkFactory(speakers=[SpeakerFactory()])
    return row_counts(), updated_ats()


@pytest.mark.parametrize(
    ("document", "match"),
    [
        ('{"schedule": {"conference": ', r"not valid JSON: line 1, column 29: Expecting value"),
        ("[1, 2, 3]", "the file should be a JSON object"),
        ('{"version": "1.0"}', "“schedule” in the file is missing"),
        ('{"schedule": {"conference": []}}', "“conference” in schedule should be an object"),
        (
            '{"schedule": {"conference": {"title": "X"}}}',
            "“days” in schedule.conference is missing",
        ),
        ('{"schedule": {"conference": {"days": []}}}', "schedule.conference has no title"),
        (
            '{"schedule": {"conference": {"title": "X", "days": [{"rooms": []}]}}}',
            r"schedule.conference.days\[0\].rooms should be an object",
        ),
        (
            '{"schedule": {"conference": {"title": "X", "days": [{"rooms": {"A": [1]}}]}}}',
            r"rooms\['A'\]\[0\] should be an object",
        ),
        (
            '{"schedule": {"conference": {"title": "X", "days": [{"rooms": {"A": {}}}]}}}',
            r"rooms\['A'\] should be a list of events",
        ),
        (b'{"schedule": "\xc3\x28"}', "not UTF-8 text"),
    ],
)
def test_import_pretalx_wrong_shape_fails_clearly(before, tmp_path, document, match):
    path = tmp_path / "schedule.json"
    path.write_bytes(document if isinstance(document, bytes) else document.encode())

    with pytest.raises(CommandError, match=match) as error:
        run(path)

    assert "Nothing was imported." in str(error.value)
    assert (row_counts(), updated_ats()) == before


def test_import_pretalx_a_frab_file_is_refused(before):
    with pytest.raises(CommandError, match="not valid JSON: line 1, column 1"):
        run(FIXTURES / "frab.xml")
    assert (row_counts(), updated_ats()) == before


# The real export ------------------------------------------------------------------------------


def test_import_pretalx_real_file():
    path = shared_schedule("pretalx-rc3-channels-2020.schedule.json")
    conference = json.loads(path.read_text(encoding="utf-8"))["schedule"]["conference"]
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    names = {" ".join(p["public_name"].casefold().split()) for e in events for p in e["persons"]}
    codes = {p["code"] for e in events for p in e["persons"]}

    run(path)

    assert Talk.objects.count() == len({e["guid"] for e in events if e["title"].strip()})
    assert Speaker.objects.count() == len(names) == len(codes)
    assert Talk.objects.filter(language=Language.GERMAN).count() == sum(
        e["language"] == "de" for e in events
    )
    counts, stamps = row_counts(), updated_ats()
    with CapturedWrites() as captured:
        run(path)
    assert (captured.writes, row_counts(), updated_ats()) == ([], counts, stamps)
