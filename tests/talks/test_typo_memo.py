"""talks/typo_memo.py: the typo correction's look-ups remembered per archive version."""

import pytest

from conference.web.archive_version import ArchiveVersion
from talks import typo_memo
from talks.search import search_talks
from talks.typos import correct, relax
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "Logcial replicaton Zalando",
    "Migartion Oracle PostgreSQL",
    "logical replication",
    "replicating",
    "Zalando",
    "wrappers OR replication",
    '"logcial replicaton" Zalandoo',
    "replicaton -Zalando",
    "Gogichashvilli",
    "xyzzy replication",
    "xyzzy plugh",
]


@pytest.fixture(autouse=True)
def memo_on(settings):
    """The memo on, and empty: the tests' rolled-back writes give the next test the
    versions this one saw."""
    settings.SEARCH_WORD_MEMO = 1000
    typo_memo.forget()
    yield
    typo_memo.forget()


@pytest.fixture
def archive():
    edition = EditionFactory()
    TalkFactory(
        edition=edition,
        title="Logical replication at Zalando",
        abstract="Streaming every change to the integration system.",
        speakers=[SpeakerFactory(name="Valentine Gogichashvili")],
    )
    TalkFactory(edition=edition, title="Migration from Oracle to PostgreSQL")
    TalkFactory(edition=edition, title="Foreign data wrappers in Python")


def memo():
    return typo_memo.for_version(ArchiveVersion.current())


def test_corrections_from_the_memo_are_the_ones_looked_up(archive):
    looked_up = {query: correct(query) for query in QUERIES}
    for _ in range(2):  # filling the memo, then from it alone
        assert {query: correct(query, memo()) for query in QUERIES} == looked_up
        assert {query: correct(query, memo()) for query in reversed(QUERIES)} == looked_up
    assert relax("xyzzy replication", memo()) == relax("xyzzy replication")


def test_a_query_whose_words_were_looked_up_reads_none(archive, django_assert_num_queries):
    correct("Logcial replicaton Zalando", memo())
    current = memo()
    with django_assert_num_queries(0):
        assert correct("Logcial replicaton Zalando", current) == "logical replication Zalando"
        # Its trailing words, which might begin a name, were looked up as one too.
        assert correct("replicaton Zalando", current) == "replication Zalando"
    with django_assert_num_queries(1):  # the new word (and its run) only
        assert correct("Zalando Migartion", current) == "Zalando migration"


def test_a_search_looks_its_words_up_once(archive, django_assert_num_queries):
    first = search_talks("Migartion Oracle PostgreSQL")
    with django_assert_num_queries(2):  # the version and the search: no look-up
        again = search_talks("Migartion Oracle PostgreSQL")
    assert again.corrected == first.corrected == "migration Oracle PostgreSQL"
    assert [talk.pk for talk in again.talks] == [talk.pk for talk in first.talks]


def test_a_write_forgets_what_was_looked_up():
    talk = TalkFactory(title="Checkpointer tuning")
    assert correct("checkpionter", memo()) == "checkpointer"
    talk.title = "Bgwriter tuning"
    talk.save()
    assert correct("checkpionter", memo()) == ""
    assert correct("bgwritter", memo()) == "bgwriter"
    talk.is_published = False
    talk.save()
    # The unpublished talk's word is never suggested, though the memo had it.
    assert correct("bgwritter", memo()) == ""


def test_an_older_version_gets_no_memo():
    current = ArchiveVersion.current()
    assert typo_memo.for_version(current) is typo_memo.for_version(current)
    assert typo_memo.for_version(current + 1) is not None
    assert typo_memo.for_version(current) is None  # a newer memo is kept


def test_the_memo_is_off_at_zero_and_bounded(settings):
    settings.SEARCH_WORD_MEMO = 0
    assert typo_memo.for_version(1) is None
    settings.SEARCH_WORD_MEMO = 2
    kept = typo_memo.for_version(1)
    kept.remember("words", "a", ())
    kept.remember("runs", "b c", None)
    kept.remember("words", "d", ())  # the third answer: the memo starts again
    assert (kept.words, kept.runs) == ({"d": ()}, {})
