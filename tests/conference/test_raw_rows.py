"""conference.db.raw_rows: instances built from SQL rows behave as the ORM's own."""

import pytest
from django.db.models.signals import post_init

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, relate, split_row
from photos.models import Photo
from talks.models import Speaker, Talk
from tests.factories import PhotoFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_instance_has_the_values_and_state_from_db_gives(django_assert_num_queries):
    talk = TalkFactory(title="Logical replication", duration=None)
    names = ("id", "edition_id", "slug", "title", "duration")
    values = {"id": talk.pk, "edition_id": talk.edition_id, "slug": talk.slug,
              "title": talk.title, "duration": None}  # fmt: skip

    built = instance(Talk, values)
    reference = Talk.from_db("default", names, [values[name] for name in names])

    assert (built.pk, built.title, built.duration) == (talk.pk, "Logical replication", None)
    assert built == reference
    assert built.get_deferred_fields() == reference.get_deferred_fields()
    assert "abstract" in built.get_deferred_fields()
    assert (built._state.adding, built._state.db) == (False, "default")
    with django_assert_num_queries(1):  # a deferred field is loaded, not defaulted
        assert built.abstract == talk.abstract


def test_a_saved_instance_updates_its_row():
    speaker = SpeakerFactory(name="Old name")
    built = instance(Speaker, {"id": speaker.pk, "name": speaker.name, "slug": speaker.slug})

    built.name = "New name"
    built.save(update_fields=["name"])

    speaker.refresh_from_db()
    assert speaker.name == "New name"
    assert Speaker.objects.count() == 1


def test_relate_caches_the_related_instance(django_assert_num_queries):
    talk = TalkFactory()
    edition = talk.edition
    built = instance(Talk, {"id": talk.pk, "edition_id": edition.pk, "title": talk.title})

    relate(built, "edition", edition)

    with django_assert_num_queries(0):
        assert built.edition is edition


def test_a_model_with_post_init_receivers_takes_the_ordinary_path():
    # Photo's ImageField keeps width and height through post_init.
    assert post_init.has_listeners(Photo)
    photo = PhotoFactory()
    columns = column_list(Photo, "photo")
    ((values,), _) = split_row(
        fetch_all(f'SELECT {columns[1]} FROM photos_photo AS photo WHERE photo.id = %(id)s',  # noqa: S608
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
