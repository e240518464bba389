"""import_dump with files that are not sound dumps: a clear error, and nothing changed."""

import gzip
import io
import json
import re
import tarfile

import pytest
from django.db import connection

from conference.dump.build import build
from conference.dump.fields import DumpError
from conference.dump.restore import import_dump
from conference.models import Edition
from talks.models import Speaker, Talk
from talks.topics import Topic
from tests.conference.dump.conftest import empty_the_archive, members, write_dump


@pytest.fixture
def dump_files(archive) -> dict[str, bytes]:
    """The members of a sound dump of `archive`, the archive then emptied."""
    files = members(build().data)
    empty_the_archive()
    return files


def _edit(files, kind: str, line: int, **changes) -> dict[str, bytes]:
    lines = files[f"{kind}.jsonl"].decode().splitlines()
    record = json.loads(lines[line - 1])
    record.update(changes)
    lines[line - 1] = json.dumps(record, ensure_ascii=False)
    return {**files, f"{kind}.jsonl": ("\n".join(lines) + "\n").encode()}


def _nothing_imported():
    """No row of the dump, and the seeded topics as the seed has them."""
    imported = Edition.objects.exists() or Talk.objects.exists() or Speaker.objects.exists()
    renamed = Topic.objects.filter(name_en="FDW: foreign data").exists()
    return not (imported or renamed or Topic.objects.filter(slug="wrappers-in-practice").exists())


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        ("talks", {"title": 42}, "talks.jsonl, line 1: 'title' must be str, not a number"),
        ("talks", {"title": ""}, "talks.jsonl, line 1: title: This field cannot be blank"),
        ("talks", {"video_url": "javascript:alert(1)"}, "video_url: Enter a valid URL"),
        ("talks", {"start": "yesterday"}, "'start' is not an ISO 8601 date and time"),
        ("talks", {"start": "2016-02-03T10:00:00"}, "'start' has no UTC offset"),
        ("talks", {"project_ids": [999999]}, "project 999999 is not in projects.jsonl"),
        ("talks", {"id": True}, "'id' must be int, not a boolean"),
        ("speakers", {"slug": "not a slug!"}, "speakers.jsonl, line 1: slug: Enter a valid"),
        ("editions", {"slug": "admin"}, "is reserved for a section of the site"),
        ("photos", {"gallery_id": 424242}, "gallery_id 424242 is not in galleries.jsonl"),
        ("talks", {"topics": ["no-such-topic"]}, "topics: 'no-such-topic' is not in topics.jsonl"),
        ("talks", {"topics": "replication"}, "'topics' must be list, not a string"),
        ("topics", {"slug": "not a slug!"}, "topics.jsonl, line 1: slug: Enter a valid"),
        ("topics", {"name_en": "", "name_ru": ""}, "line 1: a topic needs a name in English or"),
        ("topics", {"slug": "replication"}, "topics slug 'replication' appears twice"),
        ("topics", {"terms_ru": [1]}, "'terms_ru' must be a list of strings"),
        (
            "speakers",
            {"photo": {"name": "../../settings.py", "url": "x"}},
            "photo: 'name' is not a storage name",
        ),
    ],
)
def test_import_refuses_a_bad_value_by_file_line_and_key(
    dump_files, tmp_path, kind, changes, message
):
    path = tmp_path / "bad.tar.gz"
    write_dump(path, _edit(dump_files, kind, 1, **changes))

    with pytest.raises(DumpError, match=re.escape(message)):
        import_dump(path)
    assert _nothing_imported()


def test_import_refuses_a_duplicate_slug_and_loads_nothing(dump_files, tmp_path):
    talks = dump_files["talks.jsonl"].decode().splitlines()
    first, second = json.loads(talks[0]), json.loads(talks[1])
    second["slug"] = first["slug"]
    changed = {**dump_files, "talks.jsonl": f"{talks[0]}\n{json.dumps(second)}\n".encode()}
    path = tmp_path / "bad.tar.gz"
    write_dump(path, changed)

    with pytest.raises(DumpError, match="breaks a rule of the archive"):
        import_dump(path)
    assert _nothing_imported()


