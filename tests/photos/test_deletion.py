"""Deleting what owns files (photos, galleries, editions, talks) deletes the files too.

On the local filesystem here (tests/photos/test_s3_deletion.py does the same on S3): the
admin's delete page and "delete selected" action, the services, and a rolled-back delete,
which must keep every file. Each test lists the storage folders themselves.
"""

import io

import pytest
from django.contrib.admin.sites import site
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from PIL import Image

from conference.models import Edition
from conference.services import delete_editions
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo, Rendition, TakedownRequest
from photos.services import add_photo, delete_galleries, delete_photos
from talks.models import Speaker, Talk
from tests.factories import EditionFactory, GalleryFactory, TalkFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def stored_files(tmp_path) -> list[str]:
    """Every file in both storages of the test (tests/conftest.py points them at tmp_path)."""
    return sorted(
        str(path.relative_to(tmp_path))
        for folder in ("media", "private-media")
        for path in (tmp_path / folder).rglob("*")
        if path.is_file()
    )


def files_of(photo: Photo) -> list[str]:
    names = [f"private-media/{photo.original.name}"]
    names += [f"media/{name}" for name in photo.renditions.values_list("file", flat=True)]
    assert len(names) > 1  # its renditions were built: the test can fail
    return sorted(names)


def pdf_bytes() -> bytes:
    """A real (one-page) PDF, as slides are."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 255, 255)).save(buffer, "PDF")
    return buffer.getvalue()


@pytest.fixture
def make_photo(django_capture_on_commit_callbacks):
    """A published photo with its original and really built renditions on disk."""

    def make(gallery=None) -> Photo:
        with django_capture_on_commit_callbacks(execute=True):
            return add_photo(
                gallery=gallery or GalleryFactory(),
                file=SimpleUploadedFile("p.jpg", jpeg_bytes(1000, 700)),
                status=PhotoStatus.PUBLISHED,
                build_now=True,
            )

    return make


def delete_then_fail(delete) -> None:
    """Delete in a transaction that then fails: everything it did is rolled back."""
    with transaction.atomic():
        delete()
        raise RuntimeError("the surrounding transaction fails")


def talk_with_slides(**fields) -> Talk:
    talk = TalkFactory(**fields)
    talk.slides_file.save("slides.pdf", ContentFile(pdf_bytes()))
    return talk


# --- photos -------------------------------------------------------------------------


def test_photo_deleted_in_admin_leaves_no_file(
    admin_client, make_photo, tmp_path, django_capture_on_commit_callbacks
):
    photo, other = make_photo(), make_photo()
    kept = files_of(other)
    assert stored_files(tmp_path) == sorted(files_of(photo) + kept)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert list(Photo.objects.all()) == [other]
    assert stored_files(tmp_path) == kept  # the original (with its GPS position) too


def test_photos_deleted_by_bulk_action_leave_no_file(
    admin_client, make_photo, tmp_path, django_capture_on_commit_callbacks
):
    first, second, other = make_photo(), make_photo(), make_photo()
    kept = files_of(other)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:photos_photo_changelist"),
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert list(Photo.objects.all()) == [other]
    assert not Rendition.objects.exclude(photo=other).exists()
    assert stored_files(tmp_path) == kept


def test_photo_with_takedown_request_and_cover_deleted_by_service(
    make_photo, tmp_path, django_capture_on_commit_callbacks
):
    photo = make_photo()
    TakedownRequest.objects.create(photo=photo, reason="It is me")
    Gallery.objects.filter(pk=photo.gallery_id).update(cover=photo)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_photos(photos=Photo.objects.filter(pk=photo.pk))

    assert deleted == 1
    assert not TakedownRequest.objects.exists()
    assert Gallery.objects.get().cover is None
    assert stored_files(tmp_path) == []


def test_photo_deletion_rolled_back_keeps_every_file(
    make_photo, tmp_path, django_capture_on_commit_callbacks
):
    photo = make_photo()
    before = stored_files(tmp_path)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        delete_then_fail(lambda: delete_photos(photos=[photo]))

    assert Photo.objects.filter(pk=photo.pk).exists()
    assert stored_files(tmp_path) == before == files_of(photo)


# --- galleries ------------------------------------------------------------------------


def test_gallery_deleted_in_admin_leaves_no_file_of_its_photos(
    admin_client, make_photo, tmp_path, django_capture_on_commit_callbacks
):
    gallery, other_gallery = GalleryFactory(), GalleryFactory()
    make_photo(gallery), make_photo(gallery)
    kept = files_of(make_photo(other_gallery))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:photos_gallery_delete", args=[gallery.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert list(Gallery.objects.all()) == [other_gallery]
    assert stored_files(tmp_path) == kept


def test_galleries_deleted_by_bulk_action_leave_no_file(
    admin_client, make_photo, tmp_path, django_capture_on_commit_callbacks
):
    galleries = GalleryFactory.create_batch(2)
    for gallery in galleries:
        make_photo(gallery)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:photos_gallery_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [gallery.pk for gallery in galleries],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not Gallery.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files(tmp_path) == []


def test_gallery_deletion_rolled_back_keeps_every_file(
    make_photo, tmp_path, django_capture_on_commit_callbacks
):
    photo = make_photo()
    before = stored_files(tmp_path)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        delete_then_fail(lambda: delete_galleries(galleries=[photo.gallery]))

    assert Photo.objects.filter(pk=photo.pk).exists()
    assert stored_files(tmp_path) == before == files_of(photo)


# --- editions -------------------------------------------------------------------------


def test_edition_deleted_by_service_leaves_no_file(
    make_photo, tmp_path, django_capture_on_commit_callbacks
):
    edition, other = EditionFactory(), EditionFactory()
    make_photo(GalleryFactory(edition=edition))
    talk_with_slides(edition=edition)
    kept = files_of(make_photo(GalleryFactory(edition=other)))
    kept.append(f"media/{talk_with_slides(edition=other).slides_file.name}")

    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_editions(editions=[edition])

    assert deleted == 1
    assert list(Edition.objects.all()) == [other]
    assert not Talk.objects.filter(edition=edition).exists()
    assert stored_files(tmp_path) == sorted(kept)


def test_edition_deleted_in_admin_goes_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    # Galleries and talks protect their edition: the admin deletes an empty one only,
    # through delete_editions (nothing of it left behind either way).
    edition = EditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:conference_edition_delete", args=[edition.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Edition.objects.exists()


def test_edition_deletion_rolled_back_keeps_every_file(
    make_photo, tmp_path, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    make_photo(GalleryFactory(edition=edition))
    talk_with_slides(edition=edition)
    before = stored_files(tmp_path)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        delete_then_fail(lambda: delete_editions(editions=[edition]))

    assert Edition.objects.filter(pk=edition.pk).exists()
    assert stored_files(tmp_path) == before
    assert len(before) > 2


# --- no cascade reaches a file owner behind the services' back ---------------------------


def file_owners() -> set[type[models.Model]]:
    return {
        model
        for model in (Photo, Rendition, Talk, Speaker, Gallery, Edition)
        if any(isinstance(field, models.FileField) for field in model._meta.concrete_fields)
    }


def cascading_into(model, seen=None) -> set[type[models.Model]]:
    """Every model whose deletion deletes rows of `model` (CASCADE, followed back)."""
    seen = set() if seen is None else seen
    for relation in model._meta.get_fields():
        if (
            relation.many_to_one
            and relation.concrete
            and relation.remote_field.on_delete is models.CASCADE
            and relation.related_model not in seen
        ):
            seen.add(relation.related_model)
            cascading_into(relation.related_model, seen)
    return seen


def test_every_cascade_into_a_file_owner_starts_at_an_admin_that_deletes_files():
    # Services delete files; a plain delete (or a new CASCADE) would not. Deletions in the
    # admin go through delete_model/delete_queryset of these admins, so every model that
    # cascades into one owning files must have such an admin, or this fails.
    assert file_owners() == {Photo, Rendition, Talk, Speaker}
    starts = set().union(*(cascading_into(owner) | {owner} for owner in file_owners()))
    assert starts == {Photo, Rendition, Gallery, Talk, Speaker}
    # Renditions are built and withdrawn by services, never deleted by hand.
    assert not site.is_registered(Rendition)
    for model in starts - {Rendition}:
        admin_class = type(site.get_model_admin(model))
        assert "delete_queryset" in vars(admin_class), model
        assert "delete_model" in vars(admin_class), model
