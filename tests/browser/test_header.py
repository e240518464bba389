"""The header on a phone and on a desktop: the navigation folds into a menu without
JavaScript on a 390 x 844 screen, the header stays within 120 px, and breadcrumbs keep
to one line; at 1280 px the navigation shows as a row of links."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import assert_accessible
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NAV_NAMES = {"en": "Main", "ru": "Главное меню"}
MENU = {"en": "Menu", "ru": "Меню"}


@pytest.fixture
def talk():
    edition = EditionFactory(
        name="PGConf.Russia 2016 and its very long conference name",
        slug="pgconf-russia-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
    )
    return TalkFactory(
        edition=edition,
        slug="logical-replication-at-zalando",
        title="Data integration with PostgreSQL logical replication at Zalando, "
        "and what we learned on the way to a hundred databases",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )


@pytest.fixture
def open_in(page, live_server):
    """Opens an English page's path in a language: Russian pages are under /ru/."""

    def open_page(url: str, language: str) -> None:
        page.goto(f"/ru{url}" if language == "ru" else url)

    return open_page


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_phone_header_fits_in_120_px_with_its_menu_closed(page, open_in, talk, language):
    page.set_viewport_size(PHONE)
    open_in(talk.get_absolute_url(), language)
    nav = page.get_by_role("navigation", name=NAV_NAMES[language])
    menu = page.locator("summary", has_text=MENU[language])

    assert header_height(page) <= 120
    expect(menu).to_be_visible()
    expect(nav).to_be_hidden()
    expect(page.get_by_role("search").locator("input[name=q]")).to_be_visible()
    expect(page.locator(".language-switch a")).to_have_count(2)
    for link in page.locator(".language-switch a").all():
        expect(link).to_be_visible()
    assert_accessible(page, f"phone header ({language})")
    assert page.console_errors == []


def test_phone_menu_opens_from_the_keyboard_and_leads_on(page, open_in, live_server, talk):
    page.set_viewport_size(PHONE)
    open_in(talk.get_absolute_url(), "en")
    menu = page.locator("summary", has_text="Menu")

    menu.focus()
    page.keyboard.press("Enter")

    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    assert page.locator("details.site-menu").get_attribute("open") is not None
    assert_accessible(page, "phone menu open")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Talks archive")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/speakers/")


@pytest.mark.parametrize("width", [320, 390])
def test_open_phone_menu_with_topics_fits_the_screen_in_russian(page, open_in, talk, width):
    page.set_viewport_size({"width": width, "height": 700})
    open_in(talk.get_absolute_url(), "ru")

    page.locator("summary", has_text=MENU["ru"]).click()

    nav = page.get_by_role("navigation", name=NAV_NAMES["ru"])
    topics = nav.get_by_role("link", name="Темы")
    expect(topics).to_be_visible()
    box = topics.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"phone menu open at {width} px (ru)")
    topics.click()
    expect(page).to_have_url(re.compile(r"/ru/topics/$"))
    # The menu is closed on the new page: the link is there, marked, behind its summary.
    expect(page.locator('.site-nav a[href="/ru/topics/"]')).to_have_attribute(
        "aria-current", "page"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_breadcrumbs_stay_on_one_line(page, open_in, talk, viewport):
    page.set_viewport_size(viewport)
    open_in(talk.get_absolute_url(), "en")

    crumbs = page.locator(".breadcrumbs li")
    # A phone leaves out the steps between Home and the one above the page (test_phone_pages.py).
    tops = {round(crumb.bounding_box()["y"]) for crumb in crumbs.all() if crumb.is_visible()}
    assert crumbs.count() >= 3
    assert len(tops) == 1
    line = page.locator(".breadcrumbs ol").evaluate(
        "list => parseFloat(getComputedStyle(list).lineHeight) || 24"
    )
    assert page.locator(".breadcrumbs ol").bounding_box()["height"] < 1.5 * line


def test_desktop_shows_the_navigation_without_a_menu_button(page, open_in, talk):
    page.set_viewport_size(DESKTOP)
    open_in(talk.get_absolute_url(), "en")

    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    for name in ("Talks archive", "Speakers", "Companies", "Projects", "Topics", "Photos"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    # The navigation is one row beside the site's name.
    tops = {round(link.bounding_box()["y"]) for link in nav.get_by_role("link").all()}
    assert len(tops) == 1
    assert_accessible(page, "desktop header")
    assert page.console_errors == []
