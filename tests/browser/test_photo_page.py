"""A photo's page keeps the picture's place while it loads: nothing below it moves when it
arrives (the audit measured a cumulative layout shift of 0.2 to 0.5 there)."""

import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_lightbox import gallery  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Adds up every layout shift the page makes (https://web.dev/articles/cls).
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def serve_media_late(page):
    """Answer /media/ from MEDIA_ROOT after the page has been drawn without its picture."""
    root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        time.sleep(0.5)
        route.fulfill(path=root / route.request.url.split(settings.MEDIA_URL, 1)[1])

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["1280", "390"])
def test_photo_page_does_not_shift_when_the_picture_arrives(page, gallery, viewport):  # noqa: F811
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(LAYOUT_SHIFTS)
    serve_media_late(page)
    photo = gallery.photos.order_by("position").first()

    page.goto(photo.get_absolute_url(), wait_until="load")
    picture = page.locator(".photo-full img")

    assert picture.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.evaluate("window.layoutShift") == 0
    box = picture.bounding_box()
    # As wide as the page allows, and at most as wide as the picture says it is.
    assert box["width"] <= min(width, int(picture.get_attribute("width")))
    assert box["height"] <= 0.85 * height + 1
    assert page.console_errors == []
