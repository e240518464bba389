"""The static export's search page in a real browser: served by a plain static server,
Pagefind finds talks by title and speaker in both languages, under the pages' CSP."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from conference.static_export.export import export
from tests.browser.test_public_pages import assert_accessible
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory
from tests.static_site import serving

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exported(tmp_path, django_db_serialized_rollback):
    """The archive exported and served; Django is done with it before the browser starts
    (Playwright's sync API runs in a greenlet, where Django would open a connection of its
    own that outlives the test)."""
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    TalkFactory(
        edition=edition,
        slug="zalando",
        title="Data integration with PostgreSQL logical replication at Zalando",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )
    TalkFactory(
        edition=edition,
        slug="multicorn",
        title="Multicorn: writing foreign data wrappers in Python",
        speakers=[SpeakerFactory(name="Ronan Dunklau")],
    )
    TalkFactory(
        # Another edition: another search bundle, merged in the browser.
        edition=EditionFactory(name="PGConf.Russia 2017", slug="pgconf-russia-2017"),
        slug="pgpro",
        title="Секционирование таблиц в PostgreSQL",
        abstract="Как устроено декларативное секционирование и зачем оно нужно.",
        language="ru",
        speakers=[SpeakerFactory(name="Иван Панченко")],
    )
    folder = tmp_path / "site"
    assert export(folder).problems == []
    connections.close_all()
    # Served below a path, as an export often is (a folder of a host), not at its root.
    with serving(tmp_path) as base:
        yield base + "site/"


@pytest.fixture
def static_page(browser, exported):
    context = browser.new_context(base_url=exported)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
    page.requested_hosts = requested_hosts
    yield page
    context.close()


def test_header_search_finds_a_talk_by_title_on_the_static_search_page(static_page, exported):
    static_page.goto("")
    box = static_page.get_by_role("combobox", name="Search talks").or_(
        static_page.get_by_role("searchbox", name="Search talks")
    )
    box.fill("replication")
    box.press("Enter")

    result = static_page.locator(".pagefind-ui__result-link").first
    expect(result).to_have_text("Data integration with PostgreSQL logical replication at Zalando")
    result.click()
    expect(static_page).to_have_url(f"{exported}pgconf-russia-2016/talks/zalando/")
    expect(static_page.get_by_role("heading", level=1)).to_have_text(
        "Data integration with PostgreSQL logical replication at Zalando"
    )
    assert static_page.console_errors == []
    assert static_page.requested_hosts == {exported_host(static_page)}


def test_static_search_finds_a_talk_by_speaker(static_page):
    static_page.goto("search/?q=Dunklau")
    expect(static_page.locator(".pagefind-ui__result-link").first).to_have_text(
        "Multicorn: writing foreign data wrappers in Python"
    )
    assert static_page.console_errors == []
    assert_accessible(static_page, "static search page with a result")


def test_russian_search_page_finds_a_russian_talk_by_a_word_form(static_page):
    static_page.goto("ru/search/?q=секционированию")
    expect(static_page.locator(".pagefind-ui__result-link").first).to_have_text(
        "Секционирование таблиц в PostgreSQL"
    )
    assert static_page.console_errors == []


def exported_host(page) -> str:
    return page.url.split("/")[2]
