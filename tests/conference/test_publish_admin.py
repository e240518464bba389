"""Publishing an edition with its talks and galleries: the confirmation page with counts,
what it publishes, who may, one transaction, and what the public then sees."""

import pytest
from django.contrib.messages import get_messages
from django.db import DatabaseError, connection
from django.urls import reverse

from conference.models import Edition
from conference.services import Publication, publish_editions
from conference.web.archive_version import ArchiveVersion
from photos.choices import PhotoStatus
from photos.models import Gallery
from talks.models import Talk
from tests.conference.edition_form import EDITION_INLINES
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    StaffFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:conference_edition_changelist")


def publish_url(edition) -> str:
    return reverse("admin:conference_edition_publish", args=[edition.pk])


@pytest.fixture
def imported():
    """A draft edition as an import leaves it, with a few talks published by hand and
    galleries whose photos moderation published (and one it did not)."""
    edition = EditionFactory(name="PGConf 2016", is_published=False)
    TalkFactory.create_batch(5, edition=edition, is_published=False)
    TalkFactory.create_batch(2, edition=edition, is_published=True)
    day_one = GalleryFactory(edition=edition, is_published=False, title="Day one")
    day_two = GalleryFactory(edition=edition, is_published=False, title="Day two")
    PhotoFactory.create_batch(2, gallery=day_one)
    PhotoFactory(gallery=day_two)
    PhotoFactory(gallery=day_two, status=PhotoStatus.PENDING)
    return edition


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def published_state(edition) -> tuple[bool, list[bool], list[bool]]:
    edition.refresh_from_db()
    talks = Talk.objects.filter(edition=edition).order_by("pk")
    galleries = Gallery.objects.filter(edition=edition).order_by("pk")
    return (
        edition.is_published,
        [talk.is_published for talk in talks],
        [gallery.is_published for gallery in galleries],
    )


def test_publish_page_counts_talks_galleries_and_photos(organiser_client, imported):
    response = organiser_client.get(publish_url(imported))

    assert response.status_code == 200
    [item] = response.context["contents"]
    assert (item.talks, item.talks_published, item.galleries, item.photos) == (7, 2, 2, 3)
    form = response.context["form"]
    assert list(form.fields) == ["talks", "galleries"]
    assert form["talks"].label == "Also publish its 5 unpublished talks"
    assert form["galleries"].label == "Also publish its 2 unpublished galleries"
    content = response.content.decode()
    assert "7 talks" in content
    assert "published already: 2" in content
    assert "3 photos" in content
    # Ticked by default: publishing the edition means its programme and photos.
    assert '<input type="checkbox" name="talks" id="id_talks" checked>' in content
    assert '<input type="checkbox" name="galleries" id="id_galleries" checked>' in content
    # Nothing happens on looking.
    assert published_state(imported) == (False, [False] * 5 + [True] * 2, [False, False])


def test_publish_page_publishes_edition_talks_and_galleries(organiser_client, imported):
    version = ArchiveVersion.current()

    response = organiser_client.post(publish_url(imported), {"talks": "on", "galleries": "on"})

    assert response.status_code == 302
    assert response.url == reverse("admin:conference_edition_change", args=[imported.pk])
    assert published_state(imported) == (True, [True] * 7, [True, True])
    assert messages_of(response) == ["Published: 1 edition, 5 talks, 2 galleries."]
    # The page cache's key moved: cached pages of the archive are stale.
    assert ArchiveVersion.current() != version


def test_publish_page_publishes_the_edition_alone_when_unticked(organiser_client, imported):
    response = organiser_client.post(publish_url(imported), {})

    assert published_state(imported) == (True, [False] * 5 + [True] * 2, [False, False])
    assert messages_of(response) == [
        "Published: 1 edition.",
        "5 talks stay unpublished: the edition's page says its programme is not published yet.",
    ]


def test_publish_page_talks_without_galleries(organiser_client, imported):
    organiser_client.post(publish_url(imported), {"talks": "on"})

    assert published_state(imported) == (True, [True] * 7, [False, False])


def test_publish_action_shows_the_page_for_the_selection(organiser_client, imported):
    other = EditionFactory(is_published=False)
    TalkFactory(edition=other, is_published=False)
    data = {"action": "publish_selected", "_selected_action": [imported.pk, other.pk]}

    response = organiser_client.post(CHANGELIST, data)

    assert response.status_code == 200
    assert [item.edition for item in response.context["contents"]] == [other, imported]
    assert response.context["form"]["talks"].label == "Also publish its 6 unpublished talks"
    assert not Edition.objects.filter(is_published=True).exists()


def test_publish_action_confirmed_publishes_the_selection(organiser_client, imported):
    other = EditionFactory(is_published=False)
    TalkFactory(edition=other, is_published=False)
    data = {
        "action": "publish_selected",
        "_selected_action": [imported.pk, other.pk],
        "post": "yes",
        "talks": "on",
        "galleries": "on",
    }

    response = organiser_client.post(CHANGELIST, data)

    assert response.status_code == 302
    assert published_state(imported) == (True, [True] * 7, [True, True])
    assert published_state(other) == (True, [True], [])
    assert messages_of(response) == ["Published: 2 editions, 6 talks, 2 galleries."]


