"""talks migration 0022: each edition's track and room texts become Track and Room rows
named in the language of their script, the talks linked to them and searched by them;
and back to text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("talks", "0021_names_in_two_scripts")]
AFTER = [("talks", "0022_tracks_and_rooms")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    """The models as of 0021, with the database migrated there; back to the latest after."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def make_talks(apps) -> None:
    Edition = apps.get_model("conference", "Edition")
    Talk = apps.get_model("talks", "Talk")
    first, second = (
        Edition.objects.create(
            slug=slug, name_en=slug, start_date="2016-02-03", end_date="2016-02-05"
        )
        for slug in ("first", "second")
    )
    for edition, slug, track, room in (
        (first, "a", "Security", "Main hall"),
        (first, "b", "security ", "Hall 2"),  # the same track, another case
        (first, "c", "Безопасность", "Main hall"),
        (first, "d", "", ""),
        (second, "e", "Security", "Зал 1"),
    ):
        Talk.objects.create(edition=edition, slug=slug, title=slug, track=track, room=room)


def test_texts_become_rows_per_edition_and_talks_link_to_them(old_apps):
    make_talks(old_apps)

    apps = migrate(AFTER)

    Track, Room, Talk = (apps.get_model("talks", name) for name in ("Track", "Room", "Talk"))
    tracks = {(t.edition.slug, t.name_en, t.name_ru, t.slug) for t in Track.objects.all()}
    assert tracks == {
        ("first", "Security", "", "security"),
        ("first", "", "Безопасность", "bezopasnost"),
        ("second", "Security", "", "security"),
    }
    # Alphabetical, the timetable's order so far, with ids in the same order.
    rooms = [
        (r.edition.slug, r.name_en, r.name_ru, r.position)
        for r in Room.objects.order_by("edition__slug", "pk")
    ]
    assert rooms == [
        ("first", "Hall 2", "", 0),
        ("first", "Main hall", "", 1),
        ("second", "", "Зал 1", 0),
    ]
    links = {
        t.slug: (t.track and (t.track.name_en or t.track.name_ru), t.room and t.room.position)
        for t in Talk.objects.select_related("track", "room")
    }
    assert links == {
        "a": ("Security", 1),
        "b": ("Security", 0),
        "c": ("Безопасность", 1),
        "d": (None, None),
        "e": ("Security", 0),
    }
    assert Talk.objects.get(slug="a").track_id == Talk.objects.get(slug="b").track_id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM talks_talk WHERE search_vector @@ archive_search_query('Зал')"
        )
        assert cursor.fetchall() == [("e",)]


def test_reversing_writes_the_names_back_as_text(old_apps):
    make_talks(old_apps)
    apps = migrate(AFTER)
    Track = apps.get_model("talks", "Track")
    Track.objects.filter(name_ru="Безопасность").update(name_en="Safety")

    old = migrate(BEFORE)

    Talk = old.get_model("talks", "Talk")
    assert {t.slug: (t.track, t.room) for t in Talk.objects.all()} == {
        "a": ("Security", "Main hall"),
        "b": ("Security", "Hall 2"),
        "c": ("Safety", "Main hall"),
        "d": ("", ""),
        "e": ("Security", "Зал 1"),
    }
