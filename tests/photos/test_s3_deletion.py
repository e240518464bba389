"""Deleting photos, galleries, editions and talks with both storages on S3 (moto's server).

As tests/photos/test_deletion.py does on the filesystem, but listing the buckets: after a
delete nothing is left, after a rolled-back one everything is; and unpublishing a gallery
empties the public bucket of its photos while the private one keeps their originals. The
tests commit for real (files are deleted once a transaction commits), see test_s3.py.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from conference.services import delete_editions, set_editions_published
from photos.choices import PhotoStatus
from photos.models import Photo
from photos.services import add_photo, delete_photos, set_galleries_published
from talks.services import delete_talks
from tests.factories import EditionFactory, GalleryFactory, TalkFactory, jpeg_bytes
from tests.photos.test_s3 import s3  # noqa: F401 -- the moto server fixture, used by name

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def published_photo(gallery=None) -> Photo:
    """A public photo, its renditions built at once (into the public bucket)."""
    return add_photo(
        gallery=gallery or GalleryFactory(),
        file=SimpleUploadedFile("p.jpg", jpeg_bytes(1000, 700)),
        status=PhotoStatus.PUBLISHED,
        build_now=True,
    )


def talk_with_slides(**fields):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 255, 255)).save(buffer, "PDF")
    talk = TalkFactory(**fields)
    talk.slides_file.save("slides.pdf", ContentFile(buffer.getvalue()))
    return talk


def buckets(server) -> tuple[list[str], list[str]]:
    """(public keys, private keys)."""
    return server.keys(server.public), server.keys(server.private)


def delete_then_fail(edition) -> None:
    with transaction.atomic():
        delete_editions(editions=[edition])
        raise RuntimeError("the surrounding transaction fails")


def test_photo_deleted_on_s3_leaves_nothing_in_either_bucket(s3):  # noqa: F811 -- the fixture
    photo = published_photo()
    public, private = buckets(s3)
    assert (len(public), private) == (photo.renditions.count(), [photo.original.name])

    assert delete_photos(photos=[photo]) == 1

    assert buckets(s3) == ([], [])


def test_gallery_deleted_in_admin_on_s3_leaves_nothing(s3, admin_client):  # noqa: F811 -- the fixture
    gallery = GalleryFactory()
    published_photo(gallery), published_photo(gallery)
    assert all(buckets(s3))

    response = admin_client.post(
        reverse("admin:photos_gallery_changelist"),
        {"action": "delete_selected", "_selected_action": [gallery.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert buckets(s3) == ([], [])


def test_edition_and_talk_deleted_on_s3_leave_nothing(s3):  # noqa: F811 -- the fixture
    edition = EditionFactory()
    published_photo(GalleryFactory(edition=edition))
    talk_with_slides(edition=edition)
    lone_talk = talk_with_slides()
    public, private = buckets(s3)
    assert sum(key.startswith("media/slides/") for key in public) == 2
    assert len(private) == 1

    delete_editions(editions=[edition])
    assert buckets(s3) == ([f"media/{lone_talk.slides_file.name}"], [])

    delete_talks(talks=[lone_talk])
    assert buckets(s3) == ([], [])


def test_deletion_rolled_back_on_s3_keeps_every_file(s3):  # noqa: F811 -- the fixture
    edition = EditionFactory()
    published_photo(GalleryFactory(edition=edition))
    talk_with_slides(edition=edition)
    before = buckets(s3)

    with pytest.raises(RuntimeError):
        delete_then_fail(edition)

    assert buckets(s3) == before
    assert all(before)


def test_unpublishing_on_s3_empties_the_public_bucket_and_publishing_refills_it(
    s3,  # noqa: F811 -- the fixture
):
    photo = published_photo()
    gallery, edition = photo.gallery, photo.gallery.edition
    count = photo.renditions.count()

    set_galleries_published(galleries=[gallery], is_published=False)
    assert buckets(s3) == ([], [photo.original.name])  # the original stays, private

    set_galleries_published(galleries=[gallery], is_published=True)
    assert len(s3.keys(s3.public)) == count

    set_editions_published(editions=[edition], is_published=False)
    assert buckets(s3) == ([], [photo.original.name])

    set_editions_published(editions=[edition], is_published=True)
    assert len(s3.keys(s3.public)) == count
