"""The gallery lightbox (static/js/lightbox.js) in a real browser: open, move, close.

pytest-django's live server does not serve media (DEBUG is off), so the browser's media
requests are answered by Playwright from the test's MEDIA_ROOT, as a web server would.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from photos.choices import RenditionFormat
from tests.factories import GalleryFactory, PhotoFactory, RenditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def gallery():
    """Three published photos with JPEG renditions, the middle one in portrait."""
    gallery = GalleryFactory(title="Day 1", slug="day-1")
    sizes = [(480, 360), (360, 480), (480, 320)]
    for position, (width, height) in enumerate(sizes):
        photo = PhotoFactory(
            gallery=gallery, position=position, caption=f"Photo number {position + 1}"
        )
        for scale in (1, 2):
            RenditionFactory(
                photo=photo,
                format=RenditionFormat.JPEG,
                width=width * scale,
                height=height * scale,
            )
    return gallery


def serve_media(page):
    """Answer /media/ requests from MEDIA_ROOT (the live server would answer 404)."""
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=root / name)

    page.route(re.compile(re.escape(settings.MEDIA_URL)), fulfil)


def photo_urls(gallery) -> list[str]:
    return [photo.get_absolute_url() for photo in gallery.photos.order_by("position")]


def test_lightbox_opens_moves_with_keys_and_closes_back_to_thumbnail(page, live_server, gallery):
    serve_media(page)
    first, second, _ = photo_urls(gallery)
    page.goto(gallery.get_absolute_url())
    dialog = page.locator("dialog.lightbox")
    expect(dialog).to_be_hidden()

    page.locator(f'.photo-grid a[href="{first}"]').click()

    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Photo number 1")).to_be_visible()
    expect(dialog.locator("[data-lightbox-position]")).to_have_text("Photo 1 of 3")
    expect(dialog.get_by_role("button", name="Previous photo")).to_be_disabled()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    expect(dialog.locator("img")).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('dialog.lightbox img').naturalWidth") > 0
    assert page.url == live_server.url + first  # the permalink, without a reload
    expect(dialog.get_by_role("link", name="Photo page")).to_have_attribute("href", first)
    expect(dialog.get_by_role("link", name=re.compile("Download JPEG"))).to_have_text(
        "Download JPEG (960 × 720)"
    )

    page.keyboard.press("ArrowRight")

    expect(dialog.get_by_role("heading", name="Photo number 2")).to_be_visible()
    expect(dialog.locator("[data-lightbox-position]")).to_have_text("Photo 2 of 3")
    expect(page).to_have_url(live_server.url + second)

    # Tab stays inside the dialog, however often it is pressed.
    for _ in range(8):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.querySelector('dialog.lightbox').contains(document.activeElement)"
        )

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    # Back on the thumbnail of the photo last shown, and on the gallery's own address.
    expect(page.locator(f'.photo-grid a[href="{second}"]')).to_be_focused()
    expect(page).to_have_url(live_server.url + gallery.get_absolute_url())
    assert page.console_errors == []


def test_lightbox_swipe_and_buttons_move_and_stop_at_the_ends(page, live_server, gallery):
    serve_media(page)
    _, _, last = photo_urls(gallery)
    page.goto(gallery.get_absolute_url())
    dialog = page.locator("dialog.lightbox")
    page.locator(f'.photo-grid a[href="{last}"]').click()
    expect(dialog.get_by_role("button", name="Next photo")).to_be_disabled()

    box = dialog.locator("[data-lightbox-image]").bounding_box()
    y = box["y"] + box["height"] / 2
    # A swipe to the right goes back one photo.
    page.mouse.move(box["x"] + 100, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 260, y, steps=5)
    page.mouse.up()
    expect(dialog.locator("[data-lightbox-position]")).to_have_text("Photo 2 of 3")

    dialog.get_by_role("button", name="Previous photo").click()
    expect(dialog.locator("[data-lightbox-position]")).to_have_text("Photo 1 of 3")
    page.keyboard.press("ArrowLeft")  # nothing before the first
    expect(dialog.locator("[data-lightbox-position]")).to_have_text("Photo 1 of 3")

    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(f'.photo-grid a[href="{photo_urls(gallery)[0]}"]')).to_be_focused()
    assert page.console_errors == []


def test_lightbox_open_is_accessible(page, live_server, gallery):
    serve_media(page)
    page.goto(gallery.get_absolute_url())
    page.locator(f'.photo-grid a[href="{photo_urls(gallery)[1]}"]').click()
    expect(page.locator("dialog.lightbox")).to_be_visible()

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]

    assert [violation["id"] for violation in violations] == []


def test_without_javascript_thumbnails_open_photo_pages(browser, live_server, gallery):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    serve_media(page)
    first = photo_urls(gallery)[0]
    page.goto(gallery.get_absolute_url())

    page.locator(f'.photo-grid a[href="{first}"]').click()

    expect(page).to_have_url(live_server.url + first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Photo number 1")
    context.close()
