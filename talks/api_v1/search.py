"""/api/v1/search and /api/v1/suggest in the OpenAPI document.

Requests to these two paths are answered by talks/api.py through their own URL patterns,
listed before this API in conference/urls.py, so that their contract (docs/api.md) stays
exactly what it was. The operations here describe them for the schema and call the same
views, so that they would answer the same if those patterns went away.
"""

from ninja import Field, Query, Router, Schema

from talks import api as search_api
from talks.api_v1.base import SAFE_METHODS, Error
from talks.choices import Language
from talks.search import COUNT_CAP

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", description="websearch syntax; English and Russian at once")
    limit: int = Field(20, ge=1, le=100)
    page: int | None = Field(None, ge=1)
    edition: str | None = Field(None, description="edition slug")
    language: Language | None = None
    track: str | None = Field(
        None, description="track slug (as the search facets give it); its name also works"
    )
    company: str | None = Field(None, description="company slug")
    project: str | None = Field(None, description="project slug")
    has_video: bool | None = None
    has_slides: bool | None = None
    sort: str | None = Field(None, description="relevance (the default) or date: newest first")
    verbatim: bool | None = Field(None, description="true: search the query as typed, uncorrected")


class SearchResult(Schema):
    title: str
    other_title: str = Field(description="the title in the other language, or empty")
    url: str
    speakers: list[str]
    edition: str
    language: str
    snippet: str = Field(description="HTML: escaped text with <mark> around matches")
    slides_page: int | None = Field(
        description="The first page of the talk's slides the query matched (the talk "
        "page's #slide-N), or null"
    )


class SearchAnswer(Schema):
    count: int = Field(description=f"all matches, counted up to {COUNT_CAP:,}")
    query: str = Field(description="the query as received, cleaned")
    corrected_query: str | None = Field(
        description="the query as searched, its misspelt words corrected; null when unchanged"
    )
    sort: str = Field(description="relevance or date")
    results: list[SearchResult]


class SuggestParams(Schema):
    q: str = Field("", description="a prefix; under two characters gives nothing")
    format: str | None = Field(None, description="opensearch for the browsers' format")


class Suggestion(Schema):
    label: str
    kind: str = Field(description="speaker, project or talk")
    url: str
    detail: str


class SuggestAnswer(Schema):
    suggestions: list[Suggestion]


@router.api_operation(SAFE_METHODS, "/search", response={200: SearchAnswer, 400: Error})
def search(request, params: Query[SearchParams]):
    """Search published talks, best match first."""
    return search_api.search(request)


@router.api_operation(SAFE_METHODS, "/suggest", response={200: SuggestAnswer, 400: Error})
def suggest(request, params: Query[SuggestParams]):
    """Up to 8 published speakers, projects and talk titles for a prefix."""
    return search_api.suggestions(request)
