"""/api/v1/: a page for people that lists the API's endpoints and links its OpenAPI schema.

django-ninja's own docs page (Swagger UI) loads its script and styles from a CDN, which
the site's Content-Security-Policy refuses; this page is a template of ours in the site's
layout instead. The endpoints, their methods and their parameters are read from the
OpenAPI document ninja builds from the code, so the page cannot drift from what the API
answers; what each endpoint and parameter is for is written here, to be translated
(tests/talks/test_api_index.py fails when an endpoint or a parameter has no words here).
"""

import functools
from dataclasses import dataclass

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from talks.api_v1.base import api

# What each endpoint is for, by its path under /api/v1/.
PURPOSES = {
    "/editions": _("Published editions, newest first."),
    "/editions/{slug}": _("One edition: its dates, place, summary and links."),
    "/talks": _("Published talks, newest edition first, filtered as asked."),
    "/talks/{edition_slug}/{slug}": _("One talk with its speakers, projects, slides and video."),
    "/speakers": _("Speakers of published talks, by name."),
    "/speakers/{slug}": _("A speaker and their published talks, newest edition first."),
    "/companies": _("Companies someone spoke for at a published talk, by name."),
    "/companies/{slug}": _("A company and the published talks given by someone while at it."),
    "/projects": _("Projects published talks are about, by name."),
    "/projects/{slug}": _("A project and every published talk about it."),
    "/galleries": _("Published photo galleries, newest edition first."),
    "/galleries/{edition_slug}/{slug}": _("A gallery with its published photos and their sizes."),
    "/search": _("Search published talks in English and Russian at once, best match first."),
    "/suggest": _("Up to 8 speakers, projects and talk titles for what was typed so far."),
}

# What each parameter means, by name; the same name means the same thing everywhere.
PARAMETERS = {
    "slug": _("the address name of the item, as in its page’s URL"),
    "edition_slug": _("the edition’s address name"),
    "limit": _("results per page, 1 to 100 (20 if not given)"),
    "offset": _("results to skip"),
    "page": _("page number from 1, instead of offset"),
    "edition": _("only what belongs to this edition (its address name)"),
    "language": _("the talk’s language: en, ru"),
    "track": _(
        "the track’s slug, as the search facets give it (its name in either language is taken too)"
    ),
    "speaker": _("only talks by this speaker (address name)"),
    "company": _("only talks given by someone while at this company (address name)"),
    "project": _("only talks about this project (address name)"),
    "has_video": _("true or false: only talks with (or without) a video"),
    "has_slides": _("true or false: only talks with (or without) slides"),
    "q": _("the words to find: quotes for a phrase, a minus sign to exclude"),
    "format": _("“opensearch” for the answer browsers expect"),
    "sort": _("relevance (best match first, the default) or date (newest first)"),
    "verbatim": _("true: search the words as typed, without correcting typos"),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool


@dataclass(frozen=True)
class Endpoint:
    path: str  # under the API's root, "/talks/{edition_slug}/{slug}"
    methods: tuple[str, ...]  # ("GET", "HEAD")
    parameters: tuple[Parameter, ...]

    @property
    def purpose(self):
        return PURPOSES.get(self.path, "")

    @property
    def described_parameters(self):
        return [(parameter, PARAMETERS.get(parameter.name, "")) for parameter in self.parameters]


def _endpoint(path: str, operations: dict) -> Endpoint:
    methods = tuple(method.upper() for method in operations)
    # Every method of a path takes the same parameters (the API is GET and HEAD only).
    first = next(iter(operations.values()))
    parameters = tuple(
        Parameter(each["name"], each["in"], bool(each.get("required")))
        for each in first.get("parameters", [])
    )
    return Endpoint(path, methods, parameters)


@functools.cache
def endpoints() -> tuple[Endpoint, ...]:
    """The API's endpoints as its OpenAPI document lists them, in its order.

    Built once per process: the document follows from the code alone.
    """
    schema = api.get_openapi_schema(path_prefix="")
    return tuple(_endpoint(path, operations) for path, operations in schema["paths"].items())


@require_safe
def api_index(request):
    """The page for people at /api/v1/; the schema for tools is /api/v1/openapi.json."""
    return TemplateResponse(
        request,
        "talks/api_index.html",
        {
            "endpoints": endpoints(),
            "api_root": reverse("api-index").rstrip("/"),
            "schema_url": reverse("api-v1:openapi-json"),
        },
    )
