"""Moderation in the photo admin: move to another gallery, covers, talk tags, who may."""

import pytest
from django.urls import reverse

from conference.groups import PHOTOGRAPHERS
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.placement import propose_talks
from tests.admin_checks import messages_of, photo_change_data
from tests.factories import GalleryFactory, PhotoFactory, StaffFactory, TalkFactory

pytestmark = pytest.mark.django_db

PHOTOS = reverse("admin:photos_photo_changelist")


@pytest.fixture
def photographer_client(client):
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))
    return client


def positions(gallery: Gallery) -> list[tuple[int, int]]:
    return list(gallery.photos.order_by("position", "pk").values_list("pk", "position"))


# --- Move to another gallery ------------------------------------------------------


def test_move_action_shows_intermediate_page_first(organiser_client):
    source = GalleryFactory(title="Day 1")
    photos = PhotoFactory.create_batch(2, gallery=source)
    target = GalleryFactory(title="Party", edition=source.edition)

    response = organiser_client.post(
        PHOTOS, {"action": "move_to_gallery", "_selected_action": [p.pk for p in photos]}
    )

    assert response.status_code == 200
    assert response.template_name == "admin/photos/move_photos.html"
    assert list(response.context["selected"]) == photos
    html = response.content.decode()
    assert f"{target.edition.name} — Party" in html
    assert 'name="post" value="yes"' in html
    assert all(photo.gallery_id == source.pk for photo in Photo.objects.all())


