"""import_dump builds what the database keeps for talks once, at the end (talks/
bulk_upkeep.py): the result must be what saving the same rows one by one gives. The
expected values come from the archive fixture, which the factories save the ordinary way,
with every trigger running as it does in the admin."""

import json

import pytest
from django.db import connection

from conference.dump.build import build
from conference.dump.fields import DumpError
from conference.dump.restore import import_dump
from talks.bulk_upkeep import DEFERRED
from talks.models import Speaker, Talk
from talks.topics import StaleRelatedTalk, TalkTopic
from talks.vocabulary import SearchWord, TalkWords
from tests.conference.dump.conftest import empty_the_archive, members, write_dump

KEPT = ("search_vector", "title_vector", "credits_json", "company_ids", "project_ids")


def _kept(talk_ids) -> dict:
    """What the database keeps on each talk, and when the talk was created and changed.
    The credits without their own ids: a dump keeps a credit's speaker, company and
    position, and the import numbers the rows anew."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_vector::text, title_vector::text, credits_json, "
            "company_ids, project_ids, created_at, updated_at FROM talks_talk "
            "WHERE id = ANY(%s) ORDER BY id",
            [list(talk_ids)],
        )
        rows = cursor.fetchall()
    kept = {}
    for pk, search, title, credits, *rest in rows:
        credits = [{k: v for k, v in c.items() if k != "id"} for c in json.loads(credits)]
        kept[pk] = (search, title, credits, *rest)
    return kept


def _derived(talk_ids) -> dict:
    return {
        "talks": _kept(talk_ids),
        "vocabulary": sorted(SearchWord.objects.values_list("word", "latin", "talks")),
        "talk_words": sorted(
            (row.talk_id, sorted(row.words), row.is_public)
            for row in TalkWords.objects.filter(talk_id__in=talk_ids)
        ),
        "topics": sorted(
            TalkTopic.objects.filter(talk_id__in=talk_ids).values_list(
                "talk_id", "topic__slug", "source"
            )
        ),
    }


def _public_talk_ids() -> list[int]:
    return sorted(Talk.objects.published().values_list("pk", flat=True))


def test_import_gives_talks_what_saving_them_gives(archive, tmp_path):
    public = _public_talk_ids()
    # The draft edition's talk holds words only drafts hold: out of the vocabulary, as
    # it is out of the dump.
    expected = _derived(public)
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    empty_the_archive()

    import_dump(path)

    assert _public_talk_ids() == public
    assert _derived(public) == expected
    assert expected["vocabulary"]
    assert expected["topics"]
    # Every imported talk waits for its related talks' refresh, as after saving it.
    assert set(StaleRelatedTalk.objects.values_list("talk_id", flat=True)) >= set(public)


def test_import_keeps_the_database_keeping_talks_afterwards(archive, tmp_path):
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(build().data)
    empty_the_archive()
    import_dump(path)
    talk = Talk.objects.get(title="Foreign data wrappers")

    talk.title = "Foreign data wrappers and the walrus"
    talk.save()
    talk.talk_speakers.filter(position=1).delete()

    search_vector, _, credits, *_ = _kept([talk.pk])[talk.pk]
    assert "'walrus'" in search_vector
    assert "Bartunov" not in credits
    assert SearchWord.objects.filter(word="walrus").exists()
    assert _enabled() == dict.fromkeys(DEFERRED, True)


def test_failed_import_leaves_every_trigger_on(archive, tmp_path):
    files = members(build().data)
    empty_the_archive()
    # A talk crediting a speaker twice: refused by the database, inside the block that
    # turned the triggers off.
    talks = [json.loads(line) for line in files["talks.jsonl"].splitlines()]
    credits = next(talk["speakers"] for talk in talks if len(talk["speakers"]) == 2)
    credits[1]["speaker_id"] = credits[0]["speaker_id"]
    files["talks.jsonl"] = "".join(json.dumps(talk) + "\n" for talk in talks).encode()
    path = tmp_path / "dump.tar.gz"
    write_dump(path, files)

    with pytest.raises(DumpError):
        import_dump(path)

    assert not Talk.objects.exists()
    assert not Speaker.objects.exists()
    assert _enabled() == dict.fromkeys(DEFERRED, True)


def _enabled() -> dict[tuple[str, str], bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, tgenabled <> 'D' FROM pg_trigger "
            "WHERE (tgrelid::regclass::text, tgname) IN "
            "(SELECT * FROM unnest(%s::text[], %s::text[]))",
            [[table for table, _ in DEFERRED], [name for _, name in DEFERRED]],
        )
        return {(table, name): enabled for table, name, enabled in cursor.fetchall()}
