"""An edition's tracks and rooms as rows named in English and Russian (talks.programme):
shown in the interface's language with a fallback on every page kind, found by search in
either language, kept fresh when renamed, matched or made by imports, named in English by
the exports, given both ways by the API, counted by slug in the facets, and laid out in
their edition's order by the timetable."""

import datetime
import json
import re
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone, translation

from talks.admin_forms import TalkAdminForm
from talks.importers.apply import import_schedule
from talks.importers.schedule import Event, Schedule
from talks.models import Room, Talk, Track
from talks.search import SearchFilters, search_talks
from tests.factories import EditionFactory, RoomFactory, TalkFactory, TrackFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2016, 2, 3)


def at(hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(hour)))


@pytest.fixture
def edition():
    """Two tracks (one named in both languages, one in English only) and three rooms whose
    order (position) is not their alphabetical one."""
    edition = EditionFactory(
        name="PGConf.Russia 2016", slug="pgconf-2016", start_date=DAY, end_date=DAY
    )
    security = TrackFactory(edition=edition, name_en="Security", name_ru="Безопасность")
    internals = TrackFactory(edition=edition, name_en="Internals", name_ru="")
    big = RoomFactory(edition=edition, name_en="Main hall", name_ru="Большой зал", position=0)
    small = RoomFactory(edition=edition, name_en="", name_ru="Малый зал", position=1)
    annex = RoomFactory(edition=edition, name_en="Annex", name_ru="Пристройка", position=2)
    TalkFactory(edition=edition, slug="roles", abstract="", title="Row level security",
                track=security, room=big, start=at(10))  # fmt: skip
    TalkFactory(edition=edition, slug="wal", abstract="", title="The WAL inside", track=internals,
                room=small, start=at(10))  # fmt: skip
    TalkFactory(edition=edition, slug="annex", abstract="", title="Lightning talks", track=None,
                room=annex, start=at(10))  # fmt: skip
    # No generated abstracts: Faker's random words ("secure", "garden") made searches
    # for a track's or room's name find the other talks now and then.
    return edition


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- Pages: the interface's language, the other one where that is empty ------------------


def test_talk_page_names_track_and_room_in_the_interface_language(client, edition):
    english = page(client, "/pgconf-2016/talks/roles/")
    russian = page(client, "/ru/pgconf-2016/talks/roles/")

    assert "<dd>Security</dd>" in english
    assert "<dd>Main hall</dd>" in english
    assert "<dd>Безопасность</dd>" in russian
    assert "<dd>Большой зал</dd>" in russian
    assert "Безопасность" not in english
    assert "Security" not in russian


def test_a_name_in_one_language_only_is_shown_in_both(client, edition):
    english = page(client, "/pgconf-2016/talks/wal/")
    russian = page(client, "/ru/pgconf-2016/talks/wal/")

    # The track has no Russian name, the room no English one: never an empty value, and
    # the other language's says so.
    assert "<dd>Internals</dd>" in english
    assert '<dd lang="en">Internals</dd>' in russian
    assert '<dd lang="ru">Малый зал</dd>' in english
    assert "<dd>Малый зал</dd>" in russian


def test_edition_page_filters_by_track_slug_and_names_tracks_in_the_language(client, edition):
    english = page(client, "/pgconf-2016/")
    russian = page(client, "/ru/pgconf-2016/")

    assert '<option value="security">Security</option>' in english
    assert '<option value="internals">Internals</option>' in english
    assert '<option value="security">Безопасность</option>' in russian
    assert '<option value="internals" lang="en">Internals</option>' in russian
    # What static/js/edition-filters.js compares the selected value with.
    assert english.count('data-track="security"') == 1
    assert english.count('data-track=""') == 1
    assert "Большой зал" in russian
    assert "Main hall" in english


def test_timetable_columns_follow_room_position_in_the_interface_language(client, edition):
    english = page(client, "/pgconf-2016/timetable/")
    russian = page(client, "/ru/pgconf-2016/timetable/")

    assert (
        '<th scope="col">Main hall</th><th scope="col" lang="ru">Малый зал</th>'
        '<th scope="col">Annex</th>' in english
    )
    assert (
        '<th scope="col">Большой зал</th><th scope="col">Малый зал</th>'
        '<th scope="col">Пристройка</th>' in russian
    )


