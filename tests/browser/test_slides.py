"""The slides viewer of a talk page (static/js/slides.js) in a real browser: the keys,
the buttons, the address of each slide, the list without JavaScript, and axe on a phone
and a desktop in both languages, light and dark.

The deck is a real PDF read by the real extraction (the tasks run at once here), its
images answered from MEDIA_ROOT as in tests/browser/test_lightbox.py.
"""

import re

import pytest
from playwright.sync_api import expect

from talks.decks.services import upload_slides
from tests.browser.test_lightbox import serve_media
from tests.browser.test_public_pages import assert_accessible
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = 6
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def talk():
    """A public talk with a six-page deck, its images drawn (the extraction runs once the
    upload commits: this test's transactions are real)."""
    talk = TalkFactory(title="Vacuum, slide by slide", abstract="How VACUUM works. " * 20)
    words = [f"words of page {number}" for number in range(2, PAGES + 1)]
    upload_slides(talk=talk, file=upload(deck(*words)))
    return talk


def shown(page) -> list[str]:
    """The ids of the slides the viewer shows."""
    return page.eval_on_selector_all(
        ".slides-page", "pages => pages.filter(p => p.offsetParent !== null).map(p => p.id)"
    )


def test_keys_and_buttons_move_and_the_address_follows(page, live_server, talk):
    serve_media(page)
    page.goto(talk.get_absolute_url())
    stage = page.locator("[data-slides-stage]")
    position = page.locator("[data-slides-position]")
    expect(position).to_have_text(f"Slide 1 of {PAGES}")
    assert shown(page) == ["slide-1"]
    expect(page.get_by_role("button", name="Previous slide")).to_be_disabled()

    stage.focus()
    page.keyboard.press("ArrowRight")
    expect(position).to_have_text(f"Slide 2 of {PAGES}")
    assert shown(page) == ["slide-2"]
    assert page.url.endswith(f"{talk.get_absolute_url()}#slide-2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(position).to_have_text(f"Slide 2 of {PAGES}")
    page.keyboard.press("End")
    expect(position).to_have_text(f"Slide {PAGES} of {PAGES}")
    expect(page.get_by_role("button", name="Next slide")).to_be_disabled()

    page.get_by_role("button", name="Previous slide").click()
    expect(position).to_have_text(f"Slide {PAGES - 1} of {PAGES}")
    assert page.url.endswith(f"#slide-{PAGES - 1}")
    page.get_by_role("link", name=f"Slide 3 of {PAGES}").click()
    expect(position).to_have_text(f"Slide 3 of {PAGES}")
    expect(page.get_by_role("link", name=f"Slide 3 of {PAGES}")).to_have_attribute(
        "aria-current", "true"
    )
    assert page.url.endswith("#slide-3")
    # The slide shown is drawn, from the page's own media.
    image = page.locator("#slide-3 img")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    assert page.console_errors == []


def test_swipes_move_between_slides(page, live_server, talk):
    serve_media(page)
    page.goto(talk.get_absolute_url())
    box = page.locator("[data-slides-stage]").bounding_box()
    y = box["y"] + box["height"] / 2

    def swipe(start: float, end: float):
        page.locator("[data-slides-stage]").dispatch_event(
            "pointerdown", {"pointerType": "touch", "clientX": start, "clientY": y}
        )
        page.locator("[data-slides-stage]").dispatch_event(
            "pointerup", {"pointerType": "touch", "clientX": end, "clientY": y}
        )

    swipe(box["x"] + 300, box["x"] + 100)
    expect(page.locator("[data-slides-position]")).to_have_text(f"Slide 2 of {PAGES}")
    swipe(box["x"] + 100, box["x"] + 300)
    expect(page.locator("[data-slides-position]")).to_have_text(f"Slide 1 of {PAGES}")


def test_the_address_of_a_slide_opens_it(page, live_server, talk):
    serve_media(page)
    page.goto(f"{talk.get_absolute_url()}#slide-3")

    expect(page.locator("[data-slides-position]")).to_have_text(f"Slide 3 of {PAGES}")
    assert shown(page) == ["slide-3"]
    expect(page.locator("#slide-3 img")).to_be_in_viewport()
    # Slide 3 and the one after it are asked for; a slide never shown nor next is not.
    expect(page.locator("#slide-4 img")).to_have_js_property("loading", "eager")
    for number in (2, PAGES):
        image = page.locator(f"#slide-{number} img")
        assert image.evaluate("img => img.complete && img.naturalWidth") == 0


def test_without_javascript_every_slide_is_listed(browser, live_server, talk):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        serve_media(page)
        page.goto(f"{talk.get_absolute_url()}#slide-3")

        assert shown(page) == [f"slide-{number}" for number in range(1, PAGES + 1)]
        expect(page.locator("[data-slides-strip]")).to_be_hidden()
        expect(page.locator("[data-slides-controls]")).to_be_hidden()
        expect(page.locator("#slide-3 img")).to_be_in_viewport()
        expect(page.get_by_role("link", name="Download the slides")).to_have_attribute(
            "href", f"{talk.get_absolute_url()}slides.pdf"
        )
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_viewer_is_accessible_and_fits(page, live_server, talk, viewport):
    page.set_viewport_size(viewport)
    serve_media(page)
    for prefix in ("", "/ru"):
        page.goto(f"{prefix}{talk.get_absolute_url()}#slide-2")
        expect(page.locator("[data-slides-position]")).to_contain_text("2")
        page.locator("details.slides-text summary").click()
        assert_accessible(page, f"slides viewer {prefix or '/'} at {viewport['width']} px")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]
        # The current page fills the viewer's width, its box kept before it loads.
        image = page.locator("#slide-2 img").bounding_box()
        assert image["width"] > viewport["width"] * 0.8 if viewport is PHONE else 600
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_first_load_asks_for_the_strip_in_view_and_one_slide(page, live_server, viewport):
    """A 30-page deck below a long abstract: on first load the browser fetches at most
    the first slide and the thumbnails near the view (all lazy), never the deck. With -s
    it prints what was fetched (docs/performance.md)."""
    talk = TalkFactory(title="A long deck", abstract="How the WAL is written. " * 150)
    upload_slides(talk=talk, file=upload(deck(*[f"page {n}" for n in range(2, 31)])))
    fetched = {}
    page.on(
        "requestfinished",
        lambda request: (
            fetched.__setitem__(request.url, request.sizes()["responseBodySize"])
            if re.search(r"/\d+-(thumb|large)-", request.url)
            else None
        ),
    )
    page.set_viewport_size(viewport)
    serve_media(page)
    page.goto(talk.get_absolute_url(), wait_until="networkidle")

    def report(when: str) -> tuple[list[str], int]:
        large = sorted(url.rsplit("/", 1)[1].split("-")[0] for url in fetched if "-large-" in url)
        thumbs = len([url for url in fetched if "-thumb-" in url])
        kib = sum(fetched.values()) / 1024
        print(f"\n{viewport['width']} px, {when}: large {large}, {thumbs} thumbnails of 30,")
        print(f"  {kib:.1f} KiB of slide images")
        return large, thumbs

    large, thumbs = report("first load")
    assert large in ([], ["1"])
    assert thumbs <= 15
    page.locator("[data-slides]").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    large, thumbs = report("scrolled to the slides")
    assert large == ["1"]
    assert 0 < thumbs <= 15
