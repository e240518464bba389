"""The vocabulary PostgreSQL keeps for typo correction (talks/vocabulary.py): the words of
public talks only, counted per talk, following edits, names and publication."""

import pytest

from talks.models import SearchWord, Talk
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def counts(*words: str) -> dict[str, int]:
    found = dict(SearchWord.objects.filter(word__in=words).values_list("word", "talks"))
    return {word: found.get(word, 0) for word in words}


def test_words_of_public_talks_counted_per_talk_in_both_scripts():
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Logical replication", abstract="Replication again.")
    TalkFactory(edition=edition, title="Физическая репликация", abstract="", language="ru")
    assert counts("replication", "logical", "репликация", "again") == {
        "replication": 1,
        "logical": 1,
        "репликация": 1,
        "again": 1,
    }
    assert SearchWord.objects.get(word="репликация").latin == "replikatsiya"


def test_draft_words_are_never_in_the_vocabulary():
    TalkFactory(title="Brontosaurian folklore", is_published=False)
    TalkFactory(title="Zanzibarian secrets", edition=EditionFactory(is_published=False))
    assert counts("brontosaurian", "folklore", "zanzibarian", "secrets") == dict.fromkeys(
        ("brontosaurian", "folklore", "zanzibarian", "secrets"), 0
    )


def test_vocabulary_follows_edits_unpublishing_and_deletion():
    talk = TalkFactory(title="Vacuum tuning")
    assert counts("vacuum", "tuning", "autovacuum") == {"vacuum": 1, "tuning": 1, "autovacuum": 0}

    talk.title = "Autovacuum tuning"
    talk.save()
    assert counts("vacuum", "tuning", "autovacuum") == {"vacuum": 0, "tuning": 1, "autovacuum": 1}

    Talk.objects.filter(pk=talk.pk).update(is_published=False)
    assert counts("tuning", "autovacuum") == {"tuning": 0, "autovacuum": 0}
    Talk.objects.filter(pk=talk.pk).update(is_published=True)
    assert counts("tuning") == {"tuning": 1}

    edition = talk.edition
    edition.is_published = False
    edition.save()
    assert counts("tuning") == {"tuning": 0}
    edition.is_published = True
    edition.save()
    assert counts("tuning") == {"tuning": 1}

    talk.delete()
    assert counts("tuning", "autovacuum") == {"tuning": 0, "autovacuum": 0}


def test_vocabulary_follows_names_of_speakers_companies_and_projects():
    company = CompanyFactory(name="Postgres Professional")
    speaker = SpeakerFactory(name="Valentine Gogichashvili", company=company)
    project = ProjectFactory(name="Multicorn")
    TalkFactory(title="Foreign data", speakers=[speaker], projects=[project])
    assert counts("gogichashvili", "multicorn", "postgres professional", "professional") == {
        "gogichashvili": 1,
        "multicorn": 1,
        "postgres professional": 1,
        "professional": 1,
    }

    speaker.name_en = "Valentin Gogichashvilli"
    speaker.save()
    project.name = "Multicorn2"  # digits: not a word of letters
    project.save()
    assert counts("gogichashvili", "gogichashvilli", "multicorn") == {
        "gogichashvili": 0,
        "gogichashvilli": 1,
        "multicorn": 0,
    }
