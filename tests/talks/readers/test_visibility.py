"""talks/readers/visibility.py's SQL fragments select what their QuerySet methods select.

The data tells the rules apart: a published talk in a draft edition, a draft talk in a
published edition, a speaker, company and project only in drafts, a speaker with a public
and a draft talk, a company that is a speaker's current one but credited at no public
talk, and rows with no talk at all.
"""

import pytest
from django.db import connection

from talks.models import Company, Project, Speaker, Talk, TalkSpeaker
from talks.readers.visibility import (
    PUBLIC_TALKS_T,
    TALK_IS_PUBLIC,
    TALK_IS_VISIBLE,
    company_is_public,
    project_is_public,
    speaker_is_public,
)
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

TALKS_WITH_EDITIONS = (
    "talks_talk AS talk JOIN conference_edition AS edition ON edition.id = talk.edition_id"
)


def ids(sql: str, params=None) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def queryset_ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def archive():
    """Rows each rule must tell apart; returns the names of what is public."""
    published, draft = EditionFactory(), EditionFactory(is_published=False)
    everywhere = SpeakerFactory(name="Everywhere")
    public_talk = TalkFactory(
        edition=published,
        speakers=[SpeakerFactory(name="Public", company=CompanyFactory(name="Public Co"))],
        projects=[ProjectFactory(name="Public project")],
    )
    TalkSpeaker.objects.create(talk=public_talk, speaker=everywhere, position=1)
    TalkFactory(
        edition=published,
        is_published=False,
        speakers=[everywhere, SpeakerFactory(company=CompanyFactory(name="Draft talk Co"))],
        projects=[ProjectFactory(name="Draft talk project")],
    )
    TalkFactory(
        edition=draft,
        speakers=[SpeakerFactory(company=CompanyFactory(name="Draft edition Co"))],
        projects=[ProjectFactory(name="Draft edition project")],
    )
    # The current company of a public speaker, credited at no talk: not public.
    Speaker.objects.filter(name_en="Public").update(company=CompanyFactory(name="Current only Co"))
    SpeakerFactory(name="No talks")
    ProjectFactory(name="No talks project")
    return public_talk


def test_talk_fragment_selects_talk_objects_published(archive):
    public = ids(f"SELECT talk.id FROM {TALKS_WITH_EDITIONS} WHERE {TALK_IS_PUBLIC}")  # noqa: S608 -- constant fragments
    assert public == queryset_ids(Talk.objects.published()) == {archive.pk}


def test_search_from_clause_holds_the_talk_rule(archive):
    assert ids(f"SELECT t.id FROM {PUBLIC_TALKS_T}") == queryset_ids(Talk.objects.published())  # noqa: S608 -- constant fragment


@pytest.mark.parametrize("include_drafts", [False, True])
def test_visible_fragment_adds_drafts_only_for_a_preview(archive, include_drafts):
    sql = f"SELECT talk.id FROM {TALKS_WITH_EDITIONS} WHERE {TALK_IS_VISIBLE}"  # noqa: S608 -- constant fragments
    expected = Talk.objects.all() if include_drafts else Talk.objects.published()
    assert ids(sql, {"include_drafts": include_drafts}) == queryset_ids(expected)


@pytest.mark.parametrize(
    ("model", "table", "fragment", "public_names"),
    [
        (Speaker, "talks_speaker", speaker_is_public, {"Public", "Everywhere"}),
        (Company, "talks_company", company_is_public, {"Public Co"}),
        (Project, "talks_project", project_is_public, {"Public project"}),
    ],
)
@pytest.mark.parametrize("alias", ["row", "named"])
def test_row_fragments_select_their_querysets(archive, model, table, fragment, public_names, alias):
    found = ids(f"SELECT {alias}.id FROM {table} AS {alias} WHERE {fragment(alias)}")  # noqa: S608 -- constant fragments
    published = model.objects.published()
    assert found == queryset_ids(published)
    assert {row.name for row in published} == public_names
