import datetime

import pytest
from django.utils import timezone

from talks.models import Speaker
from talks.names import name_fields
from talks.readers import indexes, lists, schedule
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.talks.readers import reference_querysets as querysets

pytestmark = pytest.mark.django_db


def at(edition, day: int, hour: int) -> datetime.datetime:
    date = edition.start_date + datetime.timedelta(days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@pytest.mark.parametrize(
    ("name", "initial"),
    [
        ("Ronan Dunklau", "R"),
        ("ronan", "R"),
        ("Émile", "E"),
        ("Марат Фаттахов", "\N{CYRILLIC CAPITAL LETTER EM}"),
        ("ёлкин", "\N{CYRILLIC CAPITAL LETTER IE}"),
        ("Йошкин", "\N{CYRILLIC CAPITAL LETTER SHORT I}"),
        ("  Padded", "P"),
        ("42 Team", "#"),
        ("", "#"),
    ],
)
def test_initial_of_names(name, initial):
    assert indexes.initial_of(name) == initial


def test_group_by_initial_sorts_latin_then_cyrillic_then_others():
    names = ["Яков", "bob", "Alice", "42", "Борис", "Ёжиков", "Евгений", "Ann"]
    speakers = [Speaker(pk=i, **name_fields(name)) for i, name in enumerate(names)]

    groups = [(g.initial, [s.name for s in g.speakers]) for g in indexes.group_by_initial(speakers)]

    assert groups == [
        ("A", ["Alice", "Ann"]),
        ("B", ["bob"]),
        ("\N{CYRILLIC CAPITAL LETTER BE}", ["Борис"]),
        ("\N{CYRILLIC CAPITAL LETTER IE}", ["Евгений", "Ёжиков"]),
        ("\N{CYRILLIC CAPITAL LETTER YA}", ["Яков"]),
        ("#", ["42"]),
    ]


def test_schedule_days_groups_by_local_day_then_start():
    edition = EditionFactory(start_date=datetime.date(2016, 2, 3))
    # 23:30 UTC on the first day is already the second day in Moscow (UTC+3).
    late_utc = datetime.datetime(2016, 2, 3, 23, 30, tzinfo=datetime.UTC)
    a = TalkFactory(edition=edition, room="A", start=at(edition, 0, 10))
    b = TalkFactory(edition=edition, room="B", start=at(edition, 0, 10))
    c = TalkFactory(edition=edition, start=late_utc)
    d = TalkFactory(edition=edition, start=None)

    days = schedule.schedule_days(lists.talks_for_edition(edition))

    assert [(day.date, [(slot.start, slot.talks) for slot in day.slots]) for day in days] == [
        (datetime.date(2016, 2, 3), [(at(edition, 0, 10), [a, b])]),
        (datetime.date(2016, 2, 4), [(late_utc, [c])]),
        (None, [(None, [d])]),
    ]


def test_talks_for_edition_drafts_only_when_asked():
    edition = EditionFactory()
    public = TalkFactory(edition=edition, start=at(edition, 0, 9))
    draft = TalkFactory(edition=edition, start=at(edition, 0, 10), is_published=False)

    assert lists.talks_for_edition(edition) == [public]
    assert lists.talks_for_edition(edition, include_drafts=True) == [public, draft]


def test_talks_for_edition_of_draft_edition_is_empty_for_public():
    edition = EditionFactory(is_published=False)
    TalkFactory(edition=edition)

    assert lists.talks_for_edition(edition) == []


def test_credits_in_position_order_with_company_at_talk():
    talk = TalkFactory()
    second = TalkSpeakerFactory(talk=talk, position=2)
    first = TalkSpeakerFactory(talk=talk, position=1)

    (loaded,) = querysets.visible_talks().filter(pk=talk.pk)

    assert loaded.credits == [first, second]
    assert loaded.credits[0].company == first.company


def test_people_at_company_runs_no_query(django_assert_num_queries):
    company = CompanyFactory()
    anna = SpeakerFactory(name="Anna")
    TalkSpeakerFactory(company=company, speaker=anna)
    TalkSpeakerFactory(company=company, speaker=anna)
    TalkSpeakerFactory(company=company, speaker__name="Boris")
    talks = lists.talks_for_company(company)

    with django_assert_num_queries(0):
        people = lists.people_at_company(company, talks)

    assert [person.name for person in people] == ["Anna", "Boris"]


def test_companies_with_counts_ignore_drafts():
    company = CompanyFactory()
    TalkSpeakerFactory(company=company)
    TalkSpeakerFactory(company=company, talk__is_published=False)
    TalkSpeakerFactory(company=company, talk__edition__is_published=False)

    (loaded,) = querysets.companies_with_counts()

    assert (loaded.talk_count, loaded.speaker_count) == (1, 1)


def test_highlighted_talks_keynotes_first_then_the_schedule():
    """Against the rule written out in Python, on keynotes and talks in and out of order,
    unscheduled ones, drafts and another edition's."""
    edition, other = EditionFactory(), EditionFactory()
    for index, (kind, start, published) in enumerate(
        [
            ("keynote", at(edition, 1, 9), True),
            ("keynote", None, True),
            ("keynote", at(edition, 0, 9), True),
            ("keynote", at(edition, 0, 8), False),
            ("talk", at(edition, 0, 10), True),
            ("talk", None, True),
            ("lightning", at(edition, 0, 8), True),
            ("talk", at(edition, 0, 10), True),  # a tie on start: room, title, id decide
            ("talk", at(edition, 0, 7), False),
            ("workshop", at(edition, 2, 9), True),
        ]
    ):
        room = f"Room {index % 3}"
        TalkFactory(edition=edition, kind=kind, start=start, is_published=published, room=room)
    TalkFactory(edition=other, kind="keynote", start=at(other, 0, 6))
    infinity = timezone.make_aware(datetime.datetime.max - datetime.timedelta(days=1))
    ordered = sorted(
        (talk for talk in edition.talks.all() if talk.is_published),
        key=lambda t: (t.kind != "keynote", t.start or infinity, t.room_id or 0, t.title, t.pk),
    )

    for limit in (1, 2, 3, 4, 6, 20):
        assert lists.highlighted_talks(edition, limit=limit) == ordered[:limit]


def test_company_and_project_indexes_match_the_querysets_they_replaced(
    django_assert_num_queries,
):
    """The index pages' statements against companies_with_counts() and
    projects_with_counts() (which the API still uses), on drafts, draft editions, two
    credits of one company at one talk, and names whose case decides the order."""
    draft_edition = EditionFactory(is_published=False)
    alpha, beta, upper, hidden = (
        CompanyFactory(name=name) for name in ("alpha", "Beta", "ALPHA two", "Hidden")
    )
    cdc, multicorn, unseen = (
        ProjectFactory(name=name, description=f"About {name}") for name in ("cdc", "Multicorn", "x")
    )
    shared = TalkFactory(projects=[cdc, multicorn])
    TalkSpeakerFactory(talk=shared, company=alpha)
    TalkSpeakerFactory(talk=shared, company=alpha)  # two people of one company: one talk
    TalkSpeakerFactory(company=alpha, talk=TalkFactory(projects=[cdc]))
    TalkSpeakerFactory(company=beta)
    TalkSpeakerFactory(company=upper)
    TalkSpeakerFactory(company=hidden, talk=TalkFactory(is_published=False, projects=[unseen]))
    TalkSpeakerFactory(company=beta, talk=TalkFactory(edition=draft_edition, projects=[unseen]))
    TalkSpeakerFactory(company=None)

    with django_assert_num_queries(2):
        companies = [
            (c.pk, c.name, c.talk_count, c.get_absolute_url()) for c in indexes.company_index()
        ]
        projects = [
            (p.pk, p.name, p.talk_count, p.description, p.repository_url)
            for p in indexes.project_index()
        ]

    assert companies == [
        (c.pk, c.name, c.talk_count, c.get_absolute_url())
        for c in querysets.companies_with_counts()
    ]
    assert [name for _, name, _, _ in companies] == ["alpha", "ALPHA two", "Beta"]
    assert [count for _, _, count, _ in companies] == [2, 1, 1]
    assert projects == [
        (p.pk, p.name, p.talk_count, p.description, p.repository_url)
        for p in querysets.projects_with_counts()
    ]
    assert [(name, count) for _, name, count, _, _ in projects] == [("cdc", 2), ("Multicorn", 1)]
