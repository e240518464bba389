"""Speakers, companies and projects: lists filtered by edition, details with their talks."""

from django.http import Http404
from ninja import Field, Query, Router

from talks.api_v1.base import SAFE_METHODS, Error, PageParams, paginate
from talks.api_v1.schemas import (
    CompanyDetail,
    CompanyPage,
    ProjectDetail,
    ProjectPage,
    SpeakerDetail,
    SpeakerPage,
)
from talks.readers import detail, indexes, lists
from talks.readers.rows import Counted

router = Router(tags=["speakers, companies and projects"])


class EditionFilter(PageParams):
    edition: str | None = Field(None, description="edition slug: those with a talk there")


def index_page(index: indexes.Index, params: EditionFilter) -> Counted:
    """One page of the index reader the index pages use too, whole rows for the answers."""
    return indexes.index_rows(
        index, whole=True, edition=params.edition, limit=params.limit, offset=params.start
    )


def found(row):
    """The row a detail reader found, or a 404."""
    if row is None:
        raise Http404
    return row


# --- Speakers ----------------------------------------------------------------


@router.api_operation(SAFE_METHODS, "/speakers", response={200: SpeakerPage, 400: Error})
def list_speakers(request, params: Query[EditionFilter]):
    """Speakers of published talks, by name."""
    rows = index_page(indexes.SPEAKERS, params)
    return paginate(request, rows, params)


@router.api_operation(SAFE_METHODS, "/speakers/{slug}", response={200: SpeakerDetail, 404: Error})
def get_speaker(request, slug: str):
    """A speaker and their published talks, newest edition first."""
    speaker = found(detail.find_speaker(slug))
    talks = lists.talks_for_speaker(speaker)
    speaker.talk_count = len(talks)  # as the speaker's page counts them
    speaker.public_talks = talks
    return speaker


# --- Companies ---------------------------------------------------------------


@router.api_operation(SAFE_METHODS, "/companies", response={200: CompanyPage, 400: Error})
def list_companies(request, params: Query[EditionFilter]):
    """Companies someone spoke for at a published talk, by name."""
    rows = index_page(indexes.COMPANIES, params)
    return paginate(request, rows, params)


@router.api_operation(SAFE_METHODS, "/companies/{slug}", response={200: CompanyDetail, 404: Error})
def get_company(request, slug: str):
    """A company and the published talks given by someone while at it."""
    company = found(detail.find_company(slug))
    talks = lists.talks_for_company(company)
    # As the company's page counts its talks and its people.
    company.talk_count = len(talks)
    company.speaker_count = len(lists.people_at_company(company, talks))
    company.public_talks = talks
    return company


# --- Projects ----------------------------------------------------------------


@router.api_operation(SAFE_METHODS, "/projects", response={200: ProjectPage, 400: Error})
def list_projects(request, params: Query[EditionFilter]):
    """Projects published talks are about, by name."""
    rows = index_page(indexes.PROJECTS, params)
    return paginate(request, rows, params)


@router.api_operation(SAFE_METHODS, "/projects/{slug}", response={200: ProjectDetail, 404: Error})
def get_project(request, slug: str):
    """A project and every published talk about it."""
    project = found(detail.find_project(slug))
    talks = lists.talks_for_project(project)
    project.talk_count = len(talks)  # as the project's page counts them
    project.public_talks = talks
    return project
