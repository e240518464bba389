"""Moderation status changes and what they do to the public rendition files."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition
from photos.services import add_photo, set_photos_status
from photos.tasks import build_photo_renditions
from tests.admin_checks import messages_of, photo_change_data
from tests.factories import GalleryFactory, PhotoFactory, RenditionFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

PHOTOS = reverse("admin:photos_photo_changelist")
STORAGE = Rendition._meta.get_field("file").storage


@pytest.fixture
def built_photo(django_capture_on_commit_callbacks):
    """A photo whose renditions were really built, so that their files exist."""

    def make(status=PhotoStatus.PUBLISHED) -> Photo:
        with django_capture_on_commit_callbacks(execute=True):
            return add_photo(
                gallery=GalleryFactory(),
                file=SimpleUploadedFile("p.jpg", jpeg_bytes(1000, 700), content_type="image/jpeg"),
                status=status,
                build_now=True,
            )

    return make


def public_files() -> list[str]:
    """Every file in the public storage (the test's own folder, see tests/conftest.py)."""
    root = Path(STORAGE.location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def rendition_files(photo: Photo) -> list[str]:
    names = list(photo.renditions.values_list("file", flat=True))
    assert names  # a check that sees no file proves nothing
    assert all(STORAGE.exists(name) for name in names)
    return names


def test_reject_action_deletes_rendition_files_and_publish_rebuilds_them(
    organiser_client, built_photo, django_capture_on_commit_callbacks
):
    photo = built_photo()
    other = built_photo()
    names, other_names = rendition_files(photo), rendition_files(other)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            PHOTOS, {"action": "reject_photos", "_selected_action": [photo.pk]}
        )

    assert messages_of(response) == ["1 photo was rejected."]
    photo.refresh_from_db()
    assert (photo.status, photo.renditions_status) == (
        PhotoStatus.REJECTED,
        RenditionsStatus.WITHDRAWN,
    )
    assert not photo.renditions.exists()
    assert [name for name in names if STORAGE.exists(name)] == []
    assert rendition_files(other) == other_names  # the photo not selected keeps its files

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            PHOTOS, {"action": "publish_photos", "_selected_action": [photo.pk]}
        )

    # The first message was never shown (no page followed the redirect): both are queued.
    assert messages_of(response) == ["1 photo was rejected.", "1 photo was published."]
    photo.refresh_from_db()
    assert (photo.status, photo.renditions_status) == (
        PhotoStatus.PUBLISHED,
        RenditionsStatus.READY,
    )
    assert len(rendition_files(photo)) == len(names)
    page = organiser_client.get(photo.get_absolute_url())
    assert page.status_code == 200
    assert photo.renditions.first().file.url in page.text


def test_status_changed_in_change_form_withdraws_renditions(
    organiser_client, built_photo, django_capture_on_commit_callbacks
):
    photo = built_photo()
    names = rendition_files(photo)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:photos_photo_change", args=[photo.pk]),
            photo_change_data(
                photo, caption="Changed too", status=PhotoStatus.REJECTED, position=0
            ),
        )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.status, photo.caption, photo.renditions_status) == (
        PhotoStatus.REJECTED,
        "Changed too",
        RenditionsStatus.WITHDRAWN,
    )
    assert not photo.renditions.exists()
    assert [name for name in names if STORAGE.exists(name)] == []


def test_change_form_without_status_change_keeps_renditions(organiser_client, built_photo):
    photo = built_photo()
    names = rendition_files(photo)

    response = organiser_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(
            photo, caption="Only the caption", status=PhotoStatus.PUBLISHED, position=0
        ),
    )

    assert response.status_code == 302
    assert rendition_files(photo) == names


def test_published_photo_back_to_pending_loses_its_renditions(
    built_photo, django_capture_on_commit_callbacks
):
    photo = built_photo()
    names = rendition_files(photo)

    with django_capture_on_commit_callbacks(execute=True):
        changed = set_photos_status(photos=[photo], status=PhotoStatus.PENDING)

    assert changed == 1
    assert not photo.renditions.exists()
    assert [name for name in names if STORAGE.exists(name)] == []


def test_pending_photo_has_no_public_files_until_published(
    built_photo, django_capture_on_commit_callbacks
):
    photo = built_photo(status=PhotoStatus.PENDING)
    assert (photo.renditions_status, photo.renditions.count()) == (RenditionsStatus.WITHDRAWN, 0)
    assert public_files() == []

    with django_capture_on_commit_callbacks(execute=True):
        set_photos_status(photos=[photo], status=PhotoStatus.PUBLISHED)

    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.READY
    assert public_files() == sorted(rendition_files(photo))


def test_rejecting_a_rejected_photo_again_deletes_leftover_renditions(
    django_capture_on_commit_callbacks,
):
    # Rejected before rejecting withdrew renditions: its files are still public.
    photo = PhotoFactory(status=PhotoStatus.REJECTED)
    leftover = RenditionFactory(photo=photo).file.name
    assert STORAGE.exists(leftover)

    with django_capture_on_commit_callbacks(execute=True):
        changed = set_photos_status(photos=[photo], status=PhotoStatus.REJECTED)

    assert changed == 0  # its status did not change
    assert not photo.renditions.exists()
    assert not STORAGE.exists(leftover)


def test_status_change_rolled_back_keeps_files(built_photo):
    photo = built_photo()
    names = rendition_files(photo)

    def reject_then_fail():
        with transaction.atomic():
            set_photos_status(photos=[photo], status=PhotoStatus.REJECTED)
            raise RuntimeError("the surrounding transaction fails")

    with pytest.raises(RuntimeError):
        reject_then_fail()

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.PUBLISHED
    assert rendition_files(photo) == names


def test_build_task_skips_photo_rejected_after_it_was_enqueued():
    photo = PhotoFactory(status=PhotoStatus.REJECTED)

    result = build_photo_renditions.enqueue(photo.pk)

    assert result.return_value == RenditionsStatus.WITHDRAWN
    assert not photo.renditions.exists()
