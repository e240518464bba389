"""The NinjaAPI object, its error answers and the pagination every list shares."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from talks.readers.rows import Counted
from talks.search import MAX_PAGE_SIZE

DEFAULT_LIMIT = 20
# Offsets past this are refused: nobody pages that far, and OFFSET costs grow with it.
MAX_OFFSET = 1_000_000


class Renderer(JSONRenderer):
    # UTF-8 text, as /api/v1/search writes it, rather than \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Conference archive API",
    version="1",
    description="Read-only: editions, talks, speakers, companies, projects, galleries, search.",
    urls_namespace="api-v1",
    renderer=Renderer(),
    # The interactive docs page loads its script and styles from a CDN, which the site's
    # Content-Security-Policy refuses; openapi.json is what tools need.
    docs_url=None,
)


def field_messages() -> dict[str, str]:
    """Messages for bad query parameters, worded like the search endpoint's."""
    limit = _("limit must be a whole number from 1 to 100.")
    return {
        "limit": limit,
        "offset": _("offset must be a whole number, 0 or more."),
        "page": _("page must be a whole number, 1 or more."),
        "language": _("Unknown language."),
        "has_video": _("Use true or false."),
    }


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """400 {"error": first message, "fields": {name: [messages]}}, as /api/v1/search."""
    messages = field_messages()
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        name = str(error["loc"][-1]) if error.get("loc") else "request"
        message = messages.get(name, error.get("msg", _("Invalid value.")))
        if message not in fields.setdefault(name, []):
            fields[name].append(message)
    first = next(iter(fields.values()))[0] if fields else _("Invalid request.")
    return api.create_response(request, {"error": first, "fields": fields}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"error": _("Not found."), "fields": {}}, status=404)


class Error(Schema):
    error: str
    fields: dict[str, list[str]] = {}


class PageParams(Schema):
    """limit, and offset or page: the same paging for every list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_PAGE_SIZE, description="1 to 100")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="rows to skip")
    page: int | None = Field(None, ge=1, le=MAX_OFFSET, description="from 1; instead of offset")

    @property
    def start(self) -> int:
        return (self.page - 1) * self.limit if self.page else self.offset


def _page_url(request, offset: int) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request,
    rows: QuerySet | Counted,
    params: PageParams,
    serialize: Callable[[Any], Any] | None = None,
) -> dict:
    """The answer of a list: one page of `rows`, with its count and the links around it.

    `rows` is a reader's page (a talks.readers.rows.Counted of params' limit and start),
    or a queryset, which is counted, then cut here. `serialize` turns a row into its
    answer; without it, the rows go to the response schema as they are.
    """
    start, limit = params.start, params.limit
    if isinstance(rows, QuerySet):
        count = rows.count()
        page: Iterable = rows[start : start + limit] if start < count else []
    else:
        page, count = rows
    return {
        "count": count,
        "next": _page_url(request, start + limit) if start + limit < count else None,
        "previous": _page_url(request, max(start - limit, 0)) if start > 0 else None,
        "results": [serialize(row) for row in page] if serialize else list(page),
    }


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


# Every operation answers GET and HEAD only, as the search endpoint does (require_safe).
SAFE_METHODS = ["GET", "HEAD"]
