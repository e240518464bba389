"""Editions' venue time zones (conference/zones.py): the field and its migration, wall
times both ways, the zone's label, and the zone an import derives from a file's times."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from conference.models import Edition
from conference.zones import local, venue_time, zone_label
from talks.importers.schedule import Event, Schedule, venue_zone
from tests.conference.edition_form import EDITION_INLINES
from tests.factories import EditionFactory

UTC = datetime.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def edition(zone: str) -> Edition:
    """An unsaved edition in `zone` (what these functions read: its zone and first day)."""
    return Edition(time_zone=zone, start_date=datetime.date(2014, 12, 27))


# --- Wall times ----------------------------------------------------------------------------


def test_local_is_the_venues_wall_time_with_its_offset():
    moment = datetime.datetime(2014, 12, 27, 10, 30, tzinfo=UTC)

    assert local(moment, edition("Europe/Berlin")).isoformat() == "2014-12-27T11:30:00+01:00"
    assert local(moment, edition("Europe/Moscow")).isoformat() == "2014-12-27T13:30:00+03:00"
    assert local(None, edition("Europe/Berlin")) is None


def test_venue_time_reads_a_wall_time_in_the_editions_zone():
    wall = datetime.datetime(2014, 12, 27, 11, 30)

    assert venue_time(wall, edition("Europe/Berlin")) == datetime.datetime(
        2014, 12, 27, 10, 30, tzinfo=UTC
    )


def test_venue_time_refuses_a_wall_time_the_clocks_skip():
    with pytest.raises(ValidationError) as raised:
        venue_time(datetime.datetime(2014, 3, 30, 2, 30), edition("Europe/Berlin"))

    assert raised.value.code == "nonexistent_time"


def test_zone_label_names_the_zone_and_its_offset_at_the_moment():
    summer = datetime.datetime(2014, 7, 1, 10, 0, tzinfo=UTC)

    with translation.override("en"):
        assert zone_label(edition("Europe/Berlin")) == "Europe/Berlin, UTC+01:00"
        assert zone_label(edition("Europe/Berlin"), summer) == "Europe/Berlin, UTC+02:00"
        assert zone_label(edition("America/New_York")) == "America/New York, UTC-05:00"
        # An Etc/ name's sign is POSIX's, the reverse of the offset: the offset alone.
        assert zone_label(edition("Etc/GMT-1")) == "UTC+01:00"
        assert zone_label(edition("Asia/Kolkata")) == "Asia/Kolkata, UTC+05:30"


# --- The field -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_edition_gets_the_sites_zone():
    assert EditionFactory().time_zone == "Europe/Moscow"


@pytest.mark.django_db
def test_unknown_zone_name_is_refused():
    with pytest.raises(ValidationError) as raised:
        EditionFactory.build(slug="x-2014", time_zone="Europe/Atlantis").full_clean()

    assert set(raised.value.message_dict) == {"time_zone"}


@pytest.mark.django_db
def test_edition_admin_form_chooses_and_refuses_zones(admin_client):
    chosen = EditionFactory(slug="hamburg")
    url = reverse("admin:conference_edition_change", args=[chosen.pk])
    data = {
        "name_en": chosen.name,
        "name_ru": "",
        "slug": chosen.slug,
        "acronym": "",
        "start_date": "2014-12-27",
        "end_date": "2014-12-30",
        "time_zone": "Europe/Atlantis",
        **dict.fromkeys(("city_en", "city_ru", "venue_en", "venue_ru", "website"), ""),
        **dict.fromkeys(("summary_en", "summary_ru"), ""),
        **EDITION_INLINES,
    }
    page = admin_client.get(url).text
    assert '<option value="Europe/Berlin">Europe/Berlin</option>' in page

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["time_zone"]

    assert admin_client.post(url, {**data, "time_zone": "Europe/Berlin"}).status_code == 302
    chosen.refresh_from_db()
    assert chosen.time_zone == "Europe/Berlin"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_gives_existing_editions_moscows_zone(settings):
    # A deployment in another zone: the existing times were still shown in Moscow's.
    settings.TIME_ZONE = "Europe/Berlin"
    before = [("conference", "0005_functions_from_one_place")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("conference", "Edition")
    old.objects.create(
        slug="pgconf-2016",
        name="PGConf 2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Edition.objects.get(slug="pgconf-2016").time_zone == "Europe/Moscow"


# --- The zone of an imported file ----------------------------------------------------------


def schedule(*starts: datetime.datetime, named: str = "") -> Schedule:
    events = [Event(guid=None, event_id=str(n), title="t", start=s) for n, s in enumerate(starts)]
    return Schedule(title="Conf", time_zone=named, events=events)


def offset(hours: float) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(hours=hours))


def test_venue_zone_is_the_one_the_file_names():
    start = datetime.datetime(2014, 12, 27, 11, 30, tzinfo=offset(1))

    assert venue_zone(schedule(start, named="Europe/Berlin"), current="Europe/Paris") == (
        "Europe/Berlin"
    )


def test_venue_zone_keeps_the_editions_zone_when_the_offsets_agree():
    start = datetime.datetime(2014, 12, 27, 11, 30, tzinfo=offset(1))

    assert venue_zone(schedule(start), current="Europe/Paris") == "Europe/Paris"
    assert venue_zone(schedule(start), current="Europe/Moscow") == "Etc/GMT-1"


def test_venue_zone_of_naive_times_is_the_zone_they_were_read_in():
    start = datetime.datetime(2021, 2, 6, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))

    assert venue_zone(schedule(start)) == "Europe/Brussels"


def test_venue_zone_of_fixed_offsets():
    assert venue_zone(schedule(datetime.datetime(2020, 1, 1, tzinfo=offset(3)))) == (
        "Europe/Moscow"  # the site's zone agrees
    )
    assert venue_zone(schedule(datetime.datetime(2020, 1, 1, tzinfo=offset(-5)))) == "Etc/GMT+5"
    assert venue_zone(schedule(datetime.datetime(2020, 1, 1, tzinfo=offset(0)))) == "UTC"
    # No whole-hour zone for +05:30: the first real zone that agrees.
    assert venue_zone(schedule(datetime.datetime(2020, 1, 1, tzinfo=offset(5.5)))) == (
        "Asia/Calcutta"
    )


def test_venue_zone_of_offsets_that_change_is_a_real_zone_that_agrees():
    summer = datetime.datetime(2014, 10, 25, 12, 0, tzinfo=offset(2))
    winter = datetime.datetime(2014, 10, 26, 12, 0, tzinfo=offset(1))

    zone = zoneinfo.ZoneInfo(venue_zone(schedule(summer, winter)))

    assert (summer.astimezone(zone).utcoffset(), winter.astimezone(zone).utcoffset()) == (
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=1),
    )


def test_venue_zone_without_times_is_the_editions():
    assert venue_zone(schedule(), current="Europe/Berlin") == "Europe/Berlin"
    assert venue_zone(schedule()) == ""
