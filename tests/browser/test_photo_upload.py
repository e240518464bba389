import pytest

from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Photo
from tests.factories import GalleryFactory, StaffFactory
from tests.photos.test_upload import image_bytes

PHOTOGRAPHER_PERMISSIONS = ["photos.add_photo", "photos.view_photo"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def photographer():
    # The Photographers group's permissions, granted directly: a flush by an earlier
    # transactional test removes the group its migration made.
    return StaffFactory(username="photographer", permissions=PHOTOGRAPHER_PERMISSIONS)


def sign_in(page, username: str) -> None:
    page.goto("/admin/login/?next=/photos/upload/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url("**/photos/upload/")


def test_photographer_uploads_three_files_with_a_progress_bar_each(page):
    photographer()
    gallery = GalleryFactory(title="Day one")
    files = [
        {"name": "one.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")},
        {"name": "two.png", "mimeType": "image/png", "buffer": image_bytes("PNG")},
        {"name": "three.webp", "mimeType": "image/webp", "buffer": image_bytes("WEBP")},
    ]

    sign_in(page, "photographer")
    page.select_option("select[name=gallery]", str(gallery.pk))
    page.set_input_files("input[type=file][name=files]", files)

    done = page.locator(".upload-item.is-done")
    done.nth(2).wait_for()
    assert done.count() == 3
    assert page.locator(".upload-item progress").evaluate_all(
        "bars => bars.map(bar => bar.value)"
    ) == [100, 100, 100]
    assert page.locator(".upload-item .upload-name").all_inner_texts() == [
        "one.jpg",
        "two.png",
        "three.webp",
    ]
    assert (
        page.locator(".upload-item .upload-status").all_inner_texts() == ["Uploaded · Pending"] * 3
    )
    assert page.locator("[data-summary]").inner_text() == "3 of 3 uploaded, 0 failed."
    photos = Photo.objects.filter(gallery=gallery)
    assert (
        sorted(photos.values_list("status", "renditions_status"))
        # Pending: no public renditions until an organiser publishes them.
        == [(PhotoStatus.PENDING, RenditionsStatus.WITHDRAWN)] * 3
    )
    assert page.console_errors == []


def test_bad_file_gets_its_own_error_beside_a_good_one(page):
    photographer()
    gallery = GalleryFactory()
    files = [
        {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo " * 50},
        {"name": "good.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")},
    ]

    sign_in(page, "photographer")
    page.select_option("select[name=gallery]", str(gallery.pk))
    page.set_input_files("input[type=file][name=files]", files)

    page.locator(".upload-item.is-done").wait_for()
    failed = page.locator(".upload-item.is-failed")
    failed.wait_for()
    assert failed.locator(".upload-name").inner_text() == "notes.jpg"
    assert (
        failed.locator(".upload-status")
        .inner_text()
        .startswith("This file is not an image; please upload JPEG, PNG, WebP")
    )
    assert page.locator("[data-summary]").inner_text() == "1 of 2 uploaded, 1 failed."
    assert Photo.objects.count() == 1
    # The 400 answer is logged by the browser as a failed resource load, nothing else.
    assert all("400" in message for message in page.console_errors)