def test_publish_offers_only_what_the_user_may_publish(client, imported):
    client.force_login(StaffFactory(permissions=["conference.change_edition"]))

    response = client.get(publish_url(imported))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == []
    assert form.refused == ["talks", "galleries"]
    content = response.content.decode()
    assert "You may not publish talks: its 5 unpublished talks stay unpublished." in content


def test_publish_refuses_talks_and_galleries_without_their_permission(client, imported):
    client.force_login(StaffFactory(permissions=["conference.change_edition"]))

    response = client.post(publish_url(imported), {"talks": "on", "galleries": "on"})

    assert response.status_code == 403
    assert published_state(imported) == (False, [False] * 5 + [True] * 2, [False, False])


def test_publish_galleries_with_only_the_gallery_permission(client, imported):
    client.force_login(
        StaffFactory(permissions=["conference.change_edition", "photos.change_gallery"])
    )

    response = client.post(publish_url(imported), {"galleries": "on"})

    assert response.status_code == 302
    assert published_state(imported) == (True, [False] * 5 + [True] * 2, [True, True])


@pytest.mark.parametrize("method", ["get", "post"])
def test_publish_page_forbidden_without_change_edition(client, imported, method):
    client.force_login(StaffFactory(permissions=["talks.change_talk", "photos.change_gallery"]))

    response = getattr(client, method)(publish_url(imported))

    assert response.status_code == 403
    assert published_state(imported)[0] is False


@pytest.fixture
def galleries_refuse_updates():
    """A real failure in the database on the last of publish_editions' UPDATEs, the
    galleries': a trigger that raises, dropped again after the test."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;"
            "CREATE TRIGGER test_refuse_update BEFORE UPDATE ON photos_gallery "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_update()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER test_refuse_update ON photos_gallery;DROP FUNCTION test_refuse_update()"
        )


# Committed transactions (no test transaction around it): a service that wrote in
# autocommit would leave the edition and its talks published when the galleries fail.
# serialized_rollback, as every transactional test here: see test_archive_version_locks.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_editions_is_one_transaction(imported, galleries_refuse_updates):
    with pytest.raises(DatabaseError, match="refused by the test"):
        publish_editions(editions=[imported], talks=True, galleries=True)

    assert published_state(imported) == (False, [False] * 5 + [True] * 2, [False, False])


def test_publish_editions_counts_only_what_changed(imported):
    first = publish_editions(editions=[imported], talks=True, galleries=False)
    again = publish_editions(editions=[imported], talks=True, galleries=True)

    assert first == Publication(editions=1, talks=5, galleries=0)
    assert again == Publication(editions=0, talks=0, galleries=2)


def test_unpublish_action_confirms_and_keeps_talks_state(organiser_client):
    edition = EditionFactory(is_published=True)
    TalkFactory.create_batch(3, edition=edition, is_published=True)
    GalleryFactory(edition=edition, is_published=True)
    data = {"action": "unpublish_selected", "_selected_action": [edition.pk]}

    page = organiser_client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert [item.talks for item in page.context["contents"]] == [3]
    assert published_state(edition)[0] is True

    response = organiser_client.post(CHANGELIST, {**data, "post": "yes"})

    assert response.status_code == 302
    assert published_state(edition) == (False, [True] * 3, [True])
    assert messages_of(response) == ["1 edition was unpublished."]


def test_change_form_offers_publishing_a_draft(organiser_client, imported):
    response = organiser_client.get(reverse("admin:conference_edition_change", args=[imported.pk]))

    assert f'href="{publish_url(imported)}"' in response.content.decode()


def test_change_form_offers_nothing_when_all_is_public(organiser_client):
    edition = EditionFactory(is_published=True)
    TalkFactory(edition=edition, is_published=True)

    response = organiser_client.get(reverse("admin:conference_edition_change", args=[edition.pk]))

    assert f'href="{publish_url(edition)}"' not in response.content.decode()


def test_change_form_checkbox_says_what_stays_hidden(organiser_client, imported):
    change = reverse("admin:conference_edition_change", args=[imported.pk])
    page = organiser_client.get(change)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(is_published="on", start_date="2016-02-03", end_date="2016-02-04")
    data.update(EDITION_INLINES)

    response = organiser_client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert published_state(imported)[0] is True
    [warning] = [m for m in messages_of(response) if "are not yet" in m]
    assert "5 talks and 2 galleries" in warning
    assert f'href="{publish_url(imported)}"' in warning


def test_publish_page_of_a_missing_edition_is_404(organiser_client):
    response = organiser_client.get(reverse("admin:conference_edition_publish", args=[999999]))

    assert response.status_code == 404
