"""photos/visibility.py's SQL fragments select what Gallery.objects.published() and
Photo.objects.published() select, on data that tells the rules apart: a pending and a
rejected photo in a public gallery, a published photo in a draft gallery and in a
published gallery of a draft edition."""

import pytest
from django.db import connection

from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.visibility import GALLERY_IS_PUBLIC, PHOTO_IS_PUBLIC
from tests.factories import EditionFactory, GalleryFactory, PhotoFactory

pytestmark = pytest.mark.django_db

GALLERIES = (
    "photos_gallery AS gallery"
    " JOIN conference_edition AS edition ON edition.id = gallery.edition_id"
)
PHOTOS = f"photos_photo AS photo JOIN {GALLERIES} ON gallery.id = photo.gallery_id"


def ids(sql: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def photos():
    """Returns (the public gallery, its one public photo)."""
    published = EditionFactory()
    public_gallery = GalleryFactory(edition=published)
    public_photo = PhotoFactory(gallery=public_gallery)
    PhotoFactory(gallery=public_gallery, status=PhotoStatus.PENDING)
    PhotoFactory(gallery=public_gallery, status=PhotoStatus.REJECTED)
    PhotoFactory(gallery=GalleryFactory(edition=published, is_published=False))
    PhotoFactory(gallery=GalleryFactory(edition=EditionFactory(is_published=False)))
    return public_gallery, public_photo


def test_gallery_fragment_selects_gallery_objects_published(photos):
    found = ids(f"SELECT gallery.id FROM {GALLERIES} WHERE {GALLERY_IS_PUBLIC}")  # noqa: S608 -- constant fragments
    published = set(Gallery.objects.published().values_list("pk", flat=True))
    assert found == published == {photos[0].pk}


def test_photo_fragment_selects_photo_objects_published(photos):
    found = ids(f"SELECT photo.id FROM {PHOTOS} WHERE {PHOTO_IS_PUBLIC}")  # noqa: S608 -- constant fragments
    published = set(Photo.objects.published().values_list("pk", flat=True))
    assert found == published == {photos[1].pk}
