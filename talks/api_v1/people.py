"""Speakers, companies and projects: lists filtered by edition, details with their talks."""

from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from talks.api_v1.base import SAFE_METHODS, Error, PageParams, absolute, paginate
from talks.api_v1.schemas import (
    CompanyDetail,
    CompanyPage,
    ProjectDetail,
    ProjectPage,
    SpeakerDetail,
    SpeakerPage,
)
from talks.api_v1.talks import ref
from talks.models import Talk
from talks.readers import lists, querysets

router = Router(tags=["speakers, companies and projects"])


class EditionFilter(PageParams):
    edition: str | None = Field(None, description="edition slug: those with a talk there")


def talk_ref(request, talk) -> dict:
    return {
        "edition": talk.edition.slug,
        "slug": talk.slug,
        "title": talk.title,
        "language": talk.language,
        "url": absolute(request, talk.get_absolute_url()),
    }


def in_edition(rows, lookup: str, edition: str | None):
    """Rows with a published talk in `edition` (by slug), through `lookup` from a talk."""
    if not edition:
        return rows
    talks = Talk.objects.published().filter(edition__slug=edition, **{lookup: OuterRef("pk")})
    return rows.filter(Exists(talks))


# --- Speakers ----------------------------------------------------------------


def speakers():
    """Public speakers with their current company (when it is public) and talk count."""
    return querysets.speaker_detail_queryset().annotate(
        talk_count=Count("talk_speakers", filter=querysets.PUBLISHED_TALK)
    )


def speaker_data(request, speaker) -> dict:
    company = speaker.company if speaker.company_is_public else None
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "aliases": speaker.aliases,
        "bio": speaker.bio,
        "website": speaker.website,
        "photo_url": absolute(request, speaker.photo.url) if speaker.photo else None,
        "company": ref(request, company, company.name) if company else None,
        "talk_count": speaker.talk_count,
        "url": absolute(request, speaker.get_absolute_url()),
    }


@router.api_operation(SAFE_METHODS, "/speakers", response={200: SpeakerPage, 400: Error})
def list_speakers(request, params: Query[EditionFilter]):
    """Speakers of published talks, by name."""
    rows = in_edition(speakers(), "talk_speakers__speaker", params.edition)
    rows = rows.order_by("name", "pk")
    return paginate(request, rows, params, lambda speaker: speaker_data(request, speaker))


@router.api_operation(SAFE_METHODS, "/speakers/{slug}", response={200: SpeakerDetail, 404: Error})
def get_speaker(request, slug: str):
    """A speaker and their published talks, newest edition first."""
    speaker = get_object_or_404(speakers(), slug=slug)
    talks = lists.talks_for_speaker(speaker)
    return {**speaker_data(request, speaker), "talks": [talk_ref(request, t) for t in talks]}


# --- Companies ---------------------------------------------------------------


def company_data(request, company) -> dict:
    return {
        "slug": company.slug,
        "name": company.name,
        "aliases": company.aliases,
        "website": company.website,
        "description": company.description,
        "talk_count": company.talk_count,
        "speaker_count": company.speaker_count,
        "url": absolute(request, company.get_absolute_url()),
    }


@router.api_operation(SAFE_METHODS, "/companies", response={200: CompanyPage, 400: Error})
def list_companies(request, params: Query[EditionFilter]):
    """Companies someone spoke for at a published talk, by name."""
    rows = in_edition(querysets.companies_with_counts(), "talk_speakers__company", params.edition)
    return paginate(request, rows, params, lambda company: company_data(request, company))


@router.api_operation(SAFE_METHODS, "/companies/{slug}", response={200: CompanyDetail, 404: Error})
def get_company(request, slug: str):
    """A company and the published talks given by someone while at it."""
    company = get_object_or_404(querysets.companies_with_counts(), slug=slug)
    talks = lists.talks_for_company(company)
    return {**company_data(request, company), "talks": [talk_ref(request, t) for t in talks]}


# --- Projects ----------------------------------------------------------------


def project_data(request, project) -> dict:
    return {
        "slug": project.slug,
        "name": project.name,
        "repository_url": project.repository_url,
        "homepage_url": project.homepage_url,
        "description": project.description,
        "talk_count": project.talk_count,
        "url": absolute(request, project.get_absolute_url()),
    }


@router.api_operation(SAFE_METHODS, "/projects", response={200: ProjectPage, 400: Error})
def list_projects(request, params: Query[EditionFilter]):
    """Projects published talks are about, by name."""
    rows = in_edition(querysets.projects_with_counts(), "projects", params.edition)
    return paginate(request, rows, params, lambda project: project_data(request, project))


@router.api_operation(SAFE_METHODS, "/projects/{slug}", response={200: ProjectDetail, 404: Error})
def get_project(request, slug: str):
    """A project and every published talk about it."""
    project = get_object_or_404(querysets.projects_with_counts(), slug=slug)
    talks = lists.talks_for_project(project)
    return {**project_data(request, project), "talks": [talk_ref(request, t) for t in talks]}
