"""The static export's manifest: page records read back as written, decoded when asked for,
and renumbered when a page goes (conference.static_export.write)."""

from dataclasses import asdict

from conference.static_export.write import MANIFEST_NAME, Manifest, PageRecord


def record(stamp: str, links=(), dependants=(), media=()) -> PageRecord:
    return PageRecord(stamp, list(dependants), list(media), list(links), f"t-{stamp}", "")


def saved(tmp_path, pages: dict[str, PageRecord]) -> Manifest:
    manifest = Manifest(version=7, base_url="/", outputs={"/a/": ["a/index.html", "h"]})
    manifest.pages = dict(pages)
    manifest.save(tmp_path)
    return Manifest.load(tmp_path)


def as_dicts(manifest: Manifest) -> dict[str, dict]:
    return {path: asdict(value) for path, value in manifest.pages.items()}


def test_records_read_back_as_written(tmp_path):
    pages = {
        "/a/": record("1", links=["/b/", "/c/"], dependants=["/a/feed/"], media=["m.jpg"]),
        "/b/": record("2", links=["/a/"]),
        "/c/": record("3"),
    }
    loaded = saved(tmp_path, pages)
    assert (loaded.version, loaded.base_url, loaded.outputs["/a/"]) == (
        7,
        "/",
        ["a/index.html", "h"],
    )
    assert as_dicts(loaded) == {path: asdict(value) for path, value in pages.items()}
    assert (loaded.pages.stamp("/b/"), loaded.pages.dependants("/a/")) == ("2", ["/a/feed/"])
    assert loaded.pages.dependants("/new/") == []
    assert loaded.pages.linking({"/a/"}) == {"/b/"}
    assert loaded.pages.linking({"/c/", "/gone/"}) == {"/a/"}


def test_untouched_records_are_written_back_as_they_were_read(tmp_path):
    pages = {f"/{n}/": record(str(n), links=[f"/{(n + 1) % 5}/"]) for n in range(5)}
    loaded = saved(tmp_path, pages)
    loaded.pages = loaded.pages.kept(set(loaded.pages), {"/2/": record("new", links=["/0/"])})
    loaded.save(tmp_path)
    again = Manifest.load(tmp_path)
    assert again.pages["/2/"] == record("new", links=["/0/"])
    assert again.pages["/3/"] == record("3", links=["/4/"])
    assert again.pages.linking({"/0/"}) == {"/2/", "/4/"}


def test_a_page_gone_renumbers_the_links_of_the_others(tmp_path):
    pages = {
        "/a/": record("1", links=["/d/"]),
        "/b/": record("2", links=["/a/", "/c/"]),
        "/c/": record("3", links=["/b/", "/d/"]),
        "/d/": record("4", links=["/b/"]),
    }
    loaded = saved(tmp_path, pages)
    loaded.pages["/d/"]  # one record decoded, the others as read
    loaded.pages = loaded.pages.kept(
        {"/a/", "/c/", "/d/"}, {"/e/": record("5", links=["/d/", "/a/"])}
    )
    loaded.save(tmp_path)
    again = Manifest.load(tmp_path)
    assert list(again.pages) == ["/a/", "/c/", "/d/", "/e/"]
    assert {path: value.links for path, value in again.pages.items()} == {
        "/a/": ["/d/"],
        "/c/": ["/d/"],  # its link to the page that went is dropped
        "/d/": [],
        "/e/": ["/d/", "/a/"],
    }


def test_another_format_reads_as_an_empty_manifest(tmp_path):
    (tmp_path / MANIFEST_NAME).write_bytes(b"not marshal")
    assert len(Manifest.load(tmp_path).pages) == 0