def test_move_action_moves_after_last_photo_in_order(organiser_client):
    source = GalleryFactory()
    first = PhotoFactory(gallery=source, position=1)
    second = PhotoFactory(gallery=source, position=2)
    staying = PhotoFactory(gallery=source, position=3)
    target = GalleryFactory(edition=source.edition, title="Party")
    already = PhotoFactory(gallery=target, position=7)

    response = organiser_client.post(
        PHOTOS,
        {
            "action": "move_to_gallery",
            "_selected_action": [second.pk, first.pk],
            "gallery": target.pk,
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert positions(target) == [(already.pk, 7), (first.pk, 8), (second.pk, 9)]
    assert positions(source) == [(staying.pk, 3)]
    assert messages_of(response) == ["2 photos moved to “Party”."]


def test_move_action_clears_old_cover_and_foreign_talk(organiser_client):
    talk = TalkFactory()
    source = GalleryFactory(edition=talk.edition)
    cover = PhotoFactory(gallery=source, talk=talk)
    source.cover = cover
    source.save()
    same_edition = PhotoFactory(gallery=source, talk=talk)
    target = GalleryFactory()  # another edition
    kept_talk_target = GalleryFactory(edition=talk.edition)

    organiser_client.post(
        PHOTOS,
        {
            "action": "move_to_gallery",
            "_selected_action": [cover.pk],
            "gallery": target.pk,
            "post": "yes",
        },
    )
    organiser_client.post(
        PHOTOS,
        {
            "action": "move_to_gallery",
            "_selected_action": [same_edition.pk],
            "gallery": kept_talk_target.pk,
            "post": "yes",
        },
    )

    source.refresh_from_db()
    cover.refresh_from_db()
    same_edition.refresh_from_db()
    assert source.cover is None
    assert (cover.gallery, cover.talk) == (target, None)
    assert (same_edition.gallery, same_edition.talk) == (kept_talk_target, talk)


def test_move_action_without_gallery_shows_error(organiser_client):
    photo = PhotoFactory()

    response = organiser_client.post(
        PHOTOS, {"action": "move_to_gallery", "_selected_action": [photo.pk], "post": "yes"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["gallery"] == ["This field is required."]
    assert Photo.objects.get().gallery == photo.gallery


def test_move_action_refused_to_photographer(photographer_client):
    photo = PhotoFactory()
    target = GalleryFactory()

    photographer_client.post(
        PHOTOS,
        {
            "action": "move_to_gallery",
            "_selected_action": [photo.pk],
            "gallery": target.pk,
            "post": "yes",
        },
    )

    photo.refresh_from_db()
    assert photo.gallery != target


# --- Covers --------------------------------------------------------------------


def test_use_as_cover_sets_cover_of_each_gallery(organiser_client):
    day1, day2 = GalleryFactory(title="Day 1"), GalleryFactory(title="Day 2")
    first = PhotoFactory(gallery=day1, position=1)
    later = PhotoFactory(gallery=day1, position=2)
    other = PhotoFactory(gallery=day2)

    response = organiser_client.post(
        PHOTOS,
        {"action": "use_as_cover", "_selected_action": [later.pk, first.pk, other.pk]},
    )

    day1.refresh_from_db()
    day2.refresh_from_db()
    assert (day1.cover, day2.cover) == (first, other)  # one per gallery, the first in order
    assert messages_of(response) == ["New covers for the galleries “Day 1”, “Day 2”."]


def test_use_as_cover_warns_when_photo_not_published(organiser_client):
    photo = PhotoFactory(status=PhotoStatus.PENDING, gallery__title="Day 1")

    response = organiser_client.post(
        PHOTOS, {"action": "use_as_cover", "_selected_action": [photo.pk]}
    )

    photo.gallery.refresh_from_db()
    assert photo.gallery.cover == photo
    assert messages_of(response) == [
        "New cover for the gallery “Day 1”.",
        "1 of them is not published: its gallery shows it once it is.",
    ]


def test_use_as_cover_refused_to_photographer(photographer_client):
    photo = PhotoFactory()

    photographer_client.post(PHOTOS, {"action": "use_as_cover", "_selected_action": [photo.pk]})

    photo.gallery.refresh_from_db()
    assert photo.gallery.cover is None


def test_photographer_sees_no_moderation_actions(photographer_client):
    PhotoFactory()

    response = photographer_client.get(PHOTOS)

    action_form = response.context["action_form"]  # None when no action is left at all
    choices = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert {"publish_photos", "reject_photos", "move_to_gallery", "use_as_cover"}.isdisjoint(
        choices
    )


def test_organiser_sees_moderation_actions(organiser_client):
    PhotoFactory()

    response = organiser_client.get(PHOTOS)

    choices = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert {"publish_photos", "reject_photos", "move_to_gallery", "use_as_cover"} <= set(choices)


# --- Reorder and tags ------------------------------------------------------------


def test_positions_editable_in_list_by_organiser(organiser_client):
    gallery = GalleryFactory()
    first, second = PhotoFactory.create_batch(2, gallery=gallery)

    response = organiser_client.get(PHOTOS, {"gallery__id__exact": gallery.pk})
    formset = response.context["cl"].formset

    assert formset is not None
    assert [form.instance for form in formset.forms] == [first, second]
    assert list(formset.forms[0].fields) == ["position", "id"]


def test_talk_of_another_edition_refused(organiser_client):
    photo = PhotoFactory()
    elsewhere = TalkFactory()  # another edition

    response = organiser_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(photo, talk=elsewhere.pk),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["talk"]
    assert errors == [
        f"Choose a talk of {photo.gallery.edition}, the edition of this photo’s gallery."
    ]
    photo.refresh_from_db()
    assert photo.talk is None


def test_talk_of_the_gallery_edition_accepted(organiser_client):
    photo = PhotoFactory()
    talk = TalkFactory(edition=photo.gallery.edition)

    response = organiser_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(photo, talk=talk.pk),
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.talk == talk


def test_talk_chosen_by_hand_replaces_a_proposal(organiser_client):
    proposed = TalkFactory()
    photo = PhotoFactory(gallery__edition=proposed.edition, taken_at=proposed.start)
    propose_talks(photo_ids=[photo.pk])
    assert Photo.objects.get(pk=photo.pk).proposed_talk == proposed
    chosen = TalkFactory(edition=proposed.edition, slug="chosen")

    response = organiser_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(photo, talk=chosen.pk),
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.talk, photo.proposed_talk) == (chosen, None)