def test_import_refuses_a_member_that_does_not_match_its_checksum(dump_files, tmp_path):
    path = tmp_path / "bad.tar.gz"
    write_dump(path, _edit(dump_files, "talks", 1, title="Changed"), fix_manifest=False)

    with pytest.raises(DumpError, match=re.escape("talks.jsonl does not match its checksum")):
        import_dump(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a dump at all", "not a gzipped tar file"),
        (gzip.compress(b"\0" * 2048), "no manifest.json"),
    ],
)
def test_import_refuses_a_file_that_is_not_a_dump(db, tmp_path, content, message):
    path = tmp_path / "bad.tar.gz"
    path.write_bytes(content)

    with pytest.raises(DumpError, match=message):
        import_dump(path)


def test_import_refuses_unsafe_member_names(db, tmp_path):
    path = tmp_path / "bad.tar.gz"
    with tarfile.open(path, "w:gz") as dump:
        info = tarfile.TarInfo("../escape.jsonl")
        info.size = 2
        dump.addfile(info, io.BytesIO(b"{}"))

    with pytest.raises(DumpError, match="unsafe name"):
        import_dump(path)


def test_import_refuses_a_link_member(db, tmp_path):
    path = tmp_path / "bad.tar.gz"
    with tarfile.open(path, "w:gz") as dump:
        info = tarfile.TarInfo("talks.jsonl")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        dump.addfile(info)

    with pytest.raises(DumpError, match="not a file"):
        import_dump(path)


def test_import_refuses_a_dump_past_the_unpacked_limit(dump_files, tmp_path, settings):
    path = tmp_path / "dump.tar.gz"
    write_dump(path, dump_files)
    settings.DUMP = {**settings.DUMP, "IMPORT_MAX_UNPACKED_BYTES": 1000}

    with pytest.raises(DumpError, match="unpacks to more than the 1000 bytes"):
        import_dump(path)
    assert _nothing_imported()


def test_import_refuses_a_file_past_the_size_limit(dump_files, tmp_path, settings):
    path = tmp_path / "dump.tar.gz"
    write_dump(path, dump_files)
    settings.DUMP = {**settings.DUMP, "IMPORT_MAX_BYTES": 100}

    with pytest.raises(DumpError, match="larger than the 100 bytes"):
        import_dump(path)


def test_import_refuses_another_schema_version(dump_files, tmp_path):
    manifest = json.loads(dump_files["manifest.json"])
    manifest["schema_version"] = 99
    files = {**dump_files, "manifest.json": json.dumps(manifest).encode()}
    path = tmp_path / "dump.tar.gz"
    write_dump(path, files)

    with pytest.raises(DumpError, match="schema version 99"):
        import_dump(path)


def test_import_refuses_a_line_that_is_not_json(dump_files, tmp_path):
    files = {**dump_files, "projects.jsonl": b'{"id": 1,\n'}
    manifest = json.loads(files["manifest.json"])
    manifest["counts"]["projects"] = 1
    files["manifest.json"] = json.dumps(manifest).encode()
    path = tmp_path / "dump.tar.gz"
    write_dump(path, files)

    with pytest.raises(DumpError, match=re.escape("projects.jsonl, line 1: not JSON")):
        import_dump(path)


def test_import_by_a_user_not_owning_the_tables_says_so_and_loads_nothing(dump_files, tmp_path):
    """The bulk insert turns the talks' triggers off, which only the tables' owner may: the
    error names the database user, not the dump (which is sound)."""
    path = tmp_path / "sound.tar.gz"
    write_dump(path, dump_files)
    with connection.cursor() as cursor:
        # A role that may read and write every table but owns none; rolled back with the test.
        cursor.execute("CREATE ROLE archive_writer_not_owner")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
            "TO archive_writer_not_owner"
        )
        cursor.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO archive_writer_not_owner")
        cursor.execute("SET ROLE archive_writer_not_owner")
    try:
        with pytest.raises(DumpError, match="run it as the user that owns the tables"):
            import_dump(path)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert _nothing_imported()
