"""conference.db.raw_rows: instances built from SQL rows behave as the ORM's own."""

import json

import pytest
from django.db import connection

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from photos.models import Photo
from talks.models import Speaker, Talk
from talks.readers.rows import select_talks
from tests.conference.test_settings import run_python
from tests.factories import (
    CompanyFactory,
    PhotoFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_instance_loads_a_field_the_row_left_out(django_assert_num_queries):
    talk = TalkFactory(title="Logical replication", duration=None, abstract="WAL, decoded.")
    built = instance(
        Talk,
        {"id": talk.pk, "edition_id": talk.edition_id, "title": talk.title, "duration": None},
    )

    assert (built, built.title, built.duration) == (talk, "Logical replication", None)
    assert "abstract" in built.get_deferred_fields()
    with django_assert_num_queries(1):  # loaded from the row, not a default
        assert built.abstract == "WAL, decoded."


def test_instance_saves_as_an_update_of_its_row():
    speaker = SpeakerFactory(name="Old name", bio="Kept as it was.")
    built = instance(Speaker, {"id": speaker.pk, "name": speaker.name, "slug": speaker.slug})

    built.name = "New name"
    built.save()  # only the fields the row gave: the bio left out stays as stored

    speaker.refresh_from_db()
    assert (speaker.name, speaker.bio) == ("New name", "Kept as it was.")
    assert Speaker.objects.count() == 1


def test_instance_ignores_keys_that_are_not_fields():
    talk = TalkFactory()

    built = instance(Talk, {"id": talk.pk, "title": talk.title, "renditions": []})

    assert not hasattr(built, "renditions")
    assert built.title == talk.title


def test_a_related_instance_assigned_reads_without_queries(django_assert_num_queries):
    talk = TalkFactory()
    edition = talk.edition
    built = instance(Talk, {"id": talk.pk, "edition_id": edition.pk, "title": talk.title})

    built.edition = edition

    with django_assert_num_queries(0):
        assert built.edition is edition
        assert built.edition_id == edition.pk


def test_selected_talks_read_edition_and_credits_without_queries(django_assert_num_queries):
    company = CompanyFactory(name="Postgres Pro")
    credit = TalkSpeakerFactory(speaker__name="Oleg", company=company)
    talk = credit.talk

    ((found, _),) = select_talks("talk.id = %(id)s", {"id": talk.pk})

    with django_assert_num_queries(0):
        assert found.edition == talk.edition
        assert [(c.speaker.name, c.company.name, c.talk) for c in found.credits] == [
            ("Oleg", "Postgres Pro", found)
        ]


def test_an_image_field_keeps_its_dimensions():
    # Photo's ImageField reads width and height through a post_init receiver.
    photo = PhotoFactory()
    columns = column_list(Photo, "photo")
    ((values,), _) = split_row(
        fetch_all(f'SELECT {columns[1]} FROM photos_photo AS photo WHERE photo.id = %(id)s',  # noqa: S608 -- column_list's own names
                  {"id": photo.pk})[0],
        columns,
    )  # fmt: skip

    built = instance(Photo, values)

    assert (built.pk, built.width, built.height) == (photo.pk, photo.width, photo.height)
    assert built.original.name == photo.original.name


def test_json_object_keys_a_row_by_attname_for_instance():
    talk = TalkFactory(title="Logical replication")
    statement = "SELECT {} FROM talks_talk AS t WHERE t.id = %(id)s"
    sql = statement.format(json_object(Talk, "t", ("id", "edition", "title")))

    ((values,),) = fetch_all(sql, {"id": talk.pk})

    assert values == {"id": talk.pk, "edition_id": talk.edition_id, "title": "Logical replication"}
    built = instance(Talk, values)
    assert (built, built.edition_id, built.title) == (talk, talk.edition_id, talk.title)


def test_a_repeated_statement_is_prepared_on_its_connection():
    # The readers' constant statements are planned once per connection (DATABASES
    # OPTIONS: server-side binding and prepare_threshold), not on every request.
    sql = "SELECT t.title FROM talks_talk AS t WHERE t.id = %(id)s AND 'prepared-test' <> ''"
    talk = TalkFactory()
    threshold = connection.settings_dict["OPTIONS"].get("prepare_threshold")
    if not threshold:
        pytest.skip("DATABASE_PREPARE_THRESHOLD=0: nothing is prepared")

    for _ in range(threshold + 1):
        assert fetch_all(sql, {"id": talk.pk}) == [(talk.title,)]

    assert fetch_all(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %(text)s",
        {"text": "%'prepared-test'%"},
    ) == [(1,)]


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [("2", {"server_side_binding": True, "prepare_threshold": 2}), ("0", {})],
)
def test_prepare_threshold_sets_both_options_or_neither(threshold, expected):
    # 0 is for poolers that cannot keep prepared statements: Django's defaults then apply
    # (client-side binding, nothing prepared).
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "options = settings.DATABASES['default'].get('OPTIONS', {}); "
        "print(json.dumps({k: options[k] for k in ('server_side_binding', 'prepare_threshold') "
        "if k in options}))"
    )
    result = run_python(code, DATABASE_PREPARE_THRESHOLD=threshold)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
