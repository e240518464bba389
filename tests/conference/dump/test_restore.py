"""conference/dump/restore.py: a dump restored into an empty archive gives the same dump."""

import pytest

from conference.dump.build import build
from conference.dump.fields import DumpError
from conference.dump.restore import import_dump
from talks.models import Talk
from tests.conference.dump.conftest import empty_the_archive, members
from tests.factories import EditionFactory


def _contents(data: bytes) -> dict[str, bytes]:
    """What a round trip must keep: every member but the manifest (which says when)."""
    return {name: body for name, body in members(data).items() if name != "manifest.json"}


def test_dump_round_trips_through_an_empty_archive(archive, tmp_path):
    first = build()
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(first.data)
    empty_the_archive()

    counts = import_dump(path)
    second = build()

    assert counts == first.manifest["counts"]
    assert _contents(second.data) == _contents(first.data)


def test_imported_archive_takes_new_rows_after_its_own_ids(archive, tmp_path):
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    empty_the_archive()
    import_dump(path)
    highest = max(Talk.objects.values_list("pk", flat=True))

    edition = EditionFactory()
    talk = Talk.objects.create(edition=edition, slug="new", title="New")

    assert talk.pk > highest


def test_import_refuses_an_archive_that_is_not_empty(archive, tmp_path):
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    talks = Talk.objects.count()

    with pytest.raises(DumpError, match="already holds editions"):
        import_dump(path)
    assert Talk.objects.count() == talks
