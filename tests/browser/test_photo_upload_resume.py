"""Hundreds of photos after a conference day, in Chromium, through the resumable protocol
(photos/chunked.py): files dropped before the gallery is chosen wait for it, the page is
reloaded mid-way and the same files picked again, and every file is accounted for: each
photo once, the broken file refused with its message. A failing connection is retried by
itself, and by the Retry button once it gives up."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from photos.choices import IncomingState
from photos.incoming_models import IncomingUpload
from photos.models import Photo
from tests.browser.test_photo_upload import photographer, sign_in
from tests.browser.test_public_pages import assert_accessible
from tests.factories import GalleryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHUNK = 4096


@pytest.fixture(autouse=True)
def small_chunks(settings):
    settings.PHOTO_UPLOAD_CHUNK_BYTES = CHUNK


def noisy_jpeg(seed: int) -> bytes:
    """A small photo of a few chunks, its bytes its own."""
    buffer = io.BytesIO()
    Image.effect_noise((72, 72), 20 + seed).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def day_of_photos() -> list[dict]:
    files = [
        {"name": f"IMG_{n:04d}.jpg", "mimeType": "image/jpeg", "buffer": noisy_jpeg(n)}
        for n in range(19)
    ]
    broken = {"name": "broken.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo " * 600}
    return [*files[:7], broken, *files[7:]]


def test_twenty_files_with_a_reload_mid_way_are_all_accounted_for(page):
    photographer()
    gallery = GalleryFactory(title="Day one")
    files = day_of_photos()
    summary = page.locator("[data-summary]")

    sign_in(page, "photographer")
    # Picked before a gallery is chosen: they wait, and the page says so.
    page.set_input_files("input[type=file][name=files]", files)
    expect(page.locator("[data-gallery-note]")).to_have_text(
        "Files waiting for a gallery: 20. Choose one above and they start."
    )
    assert IncomingUpload.objects.count() == 0
    page.select_option("select[name=gallery]", str(gallery.pk))
    expect(page.locator("[data-gallery-note]")).to_be_hidden()
    # (wait_for_function evaluates a string, which the page's CSP forbids: locators poll.)
    expect(page.locator(".upload-item.is-done").nth(4)).to_be_attached(timeout=30_000)

    page.reload()
    # The list comes back: what landed shows as uploaded, the rest asks to be picked again.
    expect(page.locator(".upload-item")).to_have_count(20)
    expect(page.locator("[data-resume-note]")).to_contain_text("Pick or drop them again")
    landed_before = page.locator(".upload-item.is-done").count()
    assert landed_before >= 5
    assert_accessible(page, "upload page after a reload")
    # All twenty picked again: the landed ones are skipped, the others go on.
    page.set_input_files("input[type=file][name=files]", files)
    expect(summary).to_have_text("19 of 20 uploaded, 1 failed.", timeout=60_000)

    failed = page.locator(".upload-item.is-failed")
    expect(failed).to_have_count(1)
    assert failed.locator(".upload-name").inner_text() == "broken.jpg"
    assert re.match(
        "This file is not an image; please upload JPEG",
        failed.locator(".upload-status").inner_text(),
    )
    expect(page.locator("[data-resume-note]")).to_be_hidden()
    assert page.locator(".upload-item .upload-name").all_inner_texts() == [
        file["name"] for file in files
    ]
    photos = Photo.objects.filter(gallery=gallery)
    assert photos.count() == 19
    done = IncomingUpload.objects.filter(state=IncomingState.DONE)
    assert sorted(done.values_list("name", flat=True)) == sorted(
        file["name"] for file in files if file["name"] != "broken.jpg"
    )
    assert sorted(done.values_list("photo", flat=True)) == sorted(
        photos.values_list("pk", flat=True)
    )
    # One upload batch for the whole day, across the reload.
    assert photos.values("batch").distinct().count() == 1
    assert_accessible(page, "upload page when finished")
    # Failed loads (the broken file's 400) only; no CSP violation, no script error.
    assert all("status of 4" in message for message in page.console_errors), page.console_errors


def test_a_failing_connection_is_retried_then_the_retry_button_finishes_it(page):
    photographer()
    gallery = GalleryFactory()
    cut = {"on": True, "attempts": 0}

    def chunk_route(route):
        if cut["on"]:
            cut["attempts"] += 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.clock.install()
    sign_in(page, "photographer")
    page.route(re.compile(r".*/photos/upload/chunked/[0-9a-f-]{36}/$"), chunk_route)
    page.select_option("select[name=gallery]", str(gallery.pk))
    page.set_input_files(
        "input[type=file][name=files]",
        [{"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": noisy_jpeg(1)}],
    )
    item = page.locator(".upload-item")
    # Skip the waits between attempts (1, 2, 4 and 8 seconds) instead of sleeping, each
    # once it is set: the failed request before it ends on the browser's own time.
    for seconds in (1, 2, 4, 8):
        expect(item.locator(".upload-status")).to_contain_text(f"trying again in {seconds} s")
        page.clock.run_for(seconds * 1000 + 100)
    retry = item.get_by_role("button", name="Retry hall.jpg")
    expect(retry).to_be_visible()
    expect(page.locator("[data-summary]")).to_have_text("0 of 1 uploaded, 1 failed.")
    assert cut["attempts"] == 5
    assert Photo.objects.count() == 0

    cut["on"] = False
    retry.focus()
    page.keyboard.press("Enter")

    expect(page.locator("[data-summary]")).to_have_text("1 of 1 uploaded, 0 failed.")
    expect(retry).to_be_hidden()
    assert Photo.objects.filter(gallery=gallery).count() == 1
