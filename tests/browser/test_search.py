"""Searching as a person does: the header box, its suggestions, the results page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import assert_accessible
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    TalkFactory(
        edition=edition,
        slug="zalando",
        title="Data integration with PostgreSQL logical replication at Zalando",
        abstract="PostgreSQL's new logical replication features stream every change.",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )
    TalkFactory(
        edition=edition,
        slug="multicorn",
        title="Multicorn: writing foreign data wrappers in Python",
        speakers=[SpeakerFactory(name="Ronan Dunklau")],
        projects=[ProjectFactory(name="Multicorn", slug="multicorn")],
    )


def test_typing_shows_suggestions_and_arrow_enter_follows_one(page, archive):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search talks")
    box.press_sequentially("repl", delay=30)

    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Data integration with PostgreSQL logical replication")

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-q-suggestions-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/pgconf-russia-2016/talks/zalando/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data integration")
    assert page.console_errors == []


def test_suggestions_on_a_russian_page_lead_to_russian_pages(page, archive):
    """The suggestions come from the API, which has one address: the page asks for its own
    language (lang=ru), so a suggestion leads to the Russian page, not the cookie's."""
    page.goto("/ru/")
    box = page.get_by_role("combobox", name="Поиск докладов")
    box.press_sequentially("repl", delay=30)
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)

    box.press("ArrowDown")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/ru/pgconf-russia-2016/talks/zalando/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert page.console_errors == []


def test_escape_closes_suggestions_and_enter_then_submits_the_search(page, archive):
    page.goto("/speakers/")
    box = page.get_by_role("combobox", name="Search talks")
    box.press_sequentially("multicorn", delay=20)
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)

    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=multicorn$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “multicorn”")
    assert page.console_errors == []


def test_submitted_query_shows_results_with_highlights(page, archive):
    page.goto("/")
    page.get_by_role("combobox", name="Search talks").fill("replication")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_text("1 talk found")).to_be_visible()
    expect(page.locator(".search-snippet mark").first).to_have_text("replication")
    expect(page.get_by_role("combobox", name="Search talks")).to_have_value("replication")

    # The facet, not the language switcher's "English".
    page.locator("#search-facets").get_by_role("link", name=re.compile("^English")).click()
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Language: English")
    assert page.console_errors == []


def test_a_misspelt_query_is_corrected_and_can_be_sorted_by_date(page, archive):
    page.goto("/search/?q=Logcial+replicaton+Zalando")
    correction = page.locator(".did-you-mean")
    expect(correction).to_contain_text("Showing results for logical replication Zalando")
    expect(page.get_by_text("1 talk found")).to_be_visible()
    assert_accessible(page, "corrected search")

    TalkFactory(title="Logical replication, newer", edition=EditionFactory(slug="newer"))
    page.goto("/search/?q=logical+replication")
    page.locator(".search-sort").get_by_role("link", name="Newest first").click()
    expect(page).to_have_url(re.compile(r"sort=date"))
    expect(page.locator(".search-sort [aria-current]")).to_have_text("Newest first")
    assert_accessible(page, "search sorted by date")

    page.goto("/search/?q=Logcial+replicaton+Zalando")
    correction.get_by_role("link", name="Logcial replicaton Zalando").click()
    expect(page).to_have_url(re.compile(r"verbatim=true"))
    expect(page.locator(".did-you-mean")).to_have_count(0)
    assert page.console_errors == []
