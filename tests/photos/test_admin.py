import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conference.groups import PHOTOGRAPHERS
from photos.choices import PhotoStatus, RenditionFormat, RenditionsStatus
from photos.models import Gallery, Photo
from tests.admin_checks import assert_changelist_queries, messages_of, photo_change_data
from tests.factories import (
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

GALLERIES = reverse("admin:photos_gallery_changelist")
PHOTOS = reverse("admin:photos_photo_changelist")


@pytest.fixture
def photographer(client):
    user = StaffFactory(groups=[PHOTOGRAPHERS])
    client.force_login(user)
    return user


# Rows with everything a list shows, so that a per-row query would change the count.
def make_galleries(count):
    for gallery in GalleryFactory.create_batch(count, talk=TalkFactory()):
        PhotoFactory.create_batch(2, gallery=gallery)


def make_photos(count):
    for photo in PhotoFactory.create_batch(count, talk=TalkFactory()):
        photo.speakers.add(SpeakerFactory())
        RenditionFactory(photo=photo, width=480)
        RenditionFactory(photo=photo, width=960)


CHANGELISTS = [
    # (changelist, rows, queries as a superuser, as an organiser)
    pytest.param(GALLERIES, make_galleries, 6, 8, id="gallery"),
    pytest.param(PHOTOS, make_photos, 7, 9, id="photo"),
]


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("url", "make_rows", "queries", "_"), CHANGELISTS)
def test_changelist_query_count_fixed_as_superuser(
    admin_client, django_assert_num_queries, url, make_rows, queries, _, rows
):
    assert_changelist_queries(
        admin_client, django_assert_num_queries, url, make_rows, queries, rows
    )


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("url", "make_rows", "_", "queries"), CHANGELISTS)
def test_changelist_query_count_fixed_as_organiser(
    organiser_client, django_assert_num_queries, url, make_rows, _, queries, rows
):
    # two more than a superuser: the user's own and their groups' permissions
    assert_changelist_queries(
        organiser_client, django_assert_num_queries, url, make_rows, queries, rows
    )


# --- thumbnails: renditions only, never the private original ----------------


def test_photo_changelist_thumbnail_is_smallest_jpeg_rendition(admin_client):
    photo = PhotoFactory()
    RenditionFactory(photo=photo, width=960)
    smallest = RenditionFactory(photo=photo, width=480)
    RenditionFactory(photo=photo, width=240, format=RenditionFormat.WEBP)

    response = admin_client.get(PHOTOS)

    assert f'src="{smallest.file.url}"' in response.text
    assert photo.original.name not in response.text


def test_photo_changelist_thumbnail_without_renditions_is_its_preview(admin_client):
    # Pending: no public rendition, so the thumbnail comes from the permission-checked preview.
    photo = PhotoFactory(status=PhotoStatus.PENDING)
    preview = reverse("photo-staff:photo-preview", kwargs={"pk": photo.pk, "width": 96})

    response = admin_client.get(PHOTOS)

    assert re.search(
        rf'<th class="field-thumbnail"><a href="[^"]+"><img src="{preview}" ', response.text
    )
    assert photo.original.name not in response.text
    assert "/media/" not in response.text  # no public file of it anywhere


def test_photo_change_page_never_links_original(admin_client):
    photo = PhotoFactory()
    rendition = RenditionFactory(photo=photo)

    response = admin_client.get(reverse("admin:photos_photo_change", args=[photo.pk]))

    assert response.status_code == 200
    assert "original" not in response.context["adminform"].form.fields
    assert photo.original.name not in response.text
    assert rendition.file.url in response.text


# --- moderation actions -----------------------------------------------------


def test_photo_publish_action_publishes_selected(organiser_client):
    pending = PhotoFactory.create_batch(2, status=PhotoStatus.PENDING)
    untouched = PhotoFactory(status=PhotoStatus.PENDING)

    response = organiser_client.post(
        PHOTOS, {"action": "publish_photos", "_selected_action": [p.pk for p in pending]}
    )

    assert list(Photo.objects.filter(status=PhotoStatus.PUBLISHED).order_by("pk")) == pending
    untouched.refresh_from_db()
    assert untouched.status == PhotoStatus.PENDING
    assert messages_of(response) == ["2 photos were published."]


def test_photo_reject_action_rejects_selected(organiser_client):
    photo = PhotoFactory(status=PhotoStatus.PUBLISHED)

    response = organiser_client.post(
        PHOTOS, {"action": "reject_photos", "_selected_action": [photo.pk]}
    )

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.REJECTED
    assert messages_of(response) == ["1 photo was rejected."]