def test_timetable_follows_a_room_moved(client, edition):
    Room.objects.filter(name_en="Annex").update(position=0)
    Room.objects.filter(name_en="Main hall").update(position=5)

    english = page(client, "/pgconf-2016/timetable/")

    assert (
        '<th scope="col">Annex</th><th scope="col" lang="ru">Малый зал</th>'
        '<th scope="col">Main hall</th>' in english
    )


# --- Search ------------------------------------------------------------------------------


def slugs(query: str, **filters) -> list[str]:
    return sorted(t.slug for t in search_talks(query, filters=SearchFilters(**filters)).talks)


def test_search_finds_a_talk_by_its_track_or_room_in_either_language(edition):
    assert slugs("Безопасность") == slugs("Security") == ["roles"]
    assert slugs("Большой зал") == slugs("Main hall") == ["roles"]
    assert slugs("Пристройка") == slugs("Annex") == ["annex"]


def test_renaming_a_track_or_room_refreshes_its_talks_search(edition):
    Track.objects.filter(name_en="Internals").update(name_ru="Внутреннее устройство")
    Room.objects.filter(name_en="Annex").update(name_en="Garden")

    assert slugs("Внутреннее устройство") == ["wal"]
    assert slugs("Garden") == ["annex"]
    assert slugs("Annex") == []


def test_moving_a_talk_to_another_track_refreshes_its_search(edition):
    talk = Talk.objects.get(slug="annex")
    talk.track = Track.objects.get(name_en="Security")
    talk.save()

    assert slugs("Безопасность") == ["annex", "roles"]


def test_track_filter_takes_the_slug_or_either_name(edition):
    for value in ("security", "Security", "безопасность"):
        assert slugs("row level", track=value) == ["roles"], value


def test_track_facet_counts_by_slug_across_editions_labelled_in_the_language(edition):
    other = EditionFactory(slug="pgconf-2017")
    TalkFactory(edition=other, slug="audit", title="Row level auditing", track="Security")

    with translation.override("ru"):
        results = search_talks("row")

    assert [(v.value, v.label, v.count) for v in results.facets["track"]] == [
        ("security", "Безопасность", 2)
    ]
    assert slugs("row", track="security") == ["audit", "roles"]


# --- Rows --------------------------------------------------------------------------------


