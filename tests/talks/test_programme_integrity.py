"""The rules of tracks and rooms kept by the database (talks/migrations/0023): a track's slug
is unique in its edition, and a talk's track and room are its own edition's. The admin and
the imports meet them with a message, not a server error; the migration mends old rows
that break them before it adds them."""

import datetime
import importlib
import uuid

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from talks.importers.apply import import_schedule
from talks.importers.schedule import Event, Schedule
from talks.models import Room, Talk, Track
from tests.conference.edition_form import EDITION_INLINES
from tests.factories import EditionFactory, RoomFactory, TalkFactory, TrackFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("talks.migrations.0023_track_slug_and_programme_in_its_edition")
DAY = datetime.date(2016, 2, 3)


@pytest.fixture
def editions():
    first = EditionFactory(slug="pgconf-2016", start_date=DAY, end_date=DAY)
    second = EditionFactory(slug="pgconf-2017")
    return first, second


def test_a_track_slug_is_unique_in_its_edition_only(editions):
    first, second = editions
    TrackFactory(edition=first, name_en="Security", slug="security")

    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(edition=first, name_en="Safety", slug="security")
    assert Track.objects.create(edition=second, name_en="Security").slug == "security"


def test_a_made_slug_that_is_taken_gets_a_number(editions):
    first, _ = editions
    made = [Track.objects.create(edition=first, name_en=name).slug for name in
            ("Dev Ops", "Dev-Ops", "dev ops!")]  # fmt: skip

    assert made == ["dev-ops", "dev-ops-2", "dev-ops-3"]


@pytest.mark.parametrize("field", ["track", "room"])
def test_a_talk_cannot_have_another_editions_track_or_room(editions, field):
    first, second = editions
    talk = TalkFactory(edition=first, track=None, room=None)
    factory = TrackFactory if field == "track" else RoomFactory
    elsewhere = factory(edition=second, name_en="Elsewhere")

    with pytest.raises(IntegrityError, match=f"talk_{field}_in_its_edition"), transaction.atomic():
        Talk.objects.filter(pk=talk.pk).update(**{field: elsewhere})
    # Nor move to another edition while keeping them.
    Talk.objects.filter(pk=talk.pk).update(**{field: factory(edition=first, name_en="Here")})
    with pytest.raises(IntegrityError), transaction.atomic():
        Talk.objects.filter(pk=talk.pk).update(edition=second)


def test_edition_admin_refuses_two_tracks_with_one_slug(admin_client, editions):
    first, _ = editions
    url = reverse("admin:conference_edition_change", args=[first.pk])
    data = {
        "name_en": first.name_en,
        "name_ru": "",
        "slug": first.slug,
        "acronym": "",
        "start_date": "2016-02-03",
        "end_date": "2016-02-03",
        "time_zone": "Europe/Moscow",
        **dict.fromkeys(("city_en", "city_ru", "venue_en", "venue_ru", "website"), ""),
        **dict.fromkeys(("summary_en", "summary_ru"), ""),
        **EDITION_INLINES,
        "tracks-TOTAL_FORMS": 2,
        "tracks-0-name_en": "Dev Ops",
        "tracks-0-name_ru": "",
        "tracks-0-slug": "",
        "tracks-1-name_en": "Dev-Ops",
        "tracks-1-name_ru": "",
        "tracks-1-slug": "",
    }

    refused = admin_client.post(url, data)

    assert refused.status_code == 200
    assert "Please correct the duplicate data for slug" in refused.text
    assert not Track.objects.filter(edition=first).exists()
    data["tracks-1-slug"] = "devops"
    assert admin_client.post(url, data).status_code == 302
    assert sorted(Track.objects.filter(edition=first).values_list("slug", flat=True)) == [
        "dev-ops",
        "devops",
    ]


def test_edition_admin_refuses_a_slug_another_track_has(admin_client, editions):
    first, _ = editions
    TrackFactory(edition=first, name_en="Security", slug="security")
    url = reverse("admin:conference_edition_change", args=[first.pk])
    page = admin_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(start_date="2016-02-03", end_date="2016-02-03", **EDITION_INLINES)
    existing = Track.objects.get(edition=first)
    data.update({
        "tracks-TOTAL_FORMS": 2, "tracks-INITIAL_FORMS": 1,
        "tracks-0-id": existing.pk, "tracks-0-edition": first.pk,
        "tracks-0-name_en": "Security", "tracks-0-name_ru": "", "tracks-0-slug": "security",
        "tracks-1-name_en": "Safety", "tracks-1-name_ru": "", "tracks-1-slug": "security",
    })  # fmt: skip

    refused = admin_client.post(url, data)

    assert refused.status_code == 200
    assert "Track with this Edition and Slug already exists" in refused.text
    assert Track.objects.filter(edition=first).count() == 1


def test_import_of_tracks_whose_names_give_one_slug(editions):
    events = [
        Event(
            guid=uuid.UUID(f"00000000-0000-0000-0000-0000000000{n}"),
            event_id=n,
            title=f"Talk {n}",
            track=track,
            room="Hall",
            start=timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(10))),
            duration=datetime.timedelta(minutes=30),
        )
        for n, track in (("01", "Dev Ops"), ("02", "Dev-Ops"))
    ]
    schedule = Schedule(
        title="PGConf 2016", acronym="pgconf-2016", start_date=DAY, end_date=DAY, events=events
    )

    import_schedule(schedule=schedule, edition_slug="pgconf-2016")

    talks = Talk.objects.filter(edition=editions[0]).order_by("title")
    assert [talk.track.slug for talk in talks] == ["dev-ops", "dev-ops-2"]


# --- The migration's mending, run on rows that break the rules (the constraints dropped
# inside the test's transaction, which puts them back) -------------------------------------


def drop(*constraints: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        for table, name in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")


def test_migration_frees_duplicate_slugs_oldest_first(editions):
    first, second = editions
    drop(("talks_track", "track_slug_per_edition"))
    kept = TrackFactory(edition=first, name_en="Security", slug="security")
    again = TrackFactory(edition=first, name_en="Safety", slug="security")
    third = TrackFactory(edition=first, name_en="Secure", slug="security")
    other = TrackFactory(edition=second, name_en="Security", slug="security")

    MIGRATION.free_track_slugs(apps, None)

    slugs = {t.pk: t.slug for t in Track.objects.all()}
    assert [slugs[t.pk] for t in (kept, again, third, other)] == [
        "security",
        "security-2",
        "security-3",
        "security",
    ]


def test_migration_moves_talks_to_their_own_editions_track_and_room(editions):
    first, second = editions
    drop(("talks_talk", "talk_track_in_its_edition"), ("talks_talk", "talk_room_in_its_edition"))
    own_track = TrackFactory(edition=first, name_en="Security", name_ru="Безопасность")
    RoomFactory(edition=first, name_en="Hall 1", position=0)
    astray_track = TrackFactory(edition=second, name_en="", name_ru="безопасность")
    astray_room = RoomFactory(edition=second, name_en="Annex", name_ru="Пристройка")
    talk = TalkFactory(edition=first, track=None, room=None)
    Talk.objects.filter(pk=talk.pk).update(track=astray_track, room=astray_room)

    MIGRATION.move_to_own_edition(apps, None)

    talk.refresh_from_db()
    assert talk.track == own_track  # the same name, in the other language's column
    assert (talk.room.edition, talk.room.name_en, talk.room.name_ru, talk.room.position) == (
        first,
        "Annex",
        "Пристройка",
        1,
    )
    assert Room.objects.filter(edition=second, name_en="Annex").exists()  # left as it was
