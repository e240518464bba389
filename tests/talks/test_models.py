import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from talks.models import Company, Talk
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_talk_slug_duplicate_in_edition_refused_by_database():
    talk = TalkFactory(slug="multicorn")
    with pytest.raises(IntegrityError, match="talk_slug_per_edition"):
        TalkFactory(edition=talk.edition, slug="multicorn")


def test_talk_slug_reused_in_other_edition_allowed():
    first = TalkFactory(slug="multicorn")
    second = TalkFactory(slug="multicorn")

    saved = Talk.objects.filter(slug="multicorn").order_by("pk")
    assert list(saved.values_list("pk", "edition_id")) == [
        (first.pk, first.edition_id),
        (second.pk, second.edition_id),
    ]
    assert first.edition_id != second.edition_id
    # Within one edition the named constraint still refuses the slug.
    with pytest.raises(IntegrityError, match="talk_slug_per_edition"), transaction.atomic():
        TalkFactory(edition=second.edition, slug="multicorn")
    assert saved.count() == 2


def test_talk_duration_zero_refused_by_database():
    with pytest.raises(IntegrityError, match="talk_duration_positive"):
        TalkFactory(duration=datetime.timedelta(0))


def test_talk_unknown_language_refused_by_database():
    with pytest.raises(IntegrityError, match="talk_language_known"):
        TalkFactory(language="xx")


def test_talk_empty_title_refused_by_database():
    with pytest.raises(IntegrityError, match="talk_has_title"):
        TalkFactory(title="")


def test_speaker_slug_duplicate_refused_by_database():
    SpeakerFactory(slug="ronan-dunklau")
    with pytest.raises(IntegrityError, match="speaker_slug_unique"):
        SpeakerFactory(slug="ronan-dunklau")


def test_company_name_duplicate_ignoring_case_refused_by_database():
    CompanyFactory(name="Dalibo", slug="dalibo")
    with pytest.raises(IntegrityError, match="company_name_en_unique_ci"):
        CompanyFactory(name="DALIBO", slug="dalibo-2")


def test_company_cyrillic_name_duplicate_ignoring_case_refused_by_database():
    CompanyFactory(name_en="BARS Group", name_ru="БАРС Груп", slug="bars-group")
    with pytest.raises(IntegrityError, match="company_name_ru_unique_ci"):
        CompanyFactory(name_en="BARS", name_ru="барс груп", slug="bars")


def test_companies_with_one_spelling_each_share_the_empty_other():
    CompanyFactory(name="Dalibo", slug="dalibo")
    CompanyFactory(name="Zalando", slug="zalando")
    CompanyFactory(name="Авито", slug="avito")
    CompanyFactory(name="Озон", slug="ozon")
    assert Company.objects.filter(name_ru="").count() == 2
    assert Company.objects.filter(name_en="").count() == 2


@pytest.mark.parametrize("factory", [SpeakerFactory, CompanyFactory])
def test_row_without_any_spelling_refused_by_database(factory):
    with pytest.raises(IntegrityError, match="_has_name"):
        factory(name_en="", name_ru="", slug="nameless")


def test_name_shows_the_interface_script_and_falls_back_to_the_other():
    both = SpeakerFactory.build(name_en="Ivan Panchenko", name_ru="Иван Панченко")
    latin_only = SpeakerFactory.build(name="Ronan Dunklau")
    cyrillic_only = SpeakerFactory.build(name="Олег Бартунов")
    shown = {}
    for language in ("en", "ru"):
        with translation.override(language):
            shown[language] = [
                (row.name, row.name_language, row.other_name, row.other_name_language)
                for row in (both, latin_only, cyrillic_only)
            ]
    assert shown == {
        "en": [
            ("Ivan Panchenko", "en", "Иван Панченко", "ru"),
            ("Ronan Dunklau", "en", "", "ru"),
            ("Олег Бартунов", "ru", "", "en"),
        ],
        "ru": [
            ("Иван Панченко", "ru", "Ivan Panchenko", "en"),
            ("Ronan Dunklau", "en", "", "ru"),
            ("Олег Бартунов", "ru", "", "en"),
        ],
    }


def test_company_description_in_the_interface_language_with_fallback():
    both = CompanyFactory.build(description_en="Healthcare IT.", description_ru="Медицинские ИС.")
    english_only = CompanyFactory.build(description_en="Consultancy.", description_ru="")
    with translation.override("ru"):
        assert (both.description, english_only.description) == ("Медицинские ИС.", "Consultancy.")
    with translation.override("en"):
        assert (both.description, english_only.description) == ("Healthcare IT.", "Consultancy.")


def test_project_slug_duplicate_refused_by_database():
    ProjectFactory(name="Multicorn", slug="multicorn")
    with pytest.raises(IntegrityError, match="project_slug_unique"):
        ProjectFactory(name="Multicorn 2", slug="multicorn")


def test_same_speaker_twice_on_a_talk_refused_by_database():
    link = TalkSpeakerFactory()
    with pytest.raises(IntegrityError, match="talk_speaker_once"):
        TalkSpeakerFactory(talk=link.talk, speaker=link.speaker, position=1)


def test_talk_published_hides_drafts_and_talks_of_draft_editions():
    visible = TalkFactory()
    TalkFactory(is_published=False)
    TalkFactory(edition=EditionFactory(is_published=False))
    assert list(type(visible).objects.published()) == [visible]


def test_speaker_published_only_with_a_published_talk():
    shown, hidden_draft, hidden_alone = SpeakerFactory.create_batch(3)
    TalkFactory(speakers=[shown])
    TalkFactory(speakers=[hidden_draft], is_published=False)
    assert list(type(shown).objects.published()) == [shown]
    assert hidden_alone not in type(shown).objects.published()


def test_company_published_through_talk_links():
    shown, hidden = CompanyFactory.create_batch(2)
    TalkSpeakerFactory(company=shown)
    TalkSpeakerFactory(company=hidden, talk=TalkFactory(is_published=False))
    assert list(type(shown).objects.published()) == [shown]


def test_project_published_through_its_talks():
    shown, hidden = ProjectFactory.create_batch(2)
    TalkFactory(projects=[shown])
    TalkFactory(projects=[hidden], edition=EditionFactory(is_published=False))
    assert list(type(shown).objects.published()) == [shown]


def test_constraint_violation_leaves_transaction_usable():
    talk = TalkFactory(slug="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkFactory(edition=talk.edition, slug="a")
    assert type(talk).objects.count() == 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_kind_and_language_labels_are_the_display_values(language):
    from django.utils import translation

    from talks.choices import Language, TalkKind
    from talks.models import Talk

    with translation.override(language):
        for kind in [*TalkKind.values, "unknown"]:
            for code in [*Language.values, "xx"]:
                talk = Talk(kind=kind, language=code)
                assert talk.kind_label == talk.get_kind_display()
                assert talk.language_label == talk.get_language_display()
