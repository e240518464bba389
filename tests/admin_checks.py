"""Assertions shared by the admin tests of every app."""

from django.contrib.messages import get_messages


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) a response queued for the user."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def assert_changelist_queries(client, django_assert_num_queries, url, make_rows, queries, rows):
    """The changelist at `url` lists `rows` rows made by `make_rows` in exactly `queries`."""
    make_rows(rows)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def photo_change_data(photo, **overrides) -> dict:
    """The photo admin's change form as it comes filled in for `photo`, with `overrides`
    (a `caption` is the English one: caption_en)."""
    if "caption" in overrides:
        overrides["caption_en"] = overrides.pop("caption")
    return {
        "gallery": photo.gallery_id,
        "caption_en": photo.caption_en,
        "caption_ru": photo.caption_ru,
        "alt_text_en": photo.alt_text_en,
        "alt_text_ru": photo.alt_text_ru,
        "credit": photo.credit,
        "taken_at_0": "",
        "taken_at_1": "",
        "status": photo.status,
        "position": photo.position,
        "placeholder_color": photo.placeholder_color,
        "speakers": [],
        "renditions-TOTAL_FORMS": 0,
        "renditions-INITIAL_FORMS": 0,
        **overrides,
    }
