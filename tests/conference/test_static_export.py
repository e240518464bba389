"""manage.py export_static: the archive as a folder a plain static server serves.

The sample archive exported, served by Python's http.server on loopback, and crawled from
both home pages as a visitor's browser would; a small archive for what a second run does.
"""

import io
import json
import re
import tarfile
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conference.dump import archive
from conference.dump.build import STABLE_NAME
from conference.dump.kinds import KINDS
from conference.models import Edition
from conference.sample import load_sample_archive
from conference.sitemaps import BilingualSitemap
from conference.static_export import links
from conference.static_export.export import export
from conference.static_export.urls import sitemap_pages
from conference.web.archive_version import ArchiveVersion
from talks.models import Talk
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.static_site import crawl, serving

# Hosts that must never appear in the export: the render host, Django's test host, the
# demo's address.
FOREIGN_HOSTS = (links.HOST, "testserver", "127.0.0.1:8000", "localhost")


@pytest.mark.django_db
def test_export_of_the_sample_archive_serves_every_page_without_a_broken_link(tmp_path):
    load_sample_archive()
    folder = tmp_path / "site"
    summary = export(folder)
    assert summary.problems == []

    with serving(folder) as base:
        result = crawl(base, ["", "ru/"])

    assert result.broken == []
    html_pages = {url.removeprefix(base.rstrip("/")) for url in result.pages()}
    listed = {page.path for page in sitemap_pages(0) if page.path.endswith("/")}
    assert listed - html_pages == set()  # every page of the sitemap reached by a link
    assert {"/search/", "/ru/search/"} <= html_pages
    for url, body in result.bodies.items():
        text = body.decode(errors="replace")
        assert not [host for host in FOREIGN_HOSTS if host in text], url
        assert not re.search(r"(href|src|action)=\"/(admin|api|i18n|language)/", text), url
    assert any(url.endswith(".ics") for url in result.bodies)
    assert any("/media/" in url for url in result.bodies)
    # The footer's data dump: the current archive's, and a dump import_dump reads.
    dumps = [url for url in result.bodies if url.endswith("/media/" + STABLE_NAME)]
    assert len(dumps) == 1
    (tmp_path / "dump.tar.gz").write_bytes(result.bodies[dumps[0]])
    contents = archive.read(tmp_path / "dump.tar.gz", tuple(kind.name for kind in KINDS))
    for name, data in dump_members(result.bodies[dumps[0]]).items():
        assert not [host for host in FOREIGN_HOSTS if host in data.decode()], name
    assert contents.manifest["base_url"] == "/"
    assert contents.manifest["archive_version"] == ArchiveVersion.current()
    assert len(contents.records["talks"]) == Talk.objects.published().count()
    editions = json.loads((folder / "pagefind" / "bundles.json").read_text())
    assert editions == sorted(Edition.objects.published().values_list("slug", flat=True))
    for slug in editions:
        entry = json.loads((folder / "pagefind" / slug / "pagefind-entry.json").read_text())
        assert sorted(entry["languages"]) == ["en", "ru"]


def test_file_for_addresses():
    assert links.file_for("/") == "index.html"
    assert links.file_for("/ru/speakers/x/") == "ru/speakers/x/index.html"
    assert links.file_for("/feeds/talks/") == "feeds/talks/index.xml"
    assert links.file_for("/e/schedule.ics") == "e/schedule.ics"
    assert links.file_for("/e/photos/g/?page=2") == "e/photos/g/page/2/index.html"
    assert links.file_for("/sitemap-talks.xml?p=2") == "sitemap-talks-2.xml"
    assert links.link_path("/sitemap-talks.xml?p=12") == "/sitemap-talks-12.xml"
    with pytest.raises(links.UnsupportedAddress):
        links.file_for("/search/?q=x")


def test_links_are_relative_to_the_page():
    assert links.relative("/speakers/x/", "/e/talks/t/") == "../../../speakers/x/"
    assert links.relative("/", "/e/talks/t/") == "../../../"
    assert links.relative("/e/talks/t/", "/e/talks/t/") == "./"
    assert links.relative("/e/talks/t/talk.ics", "/e/talks/t/") == "talk.ics"
    assert links.relative("/feeds/talks/index.xml", "/robots.txt") == "feeds/talks/index.xml"


def test_absolute_urls_point_at_the_base_url_and_page_links_stay_relative():
    rewriter = links.Rewriter("/e/", "https://archive.example.org/pg")
    html = (
        f'<link rel="canonical" href="https://{links.HOST}/e/">'
        '<a href="/speakers/x/#talks">x</a><img src="/media/a%20b.webp" srcset="/media/c.webp 2x">'
    )
    assert rewriter.html(html) == (
        '<link rel="canonical" href="https://archive.example.org/pg/e/">'
        '<a href="../speakers/x/#talks">x</a>'
        '<img src="../media/a%20b.webp" srcset="../media/c.webp 2x">'
    )
    assert rewriter.found.addresses == {"/e/", "/speakers/x/"}
    assert rewriter.found.media == {"a b.webp", "c.webp"}


