import pytest

from talks.models import Speaker, Talk
from talks.slugs import slugify_text, transliterate, truncate_slug, unique_slug
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Марат Фаттахов", "marat-fattakhov"),
        ("Гогичашвили", "gogichashvili"),
        ("Валентин Гогичашвили", "valentin-gogichashvili"),
        ("Дмитрий Бойков", "dmitry-boykov"),
        ("Юрий Щукин", "yury-shchukin"),
        ("Ёлка и подъезд", "elka-i-podezd"),
        (
            "Логическая репликация в PostgreSQL: опыт Avito",
            "logicheskaya-replikatsiya-v-postgresql-opyt-avito",
        ),
        ("Dunklau Ronán", "dunklau-ronan"),
        ("Łukasz Straße, Søren Ærø", "lukasz-strasse-soren-aero"),
        ("Multicorn: writing FDWs in Python!", "multicorn-writing-fdws-in-python"),
        ("  --  ", ""),
    ],
)
def test_slugify_text_gives_ascii_slug(text, slug):
    assert slugify_text(text) == slug


def test_transliterate_keeps_capitals_and_latin_text():
    assert transliterate("Марат Фаттахов") == "Marat Fattakhov"
    assert transliterate("Щукин и PostgreSQL 9.6") == "Shchukin i PostgreSQL 9.6"


def test_slugify_text_max_length_cuts_at_a_hyphen():
    slug = slugify_text("Логическая репликация в PostgreSQL", max_length=30)
    assert slug == "logicheskaya-replikatsiya-v"


def test_truncate_slug_without_a_near_hyphen_cuts_inside_the_word():
    assert truncate_slug("a-verylongsingleword", 10) == "a-verylong"


@pytest.mark.django_db
def test_unique_slug_free_text_unchanged():
    assert unique_slug(Speaker.objects.all(), "Марат Фаттахов") == "marat-fattakhov"


@pytest.mark.django_db
def test_unique_slug_taken_appends_next_number():
    SpeakerFactory(slug="marat-fattakhov")
    SpeakerFactory(slug="marat-fattakhov-2")

    assert unique_slug(Speaker.objects.all(), "Марат Фаттахов") == "marat-fattakhov-3"


@pytest.mark.django_db
def test_unique_slug_scoped_by_queryset():
    edition, other_edition = EditionFactory(), EditionFactory()
    TalkFactory(edition=other_edition, slug="multicorn")

    assert unique_slug(Talk.objects.filter(edition=edition), "Multicorn") == "multicorn"
    assert unique_slug(Talk.objects.filter(edition=other_edition), "Multicorn") == "multicorn-2"


@pytest.mark.django_db
def test_unique_slug_suffix_fits_max_length():
    SpeakerFactory(slug="valentin-gogichas")

    slug = unique_slug(Speaker.objects.all(), "Валентин Гогичашвили", max_length=17)

    assert slug == "valentin-gogich-2"
    assert len(slug) <= 17


@pytest.mark.django_db
def test_unique_slug_defaults_to_the_fields_max_length():
    slug = unique_slug(Speaker.objects.all(), "слово " * 100)

    assert len(slug) <= Speaker._meta.get_field("slug").max_length
    assert slug.startswith("slovo-slovo")


@pytest.mark.django_db
def test_unique_slug_nothing_usable_falls_back_to_model_name():
    SpeakerFactory(slug="speaker")

    assert unique_slug(Speaker.objects.all(), "!!!") == "speaker-2"


@pytest.mark.django_db
def test_unique_slug_many_taken_goes_past_one_batch():
    for number in range(1, 56):
        SpeakerFactory(slug="ivan" if number == 1 else f"ivan-{number}")

    assert unique_slug(Speaker.objects.all(), "Иван") == "ivan-56"
