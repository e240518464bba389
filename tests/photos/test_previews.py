"""The organisers' preview of any photo (photos/previews.py): who may see it, and what."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import ExifTags, Image

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from photos.choices import PhotoStatus
from tests.factories import PhotoFactory, StaffFactory, UserFactory
from tests.photos.test_upload import gps_jpeg

pytestmark = pytest.mark.django_db


def preview(photo, width=96) -> str:
    return reverse("photo-staff:photo-preview", kwargs={"pk": photo.pk, "width": width})


@pytest.fixture
def pending_photo():
    # Taken with GPS, of 1200 x 800 pixels: nothing of either may come out.
    return PhotoFactory(
        status=PhotoStatus.PENDING, original=ContentFile(gps_jpeg(), name="gps.jpg")
    )


def test_preview_refused_to_anonymous_visitors(client, pending_photo):
    response = client.get(preview(pending_photo))

    assert response.status_code == 403
    assert response["Content-Type"] != "image/jpeg"


def test_preview_refused_to_staff_without_the_permission(client, pending_photo):
    client.force_login(StaffFactory())  # staff, but may not view photos
    assert client.get(preview(pending_photo)).status_code == 403

    client.force_login(UserFactory())  # signed in, not staff
    assert client.get(preview(pending_photo)).status_code == 403


@pytest.mark.parametrize("group", [PHOTOGRAPHERS, ORGANISERS])
def test_preview_of_pending_photo_is_a_small_jpeg_without_metadata(client, pending_photo, group):
    client.force_login(StaffFactory(groups=[group]))

    response = client.get(preview(pending_photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    data = b"".join(response)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", (96, 64))
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"SN-123456" not in data


def test_preview_asked_again_with_its_etag_is_not_modified(client, pending_photo):
    client.force_login(StaffFactory(groups=[ORGANISERS]))
    first = client.get(preview(pending_photo))

    again = client.get(preview(pending_photo), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_preview_other_width_or_unknown_photo_is_404(client, pending_photo):
    client.force_login(StaffFactory(groups=[ORGANISERS]))

    assert client.get(preview(pending_photo, width=97)).status_code == 404
    assert client.get(preview(pending_photo, width=5000)).status_code == 404
    missing = PhotoFactory.build(pk=999_999)
    assert client.get(preview(missing)).status_code == 404


def test_preview_refuses_posts(client, pending_photo):
    client.force_login(StaffFactory(groups=[ORGANISERS]))

    assert client.post(preview(pending_photo)).status_code == 405
