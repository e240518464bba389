"""The public archive in a real browser: a visitor's walk through the pages, the language
switch, the edition filters and the video facade, with axe-core on every page.

The archive is a few factory-made rows, not the demo sample, so these tests stay fast.
There are no photos: pytest-django's live server does not serve media (DEBUG is off), and
a missing image would be a console error.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()  # runs the axe.min.js shipped in axe_playwright_python, through page.evaluate
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
VIDEO_ID = "dQw4w9WgXcQ"
NOCOOKIE_EMBED = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"


def at(edition, day: int, hour: int) -> datetime.datetime:
    date = edition.start_date + datetime.timedelta(days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@pytest.fixture
def archive():
    """PGConf.Russia 2016 in miniature: two days, two tracks, English and Russian talks."""
    dalibo = CompanyFactory(name="Dalibo", slug="dalibo")
    zalando = CompanyFactory(name="Zalando", slug="zalando")
    ronan = SpeakerFactory(name="Ronan Dunklau", slug="ronan-dunklau", company=dalibo)
    valentine = SpeakerFactory(
        name="Valentine Gogichashvili",
        slug="valentine-gogichashvili",
        aliases=["Валентин Гогичашвили"],
        company=zalando,
    )
    marat = SpeakerFactory(name="Марат Фаттахов", slug="marat-fattakhov")
    multicorn = ProjectFactory(
        name="Multicorn",
        slug="multicorn",
        repository_url="https://github.com/Segfault-Inc/Multicorn",
        description="A generic foreign data wrapper that lets you write FDWs in Python.",
    )
    edition = EditionFactory(
        name="PGConf.Russia 2016",
        slug="pgconf-russia-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
        summary="Two days of talks in English and Russian.\n\nThanks to everyone who came.",
    )
    talks = SimpleNamespace(
        zalando=TalkFactory(
            edition=edition,
            slug="logical-replication-at-zalando",
            title="Data integration with PostgreSQL logical replication at Zalando",
            track="Case studies",
            room="Hall 1",
            start=at(edition, 0, 10),
            speakers=[valentine],
            video_url=f"https://www.youtube.com/watch?v={VIDEO_ID}",
        ),
        multicorn=TalkFactory(
            edition=edition,
            slug="multicorn",
            title="Multicorn: writing foreign data wrappers in Python",
            track="Development",
            room="Hall 2",
            start=at(edition, 0, 10),
            speakers=[ronan],
            projects=[multicorn],
        ),
        oracle=TalkFactory(
            edition=edition,
            slug="oracle-migration",
            title="Миграция медицинской системы с Oracle на PostgreSQL",
            abstract="Как мы перенесли большую медицинскую систему с Oracle на PostgreSQL.",
            language="ru",
            track="Case studies",
            room="Hall 1",
            start=at(edition, 1, 11),
            speakers=[marat],
        ),
        fdw=TalkFactory(
            edition=edition,
            slug="fdw-internals",
            title="Внешние таблицы изнутри",
            abstract="Как устроены обёртки сторонних данных.",
            language="ru",
            track="Development",
            room="Hall 2",
            start=at(edition, 1, 12),
            speakers=[ronan, marat],
            projects=[multicorn],
        ),
    )
    EditionFactory(name="PGConf.Russia 2015", slug="pgconf-russia-2015",
                   start_date=datetime.date(2015, 2, 5), summary="")  # fmt: skip
    return SimpleNamespace(edition=edition, talks=talks, ronan=ronan, dalibo=dalibo)


def assert_accessible(page, label: str):
    """axe-core finds no WCAG 2.x A/AA or best-practice violation, in light and dark."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
        found = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
            for v in violations
        ]
        assert found == [], f"{label} ({scheme})"
    page.emulate_media(color_scheme="light")


def test_visitor_walks_from_home_to_a_project_through_links(page, live_server, archive):
    page.goto("/")
    assert_accessible(page, "home")

    page.get_by_role("link", name="PGConf.Russia 2016").first.click()
    expect(page).to_have_url(f"{live_server.url}/pgconf-russia-2016/")
    expect(page.get_by_role("heading", level=1)).to_have_text("PGConf.Russia 2016")
    assert_accessible(page, "edition")

    page.get_by_role("link", name="Multicorn: writing foreign data wrappers in Python").click()
    expect(page).to_have_url(f"{live_server.url}/pgconf-russia-2016/talks/multicorn/")
    assert_accessible(page, "talk")

    page.locator(".page-header .credits").get_by_role("link", name="Ronan Dunklau").click()
    expect(page).to_have_url(f"{live_server.url}/speakers/ronan-dunklau/")
    expect(page.locator(".talk-list")).to_contain_text("Внешние таблицы изнутри")
    assert_accessible(page, "speaker")

    page.get_by_role("link", name="Dalibo").first.click()
    expect(page).to_have_url(f"{live_server.url}/companies/dalibo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dalibo")
    assert_accessible(page, "company")

    page.get_by_role("link", name="Multicorn: writing foreign data wrappers in Python").click()
    # The talk links the project Multicorn and the topic Multicorn: the project's link.
    multicorn = page.get_by_role("link", name="Multicorn", exact=True)
    multicorn.and_(page.locator('[href="/projects/multicorn/"]')).click()
    expect(page).to_have_url(f"{live_server.url}/projects/multicorn/")
    expect(page.get_by_role("heading", level=2)).to_have_text("2 talks about Multicorn")
    assert_accessible(page, "project")

    assert page.console_errors == []


