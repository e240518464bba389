"""Downloading a gallery's photos in a real browser: the link on the gallery page saves a
zip under its own name, and the pages involved are axe-clean (the gallery page with its
link, the page listing a large download's parts)."""

import re
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_lightbox import AXE_OPTIONS, gallery, serve_media  # noqa: F401 -- the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_axe_clean(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [violation["id"] for violation in violations] == []


def test_download_link_saves_the_gallery_zip(page, live_server, gallery):  # noqa: F811 -- the fixture
    serve_media(page)
    page.goto(live_server.url + gallery.get_absolute_url())
    link = page.get_by_role("link", name=re.compile(r"^Download all photos \(3, about "))
    expect(link).to_be_visible()
    assert_axe_clean(page)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value

    assert download.suggested_filename == f"{gallery.edition.slug}-day-1-photos.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
    folder = f"{gallery.edition.slug}-day-1"
    assert names == [
        f"{folder}/001-photo-number-1.jpg",
        f"{folder}/002-photo-number-2.jpg",
        f"{folder}/003-photo-number-3.jpg",
        "CREDITS.txt",
    ]


def test_large_download_lists_its_parts_on_an_accessible_page(
    page,
    live_server,
    gallery,  # noqa: F811 -- the fixture
    settings,
):
    settings.PHOTO_ZIP_MAX_PHOTOS = 2
    zip_path = f"{gallery.get_absolute_url()}photos.zip"

    page.goto(live_server.url + zip_path)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Download the photos: Day 1 — " + gallery.edition.name
    )
    expect(page.get_by_role("link", name=re.compile(r"^Part 2: photos 3–3"))).to_have_attribute(
        "href", f"{zip_path}?part=2"
    )
    assert_axe_clean(page)
