"""conference/dump/rebase.py: a dump's addresses moved to another base URL are those a
dump built at that base URL holds, and nothing else in it moves."""

import json

from conference.dump.build import build
from conference.dump.rebase import rebased
from tests.conference.dump.conftest import BASE_URL, members
from tests.factories import TalkFactory

ELSEWHERE = "https://static.example.net/archive/"


def test_rebased_dump_holds_what_a_dump_built_at_that_base_holds(archive):
    # Running text that quotes the live address is content: it stays as written.
    TalkFactory(
        edition=archive.public["talk"].edition,
        title="Quoting the site",
        abstract=f'See "{BASE_URL}/pgconf-2016/" for the slides.',
    )
    built = build()

    moved = rebased(built.data, base_url=ELSEWHERE, media_url=f"{ELSEWHERE}media/")

    ours, theirs = members(moved), members(build(base_url=ELSEWHERE).data)
    ours_manifest = json.loads(ours.pop("manifest.json"))
    theirs_manifest = json.loads(theirs.pop("manifest.json"))
    assert ours == theirs
    assert ours_manifest["base_url"] == ELSEWHERE
    for key in ("files", "counts", "archive_version", "generated_at"):
        expected = json.loads(members(built.data)["manifest.json"])[key]
        assert ours_manifest[key] == (theirs_manifest[key] if key == "files" else expected)
    photo = json.loads(ours["photos.jsonl"].splitlines()[0])
    assert photo["renditions"][0]["file"]["url"].startswith(f"{ELSEWHERE}media/renditions/")
    assert f"{ELSEWHERE}pgconf-2016/schedule.xml".encode() in ours["frab/pgconf-2016.xml"]
    assert f'See \\"{BASE_URL}/pgconf-2016/\\"'.encode() in ours["talks.jsonl"]


def test_rebased_to_a_folder_below_the_old_base_moves_each_address_once(archive):
    below = f"{BASE_URL}/static/"
    moved = members(rebased(build().data, base_url=below, media_url=f"{below}media/"))
    talks = moved["talks.jsonl"].decode()
    assert f"{below}pgconf-2016/talks/" in talks
    assert "/static/static/" not in talks
    assert "/static/media/static/" not in moved["photos.jsonl"].decode()


def test_the_same_dump_moved_twice_is_the_same_bytes(archive):
    data = build().data
    first = rebased(data, base_url="/", media_url="/media/")
    assert rebased(data, base_url="/", media_url="/media/") == first
