"""manage.py import_frab: frab and pentabarf XML into editions, talks, speakers and projects;
idempotence, updates, dry runs, speaker matching, search, bad input and the real files."""

import datetime
import http.server
import io
import socket
import threading
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper

from conference.models import Edition
from talks.choices import Language, TalkKind
from talks.importers.command import ProgressBar
from talks.importers.schedule import IMPORT_NAMESPACE, MAX_SCHEDULE_BYTES
from talks.models import Project, Speaker, Talk
from talks.search import search_talks
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory
from tests.shared_schedules import shared_schedule
from tests.talks.import_helpers import (
    FIXTURES,
    CapturedWrites,
    row_counts,
    updated_ats,
)

pytestmark = pytest.mark.django_db

FRAB = FIXTURES / "frab.xml"
PENTABARF = FIXTURES / "pentabarf.xml"
MSK = datetime.timezone(datetime.timedelta(hours=3))


def run(*args) -> tuple[str, str]:
    """Run import_frab; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_frab", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def talk(title: str) -> Talk:
    return Talk.objects.get(title=title)


def speaker_names(talk: Talk) -> list[str]:
    return [link.speaker.name for link in talk.talk_speakers.order_by("position")]


def test_import_frab_creates_the_edition_as_a_draft():
    out, _ = run(FRAB)

    edition = Edition.objects.get()
    assert (edition.slug, edition.name, edition.acronym) == (
        "pgarchive2024",
        "PG Archive Conference 2024",
        "pgarchive2024",
    )
    assert (edition.start_date, edition.end_date) == (
        datetime.date(2024, 3, 14),
        datetime.date(2024, 3, 15),
    )
    assert not edition.is_published
    assert not Talk.objects.filter(is_published=True).exists()
    assert "Talks: 4 created, 0 updated, 0 unchanged." in out


def test_import_frab_reads_every_field_of_an_event():
    run(FRAB)

    replication = talk("Logical replication in practice")
    assert replication.guid == uuid.UUID("0e7a3c52-6c7e-4a2b-9a41-1c1d2a3b4c5d")
    assert replication.schedule_id == "101"
    assert replication.subtitle == "From zero to a cluster"
    assert replication.slug == "logical-replication-in-practice"
    assert (str(replication.track), str(replication.room)) == ("Development", "Hall 1")
    assert replication.start == datetime.datetime(2024, 3, 14, 10, 0, tzinfo=MSK)
    assert replication.duration == datetime.timedelta(minutes=45)
    assert (replication.language, replication.kind) == (Language.ENGLISH, TalkKind.TALK)
    assert replication.description == "A longer description.\n\nWith two paragraphs."
    assert speaker_names(replication) == ["Valentine Gogichashvili", "Ronan Dunklau"]


def test_import_frab_stores_html_as_plain_text():
    run(FRAB)

    # The HTML is reduced to its text; the script is dropped, not stored to be escaped later.
    assert talk("Logical replication in practice").abstract == "How we replicate data & why."


def test_import_frab_sorts_links_into_video_slides_and_projects():
    run(FRAB)

    replication = talk("Logical replication in practice")
    assert replication.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert replication.slides_url == "https://example.org/talks/101/deck.pdf"
    assert [p.repository_url for p in replication.projects.all()] == [
        "https://github.com/zalando/pgobserver"
    ]
    multicorn = talk("Multicorn: внешние таблицы на Python")
    assert multicorn.video_url == "https://media.ccc.de/v/pgarchive2024-102"
    assert multicorn.slides_url == "https://example.org/attachments/102/slides.odp"
    assert list(multicorn.projects.values_list("name", "repository_url")) == [
        ("multicorn", "https://gitlab.com/dalibo/multicorn")
    ]


def test_import_frab_maps_languages_and_types():
    run(FRAB)

    multicorn = talk("Multicorn: внешние таблицы на Python")
    assert (multicorn.language, multicorn.kind) == (Language.RUSSIAN, TalkKind.WORKSHOP)
    lightning = talk("Lightning talks")
    # "tlh" (Klingon) is no choice of ours: "other", which search stems with "simple".
    assert (lightning.language, lightning.kind) == (Language.OTHER, TalkKind.LIGHTNING)
    closing = talk("Closing, time to be announced")
    assert (closing.language, closing.kind) == (Language.ENGLISH, TalkKind.KEYNOTE)


def test_import_frab_warns_about_skipped_and_unscheduled_events():
    _, err = run(FRAB)

    assert "Skipped event 104: it has no title." in err
    assert "Skipped “Logical replication in practice (repeated)” (101)" in err
    assert "“Closing, time to be announced” (105) has no usable start" in err
    assert "Language “tlh” is not one we know" in err
    assert talk("Closing, time to be announced").start is None
    assert not Talk.objects.filter(title__contains="repeated").exists()


def test_import_frab_one_speaker_per_person_across_events():
    out, _ = run(FRAB)

    # Valentine has an id in two events and none in the third: one speaker all the same.
    assert Speaker.objects.filter(name_en="Valentine Gogichashvili").count() == 1
    assert Speaker.objects.count() == 4
    assert "Speakers: 4 new, 0 matched to existing speakers." in out


def test_import_frab_matches_speakers_by_alias_and_ignoring_accents_and_case():
    marat = SpeakerFactory(name="Марат Фаттахов", aliases=["Marat Fattakhov"])
    ronan = SpeakerFactory(name="RONÁN DUNKLAU")

    out, _ = run(FRAB)

    assert speaker_names(talk("Multicorn: внешние таблицы на Python")) == ["Марат Фаттахов"]
    assert talk("Logical replication in practice").speakers.filter(pk=ronan.pk).exists()
    assert Speaker.objects.filter(pk__in=[marat.pk, ronan.pk]).count() == 2
    assert Speaker.objects.count() == 4  # two matched, two new
    new = Speaker.objects.exclude(pk__in=[marat.pk, ronan.pk]).order_by("name_en")
    assert (
        "\n".join(
            [
                "Matched to existing speakers (2):",
                f"  RONÁN DUNKLAU /admin/talks/speaker/{ronan.pk}/change/",
                f"  Марат Фаттахов /admin/talks/speaker/{marat.pk}/change/",
            ]
        )
        in out
    )
    assert (
        "\n".join(
            ["New speakers (2):", *(f"  {s.name} /admin/talks/speaker/{s.pk}/change/" for s in new)]
        )
        in out
    )
    assert [s.name for s in new] == ["Anonymous Hacker", "Valentine Gogichashvili"]
    # A matched speaker is linked, never changed.
    marat.refresh_from_db()
    assert (marat.name, marat.aliases) == ("Марат Фаттахов", ["Marat Fattakhov"])


def test_import_frab_reuses_projects_by_repository_or_name():
    by_url = ProjectFactory(
        name="PgObserver", repository_url="https://github.com/zalando/pgobserver/"
    )
    by_name = ProjectFactory(name="Multicorn", repository_url="")

    out, _ = run(FRAB)

    assert list(talk("Logical replication in practice").projects.all()) == [by_url]
    assert list(talk("Multicorn: внешние таблицы на Python").projects.all()) == [by_name]
    assert Project.objects.count() == 2
    assert "Projects: 0 created, 2 matched to existing projects." in out


def test_import_frab_second_run_changes_nothing():
    run(FRAB)
    counts, stamps = row_counts(), updated_ats()

    with CapturedWrites() as captured:
        out, _ = run(FRAB)

    assert captured.writes == []
    assert row_counts() == counts
    assert updated_ats() == stamps
    assert "Talks: 0 created, 0 updated, 4 unchanged." in out
    assert "Edition “PG Archive Conference 2024” (/pgarchive2024/): unchanged." in out


def test_import_frab_changed_file_updates_what_changed(tmp_path):
    run(FRAB)
    stamps = updated_ats()["Talk"]
    replication = talk("Logical replication in practice")
    replication.video_url = ""
    replication.save()
    changed = tmp_path / "frab.xml"
    changed.write_text(
        FRAB.read_text(encoding="utf-8")
        .replace("<duration>01:30</duration>", "<duration>02:00</duration>")
        .replace("<person id='2'>Ronan Dunklau</person>", "<person id='9'>Jane Doe</person>"),
        encoding="utf-8",
    )

    out, _ = run(changed)

    multicorn = talk("Multicorn: внешние таблицы на Python")
    assert multicorn.duration == datetime.timedelta(hours=2)
    assert multicorn.updated_at > stamps[multicorn.pk]
    replication.refresh_from_db()
    assert speaker_names(replication) == ["Valentine Gogichashvili", "Jane Doe"]
    assert replication.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    untouched = talk("Lightning talks")
    assert untouched.updated_at == stamps[untouched.pk]
    assert "Talks: 0 created, 2 updated, 2 unchanged." in out


def test_import_frab_keeps_a_video_the_file_does_not_have():
    run(FRAB)
    lightning = talk("Lightning talks")
    lightning.video_url = "https://vimeo.com/123456"
    lightning.save()

    run(FRAB)

    lightning.refresh_from_db()
    assert lightning.video_url == "https://vimeo.com/123456"


def test_import_frab_dry_run_changes_nothing():
    SpeakerFactory(name="Ronan Dunklau")
    counts = row_counts()

    out, _ = run(FRAB, "--dry-run")

    assert row_counts() == counts
    assert "Dry run: nothing was saved." in out
    assert "Talks: 4 created, 0 updated, 0 unchanged." in out
    assert "Speakers: 3 new, 1 matched to existing speakers." in out


def test_import_frab_publish_publishes_the_edition_and_talks():
    run(FRAB)

    run(FRAB, "--publish")

    assert Edition.objects.get().is_published
    assert Talk.objects.filter(is_published=False).count() == 0


def test_import_frab_existing_edition_matched_by_acronym_keeps_its_slug():
    edition = EditionFactory(slug="archive-2024", acronym="PGARCHIVE2024", is_published=True)

    run(FRAB)

    assert list(Edition.objects.all()) == [edition]
    edition.refresh_from_db()
    assert (edition.slug, edition.name, edition.is_published) == (
        "archive-2024",
        "PG Archive Conference 2024",
        True,
    )
    assert Talk.objects.filter(edition=edition).count() == 4


def test_import_frab_reserved_acronym_fails_clearly_unless_an_edition_is_given(tmp_path):
    reserved = tmp_path / "api.xml"
    reserved.write_text(
        FRAB.read_text(encoding="utf-8").replace(
            "<acronym>pgarchive2024</acronym>", "<acronym>api</acronym>"
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="edition slug “api”, which is reserved"):
        run(reserved)
    assert row_counts()["talks"] == 0

    run(reserved, "--edition", "api-2024")
    assert Edition.objects.get().slug == "api-2024"


def test_import_frab_talk_of_another_edition_is_not_moved():
    other = TalkFactory(guid=uuid.UUID("0e7a3c52-6c7e-4a2b-9a41-1c1d2a3b4c5d"), title="Kept")

    _, err = run(FRAB)

    other.refresh_from_db()
    assert (other.title, other.edition_id) == ("Kept", other.edition.pk)
    assert "it was imported into" in err


def test_imported_talk_is_found_by_search():
    run(FRAB, "--publish")

    assert [t.title for t in search_talks("replication").talks] == [
        "Logical replication in practice"
    ]
    # Speakers and projects are in the document too, through the link tables' triggers.
    assert {t.title for t in search_talks("Gogichashvili").talks} == {
        "Logical replication in practice",
        "Lightning talks",
        "Closing, time to be announced",
    }
    assert [t.title for t in search_talks("pgobserver").talks] == [
        "Logical replication in practice"
    ]


# pentabarf (FOSDEM) style --------------------------------------------------------------------


def test_import_pentabarf_derives_stable_guids_and_slot_times():
    run(PENTABARF, "--time-zone", "Europe/Brussels")

    edition = Edition.objects.get()
    assert (edition.slug, edition.acronym, edition.city, edition.venue) == (
        "devroom-weekend-2021",
        "",
        "Brussels",
        "ULB Solbosch",
    )
    welcome = talk("Welcome to the PostgreSQL devroom")
    assert welcome.guid == uuid.uuid5(IMPORT_NAMESPACE, "devroom weekend 2021/11795")
    brussels = datetime.timezone(datetime.timedelta(hours=1))
    assert welcome.start == datetime.datetime(2021, 2, 6, 9, 0, tzinfo=brussels)
    # 01:30 is before the 04:00 day change: the night after the first day.
    assert talk("A late-night BoF").start == datetime.datetime(2021, 2, 7, 1, 30, tzinfo=brussels)
    assert talk("A late-night BoF").kind == TalkKind.OTHER
    assert welcome.language == Language.ENGLISH  # <language/>: the default


def test_import_pentabarf_reads_html_attachments_and_links():
    run(PENTABARF)

    welcome = talk("Welcome to the PostgreSQL devroom")
    assert welcome.abstract == "Opening words (https://www.postgresql.org/).\n\n- one\n- two"
    # The attachment typed "slides" wins over the paper; the WebM is listed first.
    assert welcome.slides_url == "https://example.org/welcome-slides.pdf"
    assert welcome.video_url == "https://video.fosdem.org/2021/D.postgresql/pg_welcome.webm"
    late = talk("A late-night BoF")
    assert late.slides_url == "https://speakerdeck.com/paolo/late-night"
    assert list(late.projects.values_list("repository_url", flat=True)) == [
        "https://codeberg.org/paolo/bof-notes"
    ]
    assert speaker_names(late) == ["Paolo Dongilli", "Ronán Dunklau"]


def test_import_pentabarf_second_run_changes_nothing():
    run(PENTABARF)
    counts, stamps = row_counts(), updated_ats()

    with CapturedWrites() as captured:
        run(PENTABARF)

    assert captured.writes == []
    assert (row_counts(), updated_ats()) == (counts, stamps)


def test_import_language_option_sets_the_default_language():
    run(PENTABARF, "--language", "ru")

    assert set(Talk.objects.values_list("language", flat=True)) == {Language.RUSSIAN}


# Bad input: a clear error, a non-zero exit (CommandError) and the database unchanged ----------


@pytest.fixture
def before():
    """Some data that a failed import must leave exactly as it is."""
    TalkFactory(speakers=[SpeakerFactory()], projects=[ProjectFactory()])
    return row_counts(), updated_ats()


def fails(before, *args, match: str):
    with pytest.raises(CommandError, match=match) as error:
        run(*args)
    assert (row_counts(), updated_ats()) == before
    assert "Nothing was imported." in str(error.value)
    return str(error.value)


def write(tmp_path: Path, text: str, name="schedule.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_frab_malformed_xml_reports_line_and_column(before, tmp_path):
    broken = write(tmp_path, "<schedule>\n  <conference>\n    <title>x</titel>\n</schedule>")

    fails(before, broken, match=r"not well-formed XML: line 3, column 15")


def test_import_frab_refuses_entity_expansion(before, tmp_path):
    laughs = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        "<schedule><conference><title>&lol2;</title></conference></schedule>",
    )

    fails(before, laughs, match="declares entities or external references")


def test_import_frab_refuses_external_entities(before, tmp_path):
    external = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [\n'
        ' <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        "<schedule><conference><title>&secret;</title></conference></schedule>",
    )

    fails(before, external, match="declares entities or external references")


def test_import_frab_refuses_a_file_over_50_mb_before_reading_it(before, tmp_path):
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as file:  # sparse: nothing is written, the size is what counts
        file.truncate(MAX_SCHEDULE_BYTES + 1)

    fails(before, huge, match="the most we import is 50 MB")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("<programme/>", "root element is <programme>"),
        ("<schedule><day/></schedule>", "no <conference> element"),
        ("<schedule><conference><acronym>x</acronym></conference></schedule>", "no <title>"),
        (
            "<schedule><conference><title>Dateless</title></conference></schedule>",
            "no conference dates",
        ),
        (
            "<schedule><conference><title>Backwards</title><start>2024-03-15</start>"
            "<end>2024-03-14</end></conference></schedule>",
            r"ends \(2024-03-14\) before it starts",
        ),
    ],
)
def test_import_frab_wrong_shape_fails_clearly(before, tmp_path, text, match):
    fails(before, write(tmp_path, text), match=match)


def test_import_frab_missing_file_fails_clearly(before, tmp_path):
    fails(before, tmp_path / "nope.xml", match="No such file")


def test_import_frab_only_http_urls(before):
    fails(before, "file:///etc/passwd", match="Only http:// and https://")
    fails(before, "ftp://127.0.0.1/schedule.xml", match="Only http:// and https://")


# URLs: a server on loopback, started by the test, never the internet -------------------------


class ScheduleHandler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        if status == "hang":
            self.server.hang.wait(5)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1 serving ScheduleHandler.routes; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ScheduleHandler)
    httpd.hang = threading.Event()
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    ScheduleHandler.routes = {
        "/schedule.xml": (200, {"Content-Type": "application/xml"}, FRAB.read_bytes()),
        "/huge.xml": (200, {"Content-Length": str(MAX_SCHEDULE_BYTES + 1)}, b"<schedule/>"),
        "/slow.xml": ("hang", {}, b""),
    }
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.hang.set()
    httpd.shutdown()
    httpd.server_close()


def test_import_frab_from_a_url(server):
    out, _ = run(f"{server}/schedule.xml", "--allow-private")

    assert "Talks: 4 created" in out
    assert Talk.objects.count() == 4


def test_import_frab_url_not_found(before, server):
    fails(before, f"{server}/missing.xml", "--allow-private", match="answered 404")


def test_import_frab_url_over_the_size_cap(before, server):
    fails(before, f"{server}/huge.xml", "--allow-private", match="the most we import is 50 MB")


def test_import_frab_url_that_does_not_answer(before, server):
    fails(
        before,
        f"{server}/slow.xml",
        "--timeout",
        "0.5",
        "--allow-private",
        match="did not answer within 0.5 s",
    )


def test_import_frab_url_connection_refused(before):
    with socket.socket() as probe:  # a port nobody listens on: bind, note it, close
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    fails(
        before,
        f"http://127.0.0.1:{port}/schedule.xml",
        "--allow-private",
        match="refused the connection",
    )


# Only public addresses unless --allow-private (issue 17, finding 8) -------------------------


def test_import_frab_url_on_loopback_refused_without_allow_private(before, server):
    message = fails(before, f"{server}/schedule.xml", match=r"127\.0\.0\.1 is a loopback address")

    assert "only with --allow-private" in message


def test_import_frab_url_name_resolving_to_loopback_refused(before, server):
    url = server.replace("127.0.0.1", "localhost") + "/schedule.xml"

    fails(before, url, match=r"localhost \((127\.0\.0\.1|::1)\) is a loopback address")


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::ffff:127.0.0.1]:8000/schedule.xml", "::ffff:127.0.0.1 is a loopback address"),
        ("http://0.0.0.0:8000/schedule.xml", "0.0.0.0 is an unspecified address"),
    ],
)
def test_import_frab_url_refused_without_any_network_traffic(before, network_events, url, match):
    fails(before, url, "--timeout", "1", match=match)

    assert network_events == []


# The terminal -------------------------------------------------------------------------------


def test_progress_bar_draws_on_one_line_up_to_100_percent():
    stream = io.StringIO()
    bar = ProgressBar(OutputWrapper(stream), "Talks")

    for done in range(1, 401):
        bar(done, 400)

    output = stream.getvalue()
    assert output.count("\r") == 101  # once per percent (0 to 100), not once per event
    assert output.endswith("[" + "#" * 30 + "] 100% 400/400\n")


def test_import_frab_prints_no_progress_bar_when_not_a_terminal():
    out, _ = run(FRAB)

    assert "\r" not in out


# The real exports in /work/shared/schedules ----------------------------------------------


def count_events(path: Path) -> tuple[int, set[str]]:
    """Events with a title (first of each id) and distinct person names, by a plain parser."""
    root = ET.parse(path).getroot()  # noqa: S314 -- a trusted file of the repository's neighbour
    ids, names = set(), set()
    for event in root.iter("event"):
        if (event.findtext("title") or "").strip() and event.get("id") not in ids:
            ids.add(event.get("id"))
            names |= {" ".join(p.text.split()) for p in event.iter("person") if p.text}
    return len(ids), names


@pytest.mark.parametrize("name", ["31c3_frab.xml", "fosdem_2021_pentabarf.xml"])
def test_import_frab_real_file(name):
    path = shared_schedule(name)
    events, names = count_events(path)

    run(path)

    assert Talk.objects.count() == events
    # Names differing only in case or accents are one speaker; none is lost.
    assert Speaker.objects.count() == len({" ".join(n.casefold().split()) for n in names})
    assert not Talk.objects.filter(title="").exists()
    counts, stamps = row_counts(), updated_ats()
    with CapturedWrites() as captured:
        run(path)
    assert (captured.writes, row_counts(), updated_ats()) == ([], counts, stamps)


def test_import_frab_writes_each_text_into_the_column_of_its_language(tmp_path):
    """The conference's title, venue and city go to the English columns, or to the Russian
    ones when written in Cyrillic; a re-import leaves the other language's values alone."""
    russian = tmp_path / "frab.xml"
    russian.write_text(
        FRAB.read_text(encoding="utf-8")
        .replace("<title>PG Archive Conference 2024</title>", "<title>Конференция PG 2024</title>")
        .replace(
            "</acronym>", "</acronym><venue>Экспофорум</venue><city>Saint Petersburg</city>", 1
        ),
        encoding="utf-8",
    )
    run(russian)
    edition = Edition.objects.get()
    edition.name_en = "PG Conference 2024"  # an organiser adds the English name
    edition.save()

    run(russian)

    edition.refresh_from_db()
    assert (edition.name_en, edition.name_ru) == ("PG Conference 2024", "Конференция PG 2024")
    assert (edition.venue_en, edition.venue_ru) == ("", "Экспофорум")
    assert (edition.city_en, edition.city_ru) == ("Saint Petersburg", "")
