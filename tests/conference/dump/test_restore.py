"""conference/dump/restore.py: a dump restored into an empty archive gives the same dump."""

import json

import pytest

from conference.dump.build import build
from conference.dump.fields import DumpError
from conference.dump.restore import import_dump
from talks.decks.models import SlideDeck
from talks.models import Talk
from talks.topics import Topic
from tests.conference.dump.conftest import empty_the_archive, members, write_dump
from tests.factories import EditionFactory
from tests.talks.decks.rows import ready_deck


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
    # Topics too: an organiser's own topic, a seeded one they renamed, and talks carrying
    # what they chose rather than what their text names.
    assert counts["topics"] == 5
    assert b'"name_en":"FDW: foreign data"' in _contents(first.data)["topics.jsonl"]
    assert (
        b'"topics":["foreign-data-wrappers","wrappers-in-practice"]'
        in (_contents(first.data)["talks.jsonl"])
    )


def test_imported_talks_keep_the_organisers_topic_choices(archive, tmp_path):
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    empty_the_archive()

    import_dump(path)

    talk = Talk.objects.get(title="Foreign data wrappers")
    assert sorted(talk.talk_topics.values_list("topic__slug", "source")) == [
        ("foreign-data-wrappers", "auto"),
        ("query-planning", "removed"),  # its text names it; the dump has it off
        ("wrappers-in-practice", "added"),
    ]
    assert Topic.objects.get(slug="foreign-data-wrappers").name_en == "FDW: foreign data"
    # Seeded topics no public talk carried stay as the seed has them.
    assert Topic.objects.filter(slug="query-planning").exists()


def test_dump_without_topics_imports_with_the_topics_talks_text_names(archive, tmp_path):
    """A dump from before topics (the same schema version: docs/dump.md adds files and
    fields without a new one)."""
    files = {name: body for name, body in members(build().data).items() if name != "topics.jsonl"}
    lines = [json.loads(line) for line in files["talks.jsonl"].splitlines()]
    files["talks.jsonl"] = "".join(
        json.dumps({k: v for k, v in line.items() if k != "topics"}) + "\n" for line in lines
    ).encode()
    path = tmp_path / "dump.tar.gz"
    write_dump(path, files)
    empty_the_archive()

    counts = import_dump(path)

    talk = Talk.objects.get(title="Foreign data wrappers")
    assert counts["topics"] == 0
    assert sorted(talk.talk_topics.values_list("topic__slug", "source")) == [
        ("foreign-data-wrappers", "auto"),
        ("query-planning", "auto"),
    ]


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


def test_dump_with_slides_imports_the_talks_without_their_private_pdf(archive, tmp_path):
    talk = archive.public["talk"]
    ready_deck(talk, ["Foreign tables"])
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    empty_the_archive()

    import_dump(path)

    imported = Talk.objects.get(pk=talk.pk)
    assert imported.slides_url == talk.slides_url
    assert not SlideDeck.objects.exists()
