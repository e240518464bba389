"""A name shown in the other language than the page's carries that language's `lang`:
tracks and rooms by the fallback (edition, timetable, talk pages, talk lists), names in
Latin letters on Russian pages and in Cyrillic on English ones (projects, aliases), and
the search facets' labels. A name in the page's language carries none."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from conference.bilingual import fallback_language, marked_language
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2016, 2, 3)


@pytest.fixture
def archive():
    """One talk in an English-only track and room, about a Latin-letter project, by a
    speaker with a Cyrillic alias at a company named in Latin letters only; another in a
    Russian-only track and room about a project named in Cyrillic."""
    edition = EditionFactory(slug="pgconf-2016", start_date=DAY, end_date=DAY)
    start = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(10)))
    english = TalkFactory(
        edition=edition,
        slug="replication",
        title="Logical replication",
        track=TrackFactory(edition=edition, name_en="Internals", name_ru=""),
        room=RoomFactory(edition=edition, name_en="Hall 1", name_ru="", position=0),
        start=start,
    )
    russian = TalkFactory(
        edition=edition,
        slug="repl-ru",
        title="Логическая репликация",
        language="ru",
        track=TrackFactory(edition=edition, name_en="", name_ru="Разработка"),
        room=RoomFactory(edition=edition, name_en="", name_ru="Малый зал", position=1),
        start=start,
    )
    english.projects.add(ProjectFactory(name="Multicorn", slug="multicorn"))
    russian.projects.add(ProjectFactory(name="Ёжик", slug="yozhik"))
    company = CompanyFactory(name_en="Postgres Pro", name_ru="", slug="postgrespro")
    speaker = SpeakerFactory(
        name_en="Oleg Bartunov", name_ru="Олег Бартунов", slug="oleg", aliases=["О. Бартунов"]
    )
    TalkSpeakerFactory(talk=english, speaker=speaker, company=company)
    TalkSpeakerFactory(talk=russian, speaker=speaker, company=company)
    return edition


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_tracks_and_rooms_on_the_talk_page(client, archive):
    russian = page(client, "/ru/pgconf-2016/talks/replication/")
    english = page(client, "/pgconf-2016/talks/repl-ru/")

    assert '<dd lang="en">Hall 1</dd>' in russian
    assert '<dd lang="en">Internals</dd>' in russian
    assert '<dd lang="ru">Малый зал</dd>' in english
    assert '<dd lang="ru">Разработка</dd>' in english
    assert "<dd>Разработка</dd>" in page(client, "/ru/pgconf-2016/talks/repl-ru/")


def test_tracks_and_rooms_on_the_edition_page_and_timetable(client, archive):
    edition = page(client, "/ru/pgconf-2016/")
    timetable = page(client, "/ru/pgconf-2016/timetable/")
    english_timetable = page(client, "/pgconf-2016/timetable/")

    assert '<option value="internals" lang="en">Internals</option>' in edition
    assert '<option value="razrabotka">Разработка</option>' in edition
    assert '<li><span lang="en">Hall 1</span></li><li><span lang="en">Internals</span></li>' in (
        edition
    )
    assert '<th scope="col" lang="en">Hall 1</th>' in timetable
    assert '<p class="timetable-track" lang="en">Internals</p>' in timetable
    assert '<p class="timetable-track">Разработка</p>' in timetable
    assert '<th scope="col" lang="ru">Малый зал</th>' in english_timetable
    assert '<p class="timetable-track" lang="ru">Разработка</p>' in english_timetable


def test_project_names_by_their_letters(client, archive):
    russian = page(client, "/ru/projects/multicorn/")
    english = page(client, "/projects/yozhik/")

    assert '<h1 lang="en">Multicorn</h1>' in russian
    assert '<li aria-current="page" lang="en">Multicorn</li>' in russian
    assert '1 доклад о проекте <span lang="en">Multicorn</span>' in russian
    assert '<h1 lang="ru">Ёжик</h1>' in english
    assert "<h1>Multicorn</h1>" in page(client, "/projects/multicorn/")
    assert 'href="/ru/projects/multicorn/" lang="en">Multicorn</a>' in page(
        client, "/ru/pgconf-2016/talks/replication/"
    )
    assert 'href="/ru/projects/multicorn/" lang="en">Multicorn</a>' in page(client, "/ru/projects/")


def test_company_and_speaker_names_and_aliases(client, archive):
    company = page(client, "/ru/companies/postgrespro/")
    speaker = page(client, "/speakers/oleg/")

    assert '<h1 lang="en">Postgres Pro</h1>' in company
    assert 'href="/ru/speakers/oleg/">Олег Бартунов</a>' in company
    assert 'href="/speakers/oleg/">Oleg Bartunov</a>' in page(client, "/companies/postgrespro/")
    assert '<span lang="ru">О. Бартунов</span>' in speaker
    assert "<span>О. Бартунов</span>" in page(client, "/ru/speakers/oleg/")
    assert '<p class="other-name muted" lang="ru">Олег Бартунов</p>' in speaker


def test_search_facet_labels(client, archive):
    russian = page(client, "/ru/search/?q=replication")
    english = page(client, "/search/?q=replication")
    chosen = page(client, "/ru/search/?q=replication&track=internals")

    assert '<span class="facet-label" lang="en">Internals</span>' in russian
    assert '<span class="facet-label" lang="en">Postgres Pro</span>' in russian
    assert '<span class="facet-label" lang="en">Multicorn</span>' in russian
    assert '<span class="facet-label">Internals</span>' in english
    assert re.search(r'<span class="facet-label">Английский</span>', russian)
    assert '<span lang="en">Internals</span></span>' in chosen  # the active filter


def test_russian_labels_on_english_search(client, archive):
    english = page(client, "/search/?q=репликация")

    assert '<span class="facet-label" lang="ru">Разработка</span>' in english
    assert '<span class="facet-label" lang="ru">Ёжик</span>' in english


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Multicorn", "en"),
        ("ru", "ООО Postgres Pro", None),
        ("en", "Ёжик", "ru"),
        ("en", "Multicorn", None),
        ("ru", "2016", None),  # no letters, no language
        ("en", "", None),
    ],
)
def test_marked_language(language, text, expected):
    with translation.override(language):
        assert marked_language(text) == expected


def test_a_bilingual_value_in_the_pages_column_but_latin_letters_is_english(archive):
    track = TrackFactory(edition=archive, name_en="", name_ru="PostgreSQL")

    with translation.override("ru"):
        assert fallback_language(track, "name") == "en"
    with translation.override("en"):
        assert fallback_language(track, "name") is None  # the fallback, in Latin letters
