"""The timetable and starred talks in a real browser: the grid with overlapping talks at
1280 px, the list by time at 390 px, stars that survive a reload, "My talks" and its
calendar file; axe-core on each page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_public_pages import assert_accessible
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2016, 2, 3)
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def minutes(count: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=count)


@pytest.fixture
def edition():
    """A day with two rooms; in Hall 2 a workshop overlaps two talks; a second day."""
    edition = EditionFactory(
        name="PGConf.Russia 2016", slug="pgconf-2016", start_date=DAY,
        end_date=DAY + datetime.timedelta(days=1),
    )  # fmt: skip
    speaker = SpeakerFactory(name="Ronan Dunklau")
    for title, room, start, length in [
        ("Keynote: twenty years of PostgreSQL", "Hall 1", at(10), 60),
        ("Logical replication in depth", "Hall 1", at(11), 30),
        ("Query planning workshop", "Hall 2", at(10), 90),
        ("Vacuum explained", "Hall 2", at(10), 30),
        ("Partitioning at scale", "Hall 2", at(10, 30), 30),
        ("Backups on the second day", "Hall 1", at(10, day=DAY + datetime.timedelta(days=1)), 45),
    ]:
        TalkFactory(edition=edition, title=title, room=room, start=start,
                    duration=minutes(length), speakers=[speaker])  # fmt: skip
    TalkFactory(edition=edition, title="Lightning talks, time to be announced", start=None)
    return edition


def cell(page, title: str):
    return page.locator("td.timetable-talk").filter(has_text=title)


def box(locator) -> dict:
    return locator.bounding_box()


def test_timetable_grid_at_1280_shows_overlapping_talks_side_by_side(page, live_server, edition):
    page.set_viewport_size(WIDE)
    page.goto("/pgconf-2016/timetable/")

    expect(page.locator(".timetable-grid")).to_be_visible()
    expect(page.locator(".timetable-list")).to_be_hidden()
    expect(page.get_by_role("columnheader")).to_have_text(["Time", "Hall 1", "Hall 2"])
    workshop = box(cell(page, "Query planning workshop"))
    vacuum = box(cell(page, "Vacuum explained"))
    partitioning = box(cell(page, "Partitioning at scale"))
    keynote = box(cell(page, "Keynote"))
    # The workshop runs beside the two talks of its room, which follow one another.
    assert vacuum["x"] + vacuum["width"] <= workshop["x"]
    assert vacuum["y"] < partitioning["y"]
    assert abs(vacuum["x"] - partitioning["x"]) < 1
    assert (
        workshop["y"]
        < partitioning["y"] + partitioning["height"]
        <= workshop["y"] + workshop["height"] + 1
    )
    # Time runs down: the 90-minute workshop is taller than the 60-minute keynote, which
    # is taller than a 30-minute talk; all three start at 10:00, on one line.
    assert workshop["height"] > keynote["height"] > vacuum["height"]
    assert abs(workshop["y"] - keynote["y"]) < 1
    assert abs(keynote["y"] - vacuum["y"]) < 1
    # Hall 1 is left of Hall 2.
    assert keynote["x"] + keynote["width"] <= vacuum["x"]
    expect(page.locator("#unscheduled-heading")).to_have_text("Not in the timetable")
    expect(page.get_by_role("link", name="Lightning talks, time to be announced")).to_be_visible()
    assert_accessible(page, "timetable at 1280 px")

    page.get_by_role("navigation", name="Days").get_by_role("link", name="Thursday").click()

    expect(page).to_have_url(f"{live_server.url}/pgconf-2016/timetable/2016-02-04/")
    expect(cell(page, "Backups on the second day")).to_be_visible()
    expect(page.locator("td.timetable-talk")).to_have_count(1)
    assert page.console_errors == []


def test_timetable_at_390_is_a_list_by_time_that_fits_the_screen(page, edition):
    page.set_viewport_size(PHONE)
    page.goto("/pgconf-2016/timetable/")

    expect(page.locator(".timetable-grid")).to_be_hidden()
    listed = page.locator(".timetable-list .slot")
    expect(listed).to_have_count(3)
    expect(listed.locator(".slot-time")).to_have_text(["10:00", "10:30", "11:00"])
    expect(listed.first).to_contain_text("Query planning workshop")
    expect(listed.first).to_contain_text("Hall 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "timetable at 390 px")
    assert page.console_errors == []


def test_stars_survive_a_reload_and_make_my_talks(page, edition):
    page.set_viewport_size(WIDE)
    page.goto("/pgconf-2016/")
    star = page.get_by_role("button", name="Star “Vacuum explained”")
    expect(star).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("link", name="My talks")).to_be_visible()

    star.click()
    page.get_by_role("button", name="Star “Keynote: twenty years of PostgreSQL”").click()

    expect(star).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "edition with stars")
    page.reload()
    expect(star).to_have_attribute("aria-pressed", "true")

    # The timetable and the talk page know the same stars.
    page.goto("/pgconf-2016/timetable/")
    expect(
        cell(page, "Vacuum explained").get_by_role("button", name="Star “Vacuum explained”")
    ).to_have_attribute("aria-pressed", "true")
    expect(cell(page, "Partitioning at scale").get_by_role("button")).to_have_attribute(
        "aria-pressed", "false"
    )
    page.get_by_role("link", name="Partitioning at scale").click()
    talk_star = page.get_by_role("button", name="Star this talk")
    expect(talk_star).to_have_attribute("aria-pressed", "false")
    talk_star.click()
    expect(talk_star).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "talk with its star")

    page.get_by_role("link", name="My talks").click()

    items = page.locator("[data-my-talks-list] .talk-item-title")
    expect(items).to_have_text(
        ["Keynote: twenty years of PostgreSQL", "Vacuum explained", "Partitioning at scale"]
    )
    expect(page.locator("[data-my-talks-list] h2")).to_have_text(["PGConf.Russia 2016"])
    expect(page.locator("[data-my-talks-list]")).to_contain_text(
        "Wednesday, February 3, 2016, 10:00–10:30"
    )
    assert_accessible(page, "my talks")
    download = page.get_by_role("link", name="Download them as a calendar (.ics)")
    calendar = page.request.get(download.get_attribute("href"))
    assert calendar.ok
    summaries = [line for line in calendar.text().split("\r\n") if line.startswith("SUMMARY:")]
    assert sorted(summaries) == [
        "SUMMARY:Keynote: twenty years of PostgreSQL",
        "SUMMARY:Partitioning at scale",
        "SUMMARY:Vacuum explained",
    ]

    # Unstarred here, a talk stays listed (to star again) but leaves the calendar.
    page.get_by_role("button", name="Star “Vacuum explained”").click()
    ids = {talk.title: talk.pk for talk in edition.talks.all()}
    kept = f"{ids['Keynote: twenty years of PostgreSQL']},{ids['Partitioning at scale']}"
    expect(download).to_have_attribute("href", f"/talks.ics?ids={kept}")
    page.reload()
    expect(items).to_have_text(["Keynote: twenty years of PostgreSQL", "Partitioning at scale"])
    assert page.console_errors == []


def test_my_talks_without_stars_says_so(page, edition):
    page.goto("/editions/my-talks/")

    expect(page.get_by_text("You have not starred any talk yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Download them as a calendar (.ics)")).to_be_hidden()
    assert_accessible(page, "my talks, empty")
    assert page.console_errors == []


def test_without_javascript_there_are_no_stars_and_the_pages_work(browser, live_server, edition):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto("/pgconf-2016/")
    expect(page.get_by_role("button", name="Star “Vacuum explained”")).to_have_count(0)
    expect(page.get_by_role("link", name="My talks")).to_be_hidden()
    page.get_by_role("link", name="Timetable").click()
    expect(page.locator("td.timetable-talk")).to_have_count(5)
    context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_timetable_and_my_talks_in_russian(page, live_server, edition, viewport):
    page.set_viewport_size(viewport)
    page.goto("/ru/pgconf-2016/timetable/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Расписание PGConf.Russia 2016")
    expect(page.get_by_role("heading", name="Не в расписании")).to_be_visible()
    star = page.get_by_role("button", name="Отметить звёздочкой «Vacuum explained»").first
    if viewport == PHONE:
        star = page.locator(".timetable-list").get_by_role("button").first
    star.click()
    assert_accessible(page, f"timetable in Russian at {viewport['width']} px")

    page.get_by_role("link", name="Мои доклады").click()

    expect(page.locator("[data-my-talks-list] .talk-item-title")).to_have_count(1)
    expect(page.locator("[data-my-talks-list]")).to_contain_text("Среда, 3 февраля 2016\u00a0г.")
    assert_accessible(page, f"my talks in Russian at {viewport['width']} px")
    assert page.console_errors == []