def test_names_are_unique_per_edition_whatever_the_case(edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(edition=edition, name_en="SECURITY")
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(edition=edition, name_ru="малый зал")
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(edition=edition)  # no name at all
    # Another edition may have its own "Security".
    assert Track.objects.create(edition=EditionFactory(), name_en="Security").slug == "security"


def test_a_russian_only_track_gets_a_latin_slug(edition):
    assert Track.objects.create(edition=edition, name_ru="Разработка").slug == "razrabotka"


# --- Imports -----------------------------------------------------------------------------


def schedule(*events: tuple[str, str, str]) -> Schedule:
    """A schedule of pgconf-2016 with (guid suffix, track, room) events."""
    return Schedule(
        title="PGConf.Russia 2016",
        acronym="pgconf-2016",
        start_date=DAY,
        end_date=DAY,
        events=[
            Event(
                guid=uuid.UUID(f"00000000-0000-0000-0000-0000000000{suffix}"),
                event_id=suffix,
                title=f"Talk {suffix}",
                track=track,
                room=room,
                start=at(10),
                duration=datetime.timedelta(minutes=30),
            )
            for suffix, track, room in events
        ],
    )


def test_import_finds_tracks_and_rooms_by_either_name_and_makes_the_missing(edition):
    import_schedule(
        schedule=schedule(
            ("01", "безопасность", "Main Hall"),
            ("02", "Replication", "Зал 3"),
            ("03", "replication", "Зал 3"),
        ),
        edition_slug="pgconf-2016",
    )

    talks = {t.title: t for t in Talk.objects.filter(edition=edition, title__startswith="Talk")}
    security = Track.objects.get(edition=edition, name_en="Security")
    assert (talks["Talk 01"].track, talks["Talk 01"].room.name_en) == (security, "Main hall")
    replication = Track.objects.get(edition=edition, name_en="Replication")
    assert talks["Talk 02"].track == talks["Talk 03"].track == replication
    assert replication.slug == "replication"
    room = Room.objects.get(edition=edition, name_ru="Зал 3")
    assert (room.name_en, room.position) == ("", 3)  # after the edition's three rooms
    assert talks["Talk 02"].room == talks["Talk 03"].room == room
    assert Track.objects.filter(edition=edition).count() == 3


def test_reimport_makes_no_new_rows(edition):
    events = (("01", "Security", "Main hall"), ("02", "New track", "New room"))
    import_schedule(schedule=schedule(*events), edition_slug="pgconf-2016")
    counts = (Track.objects.count(), Room.objects.count())

    import_schedule(schedule=schedule(*events), edition_slug="pgconf-2016")

    assert (Track.objects.count(), Room.objects.count()) == counts == (3, 4)


# --- Exports and the API -----------------------------------------------------------------


@pytest.fixture
def published(edition):
    edition.is_published = True
    edition.save()
    return edition


def test_exports_name_rooms_and_tracks_in_english_where_they_can(client, published):
    for prefix in ("", "/ru"):
        xml = page(client, f"{prefix}/pgconf-2016/schedule.xml")
        assert '<room name="Main hall"' in xml
        assert "<room>Main hall</room>" in xml
        assert '<room name="Малый зал"' in xml  # no English name: the Russian one
        assert "<track>Security</track>" in xml
        assert "Безопасность" not in xml
        # Rooms in the edition's order, not alphabetical.
        assert xml.index('<room name="Main hall"') < xml.index('<room name="Annex"')

    calendar = page(client, "/pgconf-2016/schedule.ics")
    assert "LOCATION:Main hall" in calendar
    assert "CATEGORIES:Security" in calendar

    data = json.loads(page(client, "/pgconf-2016/schedule.json"))
    conference = data["schedule"]["conference"]
    assert [room["name"] for room in conference["rooms"]] == ["Main hall", "Малый зал", "Annex"]
    assert sorted(track["name"] for track in conference["tracks"]) == ["Internals", "Security"]


def test_api_gives_track_and_room_in_the_language_and_both_as_stored(client, published):
    english = client.get("/api/v1/talks/pgconf-2016/roles").json()
    russian = client.get("/api/v1/talks/pgconf-2016/roles", HTTP_ACCEPT_LANGUAGE="ru").json()
    none = client.get("/api/v1/talks/pgconf-2016/annex").json()

    fields = ("track", "track_en", "track_ru", "room", "room_en", "room_ru")
    assert [english[name] for name in fields] == [
        "Security", "Security", "Безопасность", "Main hall", "Main hall", "Большой зал",
    ]  # fmt: skip
    assert [russian["track"], russian["room"]] == ["Безопасность", "Большой зал"]
    assert [none["track"], none["track_en"], none["track_ru"]] == ["", "", ""]


@pytest.mark.parametrize("value", ["Security", "безопасность", "security"])
def test_api_track_filter_by_either_name(client, published, value):
    found = client.get("/api/v1/talks", {"track": value}).json()

    assert [talk["slug"] for talk in found["results"]] == ["roles"]


def test_search_document_holds_both_names_with_weight_d(edition):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM talks_talk WHERE slug = 'roles'",
        )
        (vector,) = cursor.fetchone()
    assert "'безопасн':" in vector
    assert "'secur':" in vector
    # Weight D, the default, is the one tsvector's text leaves unmarked.
    assert re.search(r"'безопасн':[\d,]+(?: |$)", vector)


# --- The admin ---------------------------------------------------------------------------


def test_edition_admin_lists_tracks_and_rooms_with_both_names_side_by_side(admin_client, edition):
    page = admin_client.get(reverse("admin:conference_edition_change", args=[edition.pk]))

    html = page.content.decode()
    for prefix in ("tracks-0", "rooms-0"):
        assert f'name="{prefix}-name_en"' in html
        assert f'name="{prefix}-name_ru"' in html
    assert 'name="rooms-0-position"' in html
    assert 'value="Безопасность"' in html


def test_talk_form_offers_its_editions_tracks_and_refuses_another_editions(admin_client, edition):
    other = TrackFactory(name_en="Elsewhere")
    talk = Talk.objects.get(slug="roles")

    page = admin_client.get(reverse("admin:talks_talk_change", args=[talk.pk])).content.decode()

    assert ">Security</option>" in page
    assert "Elsewhere" not in page
    form_class = modelform_factory(
        Talk, form=TalkAdminForm, fields=("edition", "title", "slug", "language", "kind", "track")
    )
    form = form_class(
        data={
            "edition": edition.pk,
            "title": "T",
            "slug": "t",
            "language": "en",
            "kind": "talk",
            "track": other.pk,
        },
        instance=Talk(),
    )
    assert not form.is_valid()
    assert list(form.errors) == ["track"]