def test_gallery_publish_and_unpublish_actions(organiser_client):
    draft = GalleryFactory(is_published=False)
    published = GalleryFactory(is_published=True)

    organiser_client.post(GALLERIES, {"action": "publish_selected", "_selected_action": [draft.pk]})
    organiser_client.post(
        GALLERIES, {"action": "unpublish_selected", "_selected_action": [published.pk]}
    )

    assert list(Gallery.objects.filter(is_published=True)) == [draft]


# --- gallery covers ---------------------------------------------------------


def test_gallery_cover_choices_only_its_own_photos(admin_client):
    gallery = GalleryFactory()
    own = PhotoFactory.create_batch(2, gallery=gallery)
    PhotoFactory()  # in another gallery

    response = admin_client.get(reverse("admin:photos_gallery_change", args=[gallery.pk]))

    cover = response.context["adminform"].form.fields["cover"]
    assert list(cover.queryset.order_by("pk")) == own


def test_gallery_add_page_has_no_cover(admin_client):
    response = admin_client.get(reverse("admin:photos_gallery_add"))

    assert response.status_code == 200
    assert "cover" not in response.context["adminform"].form.fields


# --- what photographers may do ---------------------------------------------


def test_photo_add_page_opens_for_photographer(client, photographer):
    response = client.get(reverse("admin:photos_photo_add"))

    assert response.status_code == 200
    # No talk or speaker pickers: their searches are closed to photographers.
    assert {"talk", "speakers", "status"}.isdisjoint(response.context["adminform"].form.fields)


def test_photo_added_by_photographer_is_theirs_and_pending(
    client, photographer, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(80, 60), content_type="image/jpeg")

    # The renditions task is enqueued when the new photo commits (the immediate backend).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:photos_photo_add"),
            {
                "gallery": gallery.pk,
                "original": upload,
                "caption_en": "Opening keynote",
                "alt_text_en": "A speaker on stage in front of a full hall",
                "credit": "",
                "taken_at_0": "",
                "taken_at_1": "",
                "status": PhotoStatus.PUBLISHED,  # ignored: photographers cannot publish
                "position": 0,
                "placeholder_color": "",
            },
        )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.uploaded_by, photo.status, photo.width, photo.height) == (
        photographer,
        PhotoStatus.PENDING,
        80,
        60,
    )
    # Pending: no public file; the admin shows it through the preview.
    assert (photo.renditions_status, photo.renditions.count()) == (RenditionsStatus.WITHDRAWN, 0)


def test_photo_add_over_the_upload_limit_refused(client, photographer, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("IMG_0002.jpg", jpeg_bytes(), content_type="image/jpeg")

    response = client.post(
        reverse("admin:photos_photo_add"),
        {"gallery": GalleryFactory().pk, "original": upload, "position": 0},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["original"][0].code == (
        "file_too_large"
    )
    assert not Photo.objects.exists()


def test_photo_change_refused_to_photographer(client, photographer):
    photo = PhotoFactory(caption="Before", uploaded_by=photographer)

    response = client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        {"gallery": photo.gallery_id, "caption_en": "After", "position": 0},
    )

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption == "Before"


def test_photo_publish_action_refused_to_photographer(client, photographer):
    photo = PhotoFactory(status=PhotoStatus.PENDING)

    client.post(PHOTOS, {"action": "publish_photos", "_selected_action": [photo.pk]})

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.PENDING


def test_photo_changelist_opens_for_photographer(client, photographer):
    make_photos(2)

    response = client.get(PHOTOS)

    assert response.status_code == 200
    assert response.context["cl"].formset is None  # positions are not editable


def test_photo_change_by_organiser_keeps_original(organiser_client):
    photo = PhotoFactory(caption="Before")
    original = photo.original.name
    talk, speaker = TalkFactory(edition=photo.gallery.edition), SpeakerFactory()

    response = organiser_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(
            photo,
            caption="Hall 1, day one",
            status=PhotoStatus.PUBLISHED,
            position=3,
            placeholder_color="",
            talk=talk.pk,
            speakers=[speaker.pk],
        ),
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.position, photo.talk, photo.original.name) == (
        "Hall 1, day one",
        3,
        talk,
        original,
    )
    assert list(photo.speakers.all()) == [speaker]
