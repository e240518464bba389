"""The moderation page in Chromium: axe clean, a talk's photos confirmed at once, and a
photo published and another rejected with the keyboard alone."""

import datetime

import pytest
from playwright.sync_api import expect

from photos.choices import PhotoStatus
from photos.models import Photo
from photos.placement import propose_talks
from tests.browser.test_public_pages import assert_accessible
from tests.factories import GalleryFactory, PhotoFactory, SpeakerFactory, StaffFactory, TalkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The Organisers group's photo permissions, granted directly (see test_photo_upload).
ORGANISER_PERMISSIONS = ["photos.add_photo", "photos.change_photo", "photos.view_photo"]


def sign_in(page) -> None:
    StaffFactory(username="organiser", permissions=ORGANISER_PERMISSIONS)
    page.goto("/admin/login/?next=/photos/moderation/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url("**/photos/moderation/")


def test_organiser_confirms_a_talk_and_moderates_with_keys(page):
    speaker = SpeakerFactory(name="Valentine Gogichashvili")
    talk = TalkFactory(title="Logical replication at Zalando", speakers=[speaker])
    gallery = GalleryFactory(edition=talk.edition, title="Day one")
    during = talk.start + datetime.timedelta(minutes=10)
    photos = PhotoFactory.create_batch(
        3, gallery=gallery, taken_at=during, status=PhotoStatus.PENDING, caption=""
    )
    propose_talks(photo_ids=[photo.pk for photo in photos])

    sign_in(page)
    assert_accessible(page, "moderation")
    page.get_by_role("button", name="Confirm 3 photos of this talk").click()
    expect(page.locator(".notice")).to_contain_text("3 photos placed on their talk.")
    assert Photo.objects.filter(talk=talk).count() == 3

    first = page.locator(".moderation-item").first
    first.focus()
    page.keyboard.press("p")
    expect(first.locator("[data-status]")).to_have_text("1 photo published.")
    # Focus moved to the next photo, which R rejects.
    page.keyboard.press("r")
    second = page.locator(".moderation-item").nth(1)
    expect(second.locator("[data-status]")).to_have_text("1 photo rejected.")
    statuses = [Photo.objects.get(pk=photo.pk).status for photo in photos]
    assert statuses == [PhotoStatus.PUBLISHED, PhotoStatus.REJECTED, PhotoStatus.PENDING]
    assert_accessible(page, "moderation after keys")
    assert page.console_errors == []
