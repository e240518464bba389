import pytest
from django.db import DatabaseError, connection

from talks.models import Company, Speaker, TalkSpeaker
from talks.services import merge_companies, merge_speakers, renumber_talk_speakers
from tests.factories import (
    CompanyFactory,
    PhotoFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def links_of(speaker):
    """(talk id, position, company id) of each of the speaker's talk links, by talk."""
    return list(
        TalkSpeaker.objects.filter(speaker=speaker)
        .order_by("talk_id")
        .values_list("talk_id", "position", "company_id")
    )


def refuse_deletes_from(table: str):
    """Make PostgreSQL refuse every DELETE from `table`: a failure at a merge's last step.

    The trigger is created inside the test's transaction, so it is gone after the test.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'deletes refused by the test'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_delete()"
        )


# --- merge_speakers ---------------------------------------------------------


def test_merge_speakers_moves_every_talk_link_with_its_company_and_position():
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    kept = TalkSpeakerFactory(speaker=keep, position=0)
    first = TalkSpeakerFactory(speaker=duplicate, position=1)
    second = TalkSpeakerFactory(speaker=duplicate, position=2, company=None)

    merge_speakers(keep=keep, duplicate=duplicate)

    assert links_of(keep) == [
        (kept.talk_id, 0, kept.company_id),
        (first.talk_id, 1, first.company_id),
        (second.talk_id, 2, None),
    ]


def test_merge_speakers_shared_talk_keeps_keeps_link():
    talk = TalkFactory()
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    keep_link = TalkSpeakerFactory(talk=talk, speaker=keep, position=1)
    TalkSpeakerFactory(talk=talk, speaker=duplicate, position=0)

    merge_speakers(keep=keep, duplicate=duplicate)

    assert list(talk.talk_speakers.values_list("speaker_id", "position", "company_id")) == [
        (keep.pk, 1, keep_link.company_id)
    ]


def test_merge_speakers_shared_talk_without_company_takes_duplicates_company():
    talk = TalkFactory()
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    TalkSpeakerFactory(talk=talk, speaker=keep, position=0, company=None)
    duplicate_link = TalkSpeakerFactory(talk=talk, speaker=duplicate, position=1)

    merge_speakers(keep=keep, duplicate=duplicate)

    assert links_of(keep) == [(talk.pk, 0, duplicate_link.company_id)]


def test_merge_speakers_moves_photo_links_without_doubling():
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    only_duplicate = PhotoFactory(speakers=[duplicate])
    both = PhotoFactory(speakers=[keep, duplicate])
    only_keep = PhotoFactory(speakers=[keep])

    merge_speakers(keep=keep, duplicate=duplicate)

    assert list(keep.photos.order_by("pk")) == [only_duplicate, both, only_keep]
    assert Speaker.photos.through.objects.filter(photo=both).count() == 1


def test_merge_speakers_aliases_gain_duplicates_spellings_once():
    keep = SpeakerFactory(name="Ivan Panchenko", aliases=["Иван Панченко"])
    duplicate = SpeakerFactory(
        name="I. Panchenko",
        aliases=["иван панченко", "IVAN PANCHENKO", "Ivan Pantchenko", "I. PANCHENKO"],
    )

    merged = merge_speakers(keep=keep, duplicate=duplicate)

    assert merged.aliases == ["Иван Панченко", "I. Panchenko", "Ivan Pantchenko"]
    keep.refresh_from_db()
    assert keep.aliases == ["Иван Панченко", "I. Panchenko", "Ivan Pantchenko"]


def test_merge_speakers_blank_details_filled_from_duplicate():
    company = CompanyFactory()
    keep = SpeakerFactory(bio="", website="", company=None)
    duplicate = SpeakerFactory(
        bio="Works on Multicorn.",
        website="https://example.org/",
        company=company,
        photo="speakers/portrait.jpg",
    )

    merge_speakers(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    assert (keep.bio, keep.website, keep.company, keep.photo.name) == (
        "Works on Multicorn.",
        "https://example.org/",
        company,
        "speakers/portrait.jpg",
    )


def test_merge_speakers_own_details_not_overwritten():
    keep = SpeakerFactory(
        bio="Keep's bio.", website="https://keep.example/", company=CompanyFactory()
    )
    duplicate = SpeakerFactory(
        bio="Other bio.", website="https://other.example/", company=CompanyFactory()
    )
    before = (keep.bio, keep.website, keep.company_id)

    merge_speakers(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    assert (keep.bio, keep.website, keep.company_id) == before


def test_merge_speakers_duplicate_deleted():
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    TalkSpeakerFactory(speaker=duplicate)

    merge_speakers(keep=keep, duplicate=duplicate)

    assert list(Speaker.objects.all()) == [keep]


def test_merge_speakers_into_itself_refused():
    speaker = SpeakerFactory()
    TalkSpeakerFactory(speaker=speaker)

    with pytest.raises(ValueError, match="into itself"):
        merge_speakers(keep=speaker, duplicate=Speaker.objects.get(pk=speaker.pk))

    assert len(links_of(speaker)) == 1


def test_merge_speakers_duplicate_already_merged_refused():
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    Speaker.objects.filter(pk=duplicate.pk).delete()

    with pytest.raises(Speaker.DoesNotExist):
        merge_speakers(keep=keep, duplicate=duplicate)


def test_merge_speakers_failing_at_the_end_changes_nothing():
    keep = SpeakerFactory(aliases=["K"], bio="")
    duplicate = SpeakerFactory(aliases=["D"], bio="Duplicate's bio.")
    TalkSpeakerFactory(speaker=keep)
    TalkSpeakerFactory(speaker=duplicate)
    photo = PhotoFactory(speakers=[duplicate])
    keep_links, duplicate_links = links_of(keep), links_of(duplicate)
    refuse_deletes_from("talks_speaker")

    with pytest.raises(DatabaseError, match="deletes refused"):
        merge_speakers(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (links_of(keep), links_of(duplicate)) == (keep_links, duplicate_links)
    assert list(photo.speakers.all()) == [duplicate]
    assert (keep.aliases, keep.bio) == (["K"], "")


# --- merge_companies --------------------------------------------------------


def test_merge_companies_moves_companies_at_talks_and_current_speakers():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    links = [TalkSpeakerFactory(company=duplicate), TalkSpeakerFactory(company=keep)]
    speaker = SpeakerFactory(company=duplicate)

    merge_companies(keep=keep, duplicate=duplicate)

    assert list(TalkSpeaker.objects.filter(company=keep).order_by("pk")) == links
    speaker.refresh_from_db()
    assert speaker.company == keep
    assert list(Company.objects.all()) == [keep]


def test_merge_companies_aliases_and_blank_details_merged():
    keep = CompanyFactory(name="Postgres Pro", aliases=["PostgresPro"], website="")
    duplicate = CompanyFactory(
        name="Postgres Professional",
        aliases=["postgrespro", "Постгрес Про"],
        website="https://postgrespro.ru/",
        description_en="Russian PostgreSQL company.",
        description_ru="Российская компания.",
    )

    merge_companies(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    assert keep.aliases == ["PostgresPro", "Postgres Professional", "Постгрес Про"]
    assert (keep.website, keep.description_en, keep.description_ru) == (
        "https://postgrespro.ru/",
        "Russian PostgreSQL company.",
        "Российская компания.",
    )


def test_merge_companies_takes_the_spelling_keep_lacks():
    """The duplicate's Cyrillic name becomes keep's: the duplicate leaves it first, as
    each spelling names one company (company_name_ru_unique_ci)."""
    keep = CompanyFactory(name="BARS Group", aliases=["BARS"])
    duplicate = CompanyFactory(name_en="Bars Grup", name_ru="БАРС Груп", aliases=["БАРС"])

    merge_companies(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    assert (keep.name_en, keep.name_ru) == ("BARS Group", "БАРС Груп")
    assert keep.aliases == ["BARS", "Bars Grup", "БАРС"]


def test_merge_speakers_takes_the_spelling_keep_lacks():
    keep = SpeakerFactory(name="Иван Панченко")
    duplicate = SpeakerFactory(name_en="Ivan Panchenko", name_ru="Иван Панченко")

    merge_speakers(keep=keep, duplicate=duplicate)

    keep.refresh_from_db()
    assert (keep.name_en, keep.name_ru, keep.aliases) == ("Ivan Panchenko", "Иван Панченко", [])


def test_merge_companies_into_itself_refused():
    company = CompanyFactory()

    with pytest.raises(ValueError, match="into itself"):
        merge_companies(keep=company, duplicate=company)

    assert Company.objects.filter(pk=company.pk).exists()


def test_merge_companies_failing_at_the_end_changes_nothing():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    link = TalkSpeakerFactory(company=duplicate)
    speaker = SpeakerFactory(company=duplicate)
    refuse_deletes_from("talks_company")

    with pytest.raises(DatabaseError, match="deletes refused"):
        merge_companies(keep=keep, duplicate=duplicate)

    link.refresh_from_db()
    speaker.refresh_from_db()
    keep.refresh_from_db()
    assert (link.company, speaker.company, keep.aliases) == (duplicate, duplicate, [])


# --- renumber_talk_speakers -------------------------------------------------


def test_renumber_talk_speakers_gaps_and_ties_become_zero_to_n():
    talk = TalkFactory()
    third = TalkSpeakerFactory(talk=talk, position=7)
    first = TalkSpeakerFactory(talk=talk, position=2)
    second = TalkSpeakerFactory(talk=talk, position=2)

    renumber_talk_speakers(talk=talk)

    assert list(talk.talk_speakers.values_list("pk", "position")) == [
        (first.pk, 0),
        (second.pk, 1),
        (third.pk, 2),
    ]
