"""Every public page kind in Russian on a 390 px phone, as the audit (docs/accessibility.md)
looks at them: axe clean in light and dark, nothing wider than the screen; and the phone
layouts the audit found wrong: breadcrumbs whose links overlapped (too small a target to
tap), rows of facts that began a wrapped line with their "·" separator, and a search box
squeezed to 37 px at 320 px.

The timetable and "My talks" in Russian at 390 px are in test_timetable.py, the header
in test_header.py.
"""

import itertools
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.test_lightbox import gallery, serve_media  # noqa: F401 - fixture
from tests.browser.test_public_pages import archive, assert_accessible  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def russian(url: str) -> str:
    return f"/ru{url}"


def assert_fits_the_screen(page, label: str):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label}: {width} px wide"


def test_every_page_kind_in_russian_on_a_phone_is_accessible(page, archive, gallery):  # noqa: F811
    page.set_viewport_size(PHONE)
    serve_media(page)
    talk = archive.talks.zalando
    photo = gallery.photos.order_by("position").first()
    pages = {
        "home": "/",
        "edition list": "/editions/",
        "edition": archive.edition.get_absolute_url(),
        "talk in English": talk.get_absolute_url(),
        "talk in Russian": archive.talks.oracle.get_absolute_url(),
        "speaker index": "/speakers/",
        "speaker": archive.ronan.get_absolute_url(),
        "company index": "/companies/",
        "company": archive.dalibo.get_absolute_url(),
        "project index": "/projects/",
        "project": "/projects/multicorn/",
        "gallery list": "/photos/",
        "gallery": gallery.get_absolute_url(),
        "photo": photo.get_absolute_url(),
        "search": "/search/?q=multicorn",
        "search, nothing found": "/search/?q=zzqxjv",
        "search, a typo": "/search/?q=replicaton",
    }
    for label, url in pages.items():
        response = page.goto(russian(url))
        assert response.status == 200, label
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        assert_accessible(page, f"{label} (ru, 390 px)")
        assert_fits_the_screen(page, label)

    expect(page.locator(".did-you-mean")).to_be_visible()

    response = page.goto(russian("/no-such-page/"))
    assert response.status == 404
    assert_accessible(page, "404 (ru, 390 px)")
    assert_fits_the_screen(page, "404")
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]


def test_search_box_keeps_room_on_a_320_px_phone(page, archive):  # noqa: F811
    """At 320 px (WCAG's reflow width) in Russian, both language links left the search box
    37 px; the switch there offers the other language only. The breadcrumbs fit too."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(russian(archive.edition.get_absolute_url()))
    switch = page.get_by_role("navigation", name="Язык")

    assert page.locator(".site-search-input").bounding_box()["width"] >= 80
    expect(switch.get_by_role("link", name="English")).to_be_visible()
    expect(switch.get_by_role("link", name="Русский")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "edition at 320 px (ru)")

    # Home, "…", the edition and the talk's title still make one line that fits.
    page.goto(russian(archive.talks.zalando.get_absolute_url()))
    assert len(visible_crumbs(page)) == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def visible_crumbs(page) -> list[dict]:
    """The breadcrumbs a visitor sees: text, and each link's box."""
    return page.locator(".breadcrumbs li").evaluate_all(
        """items => items.filter(item => item.getClientRects().length).map(item => {
            const link = item.querySelector("a");
            const box = link && link.getBoundingClientRect();
            return {
                text: item.textContent.trim(),
                link: link && {left: box.left, right: box.right, height: box.height,
                               cut: link.scrollWidth > link.clientWidth},
            };
        })"""
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_phone_breadcrumbs_keep_home_and_the_step_above_as_whole_targets(
    page,
    gallery,  # noqa: F811
    language,
):
    """Five steps (Home, Photo archive, the edition, the gallery, the photo) in 358 px:
    the phone shows Home, the gallery and the photo, and its links do not overlap and are
    24 px tall (WCAG 2.5.8, Lighthouse's target-size)."""
    page.set_viewport_size(PHONE)
    serve_media(page)
    url = gallery.photos.order_by("position").first().get_absolute_url()
    page.goto(russian(url) if language == "ru" else url)

    crumbs = visible_crumbs(page)

    assert [crumb["text"] for crumb in crumbs][:2] == [
        {"en": "Home", "ru": "Главная"}[language],
        gallery.title,
    ]
    assert len(crumbs) == 3
    home, parent = crumbs[0]["link"], crumbs[1]["link"]
    assert home["right"] < parent["left"]
    assert min(home["height"], parent["height"]) >= 24
    assert not parent["cut"]
    assert crumbs[2]["link"] is None  # the photo itself, not a link
    assert_accessible(page, f"photo breadcrumbs on a phone ({language})")


def test_desktop_breadcrumbs_show_every_step(page, gallery):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 800})
    serve_media(page)
    page.goto(russian(gallery.photos.order_by("position").first().get_absolute_url()))

    crumbs = visible_crumbs(page)

    assert len(crumbs) == 5
    links = [crumb["link"] for crumb in crumbs[:4]]
    assert all(left["right"] < right["left"] for left, right in itertools.pairwise(links))
    assert not any(link["cut"] for link in links)


def test_facts_that_wrap_on_a_phone_start_their_line_without_a_separator(
    page,
    archive,  # noqa: F811
):
    """A talk's facts on a speaker's page (edition, date, track, language, length) take two
    lines at 390 px in Russian; the fact that starts the second line shows no "·" before
    it, in the strip left of its text where the dot would be."""
    page.set_viewport_size(PHONE)
    page.goto(russian(archive.ronan.get_absolute_url()))
    facts = page.locator(".talk-list .facts-inline").first

    # Each fact's first letter, and the left edge of the row's first fact.
    starts = facts.evaluate(
        """list => [...list.children].map(item => {
            const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT,
                {acceptNode: node => node.data.trim() ? NodeFilter.FILTER_ACCEPT
                                                      : NodeFilter.FILTER_SKIP});
            const range = document.createRange();
            range.selectNodeContents(walker.nextNode());
            const box = range.getClientRects()[0];
            return {left: box.left, top: box.top, bottom: box.bottom};
        })"""
    )
    line_start = starts[0]["left"]
    # The facts that begin a line below the first.
    wrapped = [
        now for before, now in itertools.pairwise(starts) if now["top"] > before["bottom"] - 2
    ]
    assert wrapped, "the facts fit on one line: nothing to look at"

    for start in wrapped:
        # From left of where the row starts up to this fact's first letter.
        strip = page.screenshot(
            clip={
                "x": line_start - 16,
                "y": start["top"],
                "width": start["left"] - line_start + 15,
                "height": start["bottom"] - start["top"],
            }
        )
        assert single_colour(strip), "a separator begins a wrapped line"
    assert_accessible(page, "speaker on a phone (ru)")


def single_colour(png: bytes) -> bool:
    with Image.open(BytesIO(png)) as image:
        return image.convert("RGB").getcolors(maxcolors=1) is not None
