"""talks migration 0021: today's one name and its aliases become the explicit pair
name_en/name_ru, keeping what each row meant; and back."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The editions app back before its own later migrations too: the old models create
# editions with their one `name` (conference 0008 made it two columns).
BEFORE = [("talks", "0019_search_query_cost"), ("conference", "0005_functions_from_one_place")]
# Through talks 0022, which refreshes every talk's search document and credits (0021's
# functions read the tracks and rooms 0022 adds: conference.db.functions).
AFTER = [("talks", "0022_tracks_and_rooms")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    """The models as of 0019, with the database migrated there; back to the latest after."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_names_move_to_the_field_of_their_script(old_apps):
    Speaker = old_apps.get_model("talks", "Speaker")
    Company = old_apps.get_model("talks", "Company")
    Edition = old_apps.get_model("conference", "Edition")
    Talk = old_apps.get_model("talks", "Talk")
    TalkSpeaker = old_apps.get_model("talks", "TalkSpeaker")
    rows = {
        "latin-with-cyrillic-alias": ("Marat Fattakhov", ["M. Fattakhov", "Марат Фаттахов"]),
        "cyrillic-with-latin-alias": ("Иван Панченко", ["Ivan Panchenko", "Ваня"]),
        "latin-only": ("Ronan Dunklau", ["R. Dunklau"]),
        "cyrillic-only": ("Олег Бартунов", []),
    }
    for slug, (name, aliases) in rows.items():
        Speaker.objects.create(slug=slug, name=name, aliases=aliases)
    bars = Company.objects.create(
        slug="bars", name="БАРС Груп", aliases=["BARS Group"], description="Медицина."
    )
    Company.objects.create(slug="dalibo", name="Dalibo", description="Consultancy.")
    edition = Edition.objects.create(
        slug="e", name="E", start_date="2016-02-03", end_date="2016-02-05", is_published=True
    )
    talk = Talk.objects.create(edition=edition, slug="t", title="T", is_published=True)
    TalkSpeaker.objects.create(
        talk=talk, speaker=Speaker.objects.get(slug="cyrillic-with-latin-alias"), company=bars
    )

    new_apps = migrate(AFTER)

    Speaker = new_apps.get_model("talks", "Speaker")
    Company = new_apps.get_model("talks", "Company")
    assert {
        speaker.slug: (speaker.name_en, speaker.name_ru, speaker.aliases)
        for speaker in Speaker.objects.all()
    } == {
        "latin-with-cyrillic-alias": ("Marat Fattakhov", "Марат Фаттахов", ["M. Fattakhov"]),
        "cyrillic-with-latin-alias": ("Ivan Panchenko", "Иван Панченко", ["Ваня"]),
        "latin-only": ("Ronan Dunklau", "", ["R. Dunklau"]),
        "cyrillic-only": ("", "Олег Бартунов", []),
    }
    assert {
        company.slug: (
            company.name_en,
            company.name_ru,
            company.aliases,
            company.description_en,
            company.description_ru,
        )
        for company in Company.objects.all()
    } == {
        "bars": ("BARS Group", "БАРС Груп", [], "", "Медицина."),
        "dalibo": ("Dalibo", "", [], "Consultancy.", ""),
    }
    # What the database keeps was refreshed: the credits carry both spellings, the
    # search document and latin_names hold them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT credits_json FROM talks_talk WHERE slug = 't'")
        (credits,) = cursor.fetchone()
        cursor.execute("SELECT latin_names FROM talks_speaker WHERE slug = 'cyrillic-only'")
        (latin_names,) = cursor.fetchone()
        cursor.execute(
            "SELECT search_vector @@ archive_search_query('БАРС') FROM talks_talk WHERE slug = 't'"
        )
        (found,) = cursor.fetchone()
    credits = credits if isinstance(credits, list) else json.loads(credits)
    assert credits[0]["speaker"]["name_en"] == "Ivan Panchenko"
    assert credits[0]["speaker"]["name_ru"] == "Иван Панченко"
    assert credits[0]["company"]["name_ru"] == "БАРС Груп"
    assert latin_names == "oleg bartunov "  # the aliases (none) follow
    assert found


def test_reversing_puts_one_name_back(old_apps):
    Speaker = old_apps.get_model("talks", "Speaker")
    Speaker.objects.create(slug="ivan", name="Иван Панченко", aliases=["Ivan Panchenko"])
    Speaker.objects.create(slug="oleg", name="Олег Бартунов", aliases=[])
    migrate(AFTER)

    old = migrate(BEFORE)

    Speaker = old.get_model("talks", "Speaker")
    assert {s.slug: (s.name, s.aliases) for s in Speaker.objects.all()} == {
        "ivan": ("Ivan Panchenko", ["Иван Панченко"]),
        "oleg": ("Олег Бартунов", []),
    }