@pytest.mark.django_db
def dump_members(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as dump:
        return {info.name: dump.extractfile(info).read() for info in dump}


@pytest.mark.django_db
def test_dump_in_the_folder_names_the_base_url_and_files_the_folder_holds(
    tmp_path, small_archive, settings
):
    """The dump's addresses (JSON Lines, frab XML) start at --base-url, never at the live
    site's (settings.DUMP["BASE_URL"]), and each names a file of the folder."""
    settings.DUMP = {**settings.DUMP, "BASE_URL": "https://live.example.com"}
    photo = PhotoFactory(gallery=GalleryFactory(edition=small_archive.edition), talk=small_archive)
    RenditionFactory(photo=photo)
    base = "https://archive.example.org/pg/"
    folder = tmp_path / "site"
    assert export(folder, base_url=base).problems == []

    files = dump_members((folder / "media" / STABLE_NAME).read_bytes())
    assert json.loads(files.pop("manifest.json"))["base_url"] == base
    urls = set()
    for name, data in files.items():
        text = data.decode()
        assert "live.example.com" not in text, name
        if name.endswith(".jsonl"):
            urls |= set(re.findall(r'"(https?://[^"]+)"', text))
        elif name.endswith(".xml"):
            urls |= set(re.findall(r'(?:>|=")(https?://[^<"]+)', text))
    ours = {url for url in urls if url.startswith(base)}
    assert any("/media/renditions/" in url for url in ours)
    assert any(url.endswith("/schedule.xml") for url in ours)
    for url in ours:
        assert (folder / links.file_for("/" + url.removeprefix(base))).is_file(), url
    assert urls - ours == set()  # the factories' rows link no other site


@pytest.mark.django_db
def test_calendar_urls_at_a_long_base_url_stay_folded(tmp_path, small_archive):
    base = "https://archive.example.org/a-rather-long-folder-name-for-the-conference-archive/"
    folder = tmp_path / "site"
    export(folder, base_url=base)
    data = (folder / "pgconf-2016" / "talks" / "multicorn" / "talk.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    unfolded = data.replace(b"\r\n ", b"").decode()
    assert f"URL:{base}pgconf-2016/talks/multicorn/" in unfolded
    assert links.HOST not in unfolded


def test_csp_meta_leaves_out_what_only_a_header_carries():
    meta = links.csp_meta(
        "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
        extra_script_src="'wasm-unsafe-eval'",
    )
    assert meta == (
        '<meta http-equiv="Content-Security-Policy" content="default-src &#x27;self&#x27;; '
        'script-src &#x27;self&#x27; &#x27;wasm-unsafe-eval&#x27;">'
    )


@pytest.fixture
def small_archive():
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    speaker = SpeakerFactory(name="Ronan Dunklau", slug="ronan-dunklau")
    other = SpeakerFactory(name="Oleg Bartunov", slug="oleg-bartunov")
    # No generated abstracts: the talks' topics (found in title and abstract) are fixed.
    changing = TalkFactory(
        edition=edition, slug="multicorn", title="Multicorn", abstract="", speakers=[speaker]
    )
    TalkFactory(edition=edition, slug="gin", title="GIN indexes", abstract="", speakers=[other])
    return changing


@pytest.mark.django_db
def test_second_run_rewrites_only_the_changed_talk_and_the_pages_that_list_it(
    tmp_path, small_archive
):
    folder = tmp_path / "site"
    first = export(folder)
    assert first.problems == []
    small_archive.title = "Multicorn: foreign data wrappers in Python"
    small_archive.save()
    later(small_archive)

    second = export(folder)

    changed = [
        "index.html",  # the home page lists the newest talks
        "pgconf-2016/index.html",
        "pgconf-2016/schedule.ics",
        "pgconf-2016/schedule.json",
        "pgconf-2016/schedule.xml",
        "pgconf-2016/talks/multicorn/index.html",
        "pgconf-2016/talks/multicorn/talk.ics",
        "pgconf-2016/talks/gin/index.html",  # its neighbour in the programme, by title
        "pgconf-2016/timetable/index.html",
        "speakers/ronan-dunklau/index.html",
        "feeds/editions/pgconf-2016/index.xml",
        "feeds/speakers/ronan-dunklau/index.xml",
        "feeds/talks/index.xml",
        # A feed with no entries is dated by the clock (Django's feeds): every run.
        "feeds/galleries/index.xml",
        # The new title names two more topics: their pages come, the topic index and the
        # sitemap list them, and the page of the topic it had shows the new title.
        "topics/index.html",
        "topics/multicorn/index.html",
        "topics/foreign-data-wrappers/index.html",
        "topics/python/index.html",
        "feeds/topics/multicorn/index.xml",
        "feeds/topics/foreign-data-wrappers/index.xml",
        "feeds/topics/python/index.xml",
    ]
    # The sitemap's index (the sections' lastmods) and the files of the sections whose
    # entries moved: not the companies' (the talk has none) nor the indexes' (no lastmod).
    sitemaps = [
        "sitemap.xml",
        "sitemap-editions.xml",
        "sitemap-talks.xml",
        "sitemap-timetables.xml",
        "sitemap-speakers.xml",
        "sitemap-projects.xml",
    ]
    assert second.written_files == sorted(
        [*sitemaps, *changed, *(f"ru/{file}" for file in changed)]
    )
    assert second.removed_files == []
    gin = (tmp_path / "site" / "pgconf-2016" / "talks" / "gin" / "index.html").read_text()
    assert "Multicorn: foreign data wrappers in Python" in gin


@pytest.mark.django_db
def test_unchanged_archive_renders_nothing(tmp_path, small_archive):
    folder = tmp_path / "site"
    export(folder)
    again = export(folder)
    assert (again.rendered, again.written, again.removed, again.indexed) == (0, 0, 0, False)


@pytest.mark.django_db
def test_unpublished_talk_leaves_no_file(tmp_path, small_archive):
    folder = tmp_path / "site"
    export(folder)
    small_archive.is_published = False
    small_archive.save()

    summary = export(folder)

    gone = [
        f"{language}pgconf-2016/talks/multicorn/{name}"
        for language in ("", "ru/")
        for name in ("index.html", "talk.ics")
    ]
    assert sorted(gone) == [file for file in summary.removed_files if "talks/multicorn" in file]
    assert not (folder / "pgconf-2016" / "talks" / "multicorn").exists()
    # Its topic had no other public talk: the topic's page and feed went with it.
    assert {"topics/multicorn/index.html", "feeds/topics/multicorn/index.xml"} <= set(
        summary.removed_files
    )
    assert "Multicorn" not in (folder / "pgconf-2016" / "index.html").read_text()
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json"):
            assert "talks/multicorn" not in path.read_text(), path


@pytest.mark.django_db
def test_live_search_page_ignores_a_header_named_like_the_export_flag(client: Client):
    response = client.get("/search/", headers={"conference.static_export": "1"})
    assert response.status_code == 200
    assert b"pagefind" not in response.content


@pytest.mark.django_db
def test_command_prints_one_summary_line_off_a_terminal(tmp_path, small_archive):
    out = StringIO()
    call_command("export_static", str(tmp_path / "site"), "--workers", "1", stdout=out)
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("Pages: ")


def test_command_refuses_a_base_url_without_scheme(tmp_path):
    with pytest.raises(CommandError, match="base-url"):
        call_command("export_static", str(tmp_path), "--base-url", "archive.example.org")


@pytest.mark.django_db
def test_sitemap_sections_past_their_limit_are_files_the_index_names(
    tmp_path, small_archive, monkeypatch
):
    """With two <url>s a file (one page in its two languages) each talk has a file of the
    talks' section; the index names them at the base URL by their file names, and a second
    run after one talk changed writes that talk's file and not the other's."""
    monkeypatch.setattr(BilingualSitemap, "limit", 2)
    base = "https://archive.example.org/pg/"
    folder = tmp_path / "site"
    export(folder, base_url=base)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    index = ET.parse(folder / "sitemap.xml").getroot()  # noqa: S314 -- our own output
    files = [loc.text for loc in index.iterfind("s:sitemap/s:loc", namespace)]
    assert f"{base}sitemap-talks.xml" in files
    assert f"{base}sitemap-talks-2.xml" in files
    pages = []
    for url in files:
        root = ET.parse(folder / url.removeprefix(base)).getroot()  # noqa: S314 -- ours
        entries = [loc.text for loc in root.iterfind("s:url/s:loc", namespace)]
        assert 0 < len(entries) <= 2, url
        pages += entries
    assert len(pages) == len(set(pages))
    listed = {page.path for page in sitemap_pages(0) if page.path.endswith("/")}
    assert {page.removeprefix(base.rstrip("/")) for page in pages} == listed - {
        "/search/",
        "/ru/search/",
    }

    small_archive.title = "Multicorn: foreign data wrappers in Python"
    small_archive.save()
    later(small_archive)
    second = export(folder, base_url=base)

    talks = [file for file in second.written_files if file.startswith("sitemap-talks")]
    assert len(talks) == 1


def later(talk) -> None:
    """The talk's change a minute on: a sitemap prints whole seconds, and a change within
    the second of the talk's last one leaves its entry (rightly) as it was."""
    Talk.objects.filter(pk=talk.pk).update(updated_at=talk.updated_at + timedelta(minutes=1))