def test_language_switch_stays_on_the_page_and_changes_its_language(page, archive):
    talk_url = archive.talks.multicorn.get_absolute_url()
    page.goto(talk_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Speakers")

    page.get_by_role("link", name="Русский").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # The same page at its Russian address, whose links stay in Russian.
    assert page.url.endswith(f"/ru{talk_url}")
    expect(page.get_by_role("navigation", name="Главное меню")).to_contain_text("Докладчики")
    expect(page.get_by_role("link", name="Докладчики")).to_have_attribute("href", "/ru/speakers/")
    expect(page.locator("dl.facts")).to_contain_text("Зал")
    # The talk itself stays in its own language.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Multicorn: writing foreign data wrappers in Python"
    )
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    assert_accessible(page, "talk in Russian")

    page.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(talk_url)
    assert "/ru/" not in page.url
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Speakers")
    assert page.console_errors == []


def test_language_switch_works_without_javascript_and_keeps_the_query(
    browser, live_server, django_db_serialized_rollback, archive
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/search/?q=multicorn")

        page.get_by_role("link", name="Русский").click()

        expect(page.locator("html")).to_have_attribute("lang", "ru")
        assert page.url == f"{live_server.url}/ru/search/?q=multicorn"
        expect(page.get_by_role("searchbox")).to_have_value("multicorn")
    finally:
        context.close()


def test_edition_filters_by_track_and_language_without_reloading(page, archive):
    page.goto(archive.edition.get_absolute_url())
    talks = page.locator("#schedule li[data-language]")
    visible = page.locator("#schedule li[data-language]:visible")
    status = page.locator("form[data-talk-filters]").get_by_role("status")
    expect(talks).to_have_count(4)
    page.evaluate("window.notReloaded = true")

    page.get_by_role("combobox", name="Track").select_option("Development")

    expect(visible).to_have_count(2)
    expect(status).to_have_text("Talks shown: 2 of 4")
    page.get_by_role("combobox", name="Language").select_option("ru")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Внешние таблицы изнутри")
    expect(status).to_have_text("Talks shown: 1 of 4")
    # The first day has no Russian development talk: its heading and its link go too.
    expect(page.locator(".schedule-day").first).to_be_hidden()
    expect(page.locator(".on-this-page li").first).to_be_hidden()
    assert_accessible(page, "edition, filtered")

    page.get_by_role("button", name="Show all talks").click()

    expect(visible).to_have_count(4)
    expect(status).to_have_text("")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_video_facade_requests_nothing_from_youtube_before_the_click(page, live_server, archive):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # No internet here: answer for the player, so the frame loads the same everywhere.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<title>Player</title>"),
    )
    title = "Data integration with PostgreSQL logical replication at Zalando"

    page.goto(archive.talks.zalando.get_absolute_url())
    page.wait_for_load_state("networkidle")

    assert requests, "the page made no request at all"
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    expect(page.locator("iframe")).to_have_count(0)
    assert_accessible(page, "talk with a video")

    page.get_by_role("button", name=f"Play video: {title}").click()

    player = page.locator("iframe.video-player")
    expect(player).to_have_attribute("src", NOCOOKIE_EMBED)
    expect(player).to_have_attribute("title", f"Video: {title}")
    expect(player).to_have_attribute("loading", "eager")
    expect(player).to_have_attribute(
        "sandbox",
        "allow-scripts allow-same-origin allow-presentation allow-popups "
        "allow-popups-to-escape-sandbox",
    )
    expect(player).to_have_attribute("allow", re.compile(r"\bfullscreen\b"))
    expect(player).to_be_focused()
    page.wait_for_load_state("networkidle")
    assert NOCOOKIE_EMBED in requests
    assert [url for url in requests if "youtube.com" in url or "ytimg" in url] == []
    assert page.console_errors == []


def test_pages_are_complete_without_javascript(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(archive.edition.get_absolute_url())
    expect(page.locator("form[data-talk-filters]")).to_be_hidden()
    expect(page.locator("#schedule li[data-language]:visible")).to_have_count(4)

    page.goto(archive.talks.zalando.get_absolute_url())
    facade = page.get_by_role("link", name=re.compile("^Play video: Data integration"))
    expect(facade).to_have_attribute("href", f"https://www.youtube.com/watch?v={VIDEO_ID}")
    context.close()
