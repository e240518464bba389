"""talks/typos.py: per-word typo correction from the archive's own public words."""

import pytest

from talks.search import search_talks
from talks.typos import correct, max_typos, typo_distance
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    edition = EditionFactory()
    professional = CompanyFactory(name="Postgres Professional", slug="postgrespro")
    return {
        "zalando": TalkFactory(
            edition=edition,
            title="Logical replication at Zalando",
            abstract="Streaming every change to the integration system.",
            speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
        ),
        "oracle": TalkFactory(
            edition=edition,
            title="Migration from Oracle to PostgreSQL",
            abstract="A medical system moved.",
            speakers=[SpeakerFactory(name="Alexander Korotkov", company=professional)],
        ),
        "multicorn": TalkFactory(
            edition=edition,
            title="Foreign data wrappers in Python",
            abstract="Writing them is simple.",
            projects=[ProjectFactory(name="Multicorn")],
        ),
        "russian": TalkFactory(
            edition=edition,
            title="Репликация без боли",
            abstract="Логическая репликация на практике.",
            language="ru",
        ),
    }


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("logical", "logical", 0),
        ("logcial", "logical", 1),  # a swap is one typo
        ("replcation", "replication", 1),
        ("replicattion", "replication", 1),
        ("migartoin", "migration", 2),
        ("index", "xyz", 3),  # over the limit of 2
    ],
)
def test_typo_distance_counts_swaps_once(a, b, distance):
    assert typo_distance(a, b, 2) == distance


def test_typos_allowed_grow_with_length():
    assert [max_typos(word) for word in ("pool", "index", "logical", "replication")] == [0, 1, 1, 2]


@pytest.mark.parametrize(
    ("query", "corrected"),
    [
        ("Logcial replicaton Zalando", "logical replication Zalando"),
        ("Migartion Oracle PostgreSQL", "migration Oracle PostgreSQL"),
        ("Gogichashvilli", "gogichashvili"),
        ("репликацыя", "репликация"),
        ("мультикорн", "multicorn"),
        ("постгрес про", "postgres professional"),
        ("migration постгрес про", "migration postgres professional"),
    ],
)
def test_unknown_words_become_the_nearest_known_word(archive, query, corrected):
    assert correct(query) == corrected


@pytest.mark.parametrize(
    "query",
    [
        "logical replication",
        "replicating",  # known through stemming
        "Zalando",
        "wrappers OR replication",
        "pool",  # under five letters: never corrected
        "Multicorn",
        "postgres professional",
    ],
)
def test_a_known_word_is_never_replaced(archive, query):
    assert correct(query) == ""


def test_a_phrase_is_not_rewritten_word_by_word(archive):
    assert correct('"logcial replicaton" Zalando') == ""
    assert correct('"logcial replicaton" Zalandoo') == '"logcial replicaton" zalando'


def test_exclusions_stay_as_typed_and_keep_excluding(archive):
    assert correct("replicaton -Zalando") == "replication -Zalando"
    # The Zalando talk excluded; the Russian one found by its topic, replication
    # (talks/search_topics.py), which does not mention Zalando.
    found = search_talks("replicaton -Zalando").talks
    assert [talk.language for talk in found] == ["ru"]
    assert all("Zalando" not in f"{talk.title} {talk.abstract}" for talk in found)
    assert correct("replication -Zalandoo") == ""


def test_correction_prefers_the_word_more_talks_hold():
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Sharding basics")
    TalkFactory(edition=edition, title="Sharding at scale")
    TalkFactory(edition=edition, title="Sharing is caring")
    # One typo from "sharding" (two talks) and from "sharing" (one): the more frequent.
    assert correct("sharring") == "sharding"
    # One typo from "sharing" only.
    assert correct("sharign") == "sharing"


def test_a_draft_talk_words_are_never_suggested():
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Brontosaurus lore")
    TalkFactory(edition=edition, title="Brontosaurian folklore", is_published=False)
    TalkFactory(title="Zanzibarian secrets", edition=EditionFactory(is_published=False))
    # One swap from the draft's "brontosaurian", three edits from the public word.
    assert correct("brontosaurain") == ""
    assert correct("brontosarus") == "brontosaurus"
    assert correct("zanzibarain") == ""
    assert correct("folklroe") == ""


def test_correction_follows_edits_and_unpublishing():
    talk = TalkFactory(title="Checkpointer tuning")
    assert correct("checkpionter") == "checkpointer"
    talk.title = "Bgwriter tuning"
    talk.save()
    assert correct("checkpionter") == ""
    talk.is_published = False
    talk.save()
    assert correct("bgwritter") == ""


def test_search_finds_the_talk_of_a_misspelt_multi_word_query(archive):
    results = search_talks("Migartion Oracle PostgreSQL")
    assert [talk.title for talk in results.talks] == [archive["oracle"].title]
    assert results.corrected == "migration Oracle PostgreSQL"
    assert [talk.title for talk in search_talks("мультикорн").talks] == [archive["multicorn"].title]
    assert [talk.title for talk in search_talks("постгрес про").talks] == [archive["oracle"].title]
