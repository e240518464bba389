"""The read-only JSON API. A stable contract: see docs/api.md before changing a field."""

from django.forms import Form
from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from conference.web.ratelimit import rate_limited
from talks.forms import SearchForm, SuggestForm
from talks.search import clean_query, search_talks
from talks.suggestions import suggest

# Suggestions follow every keystroke; a browser going back over a prefix may reuse them.
SUGGEST_MAX_AGE = 60


def _error(form: Form) -> JsonResponse:
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    first = next(iter(errors.values()))[0]
    return JsonResponse({"error": first, "fields": errors}, status=400)


@rate_limited("search", json_errors=True)
@require_safe
def search(request):
    """GET /api/v1/search?q=TEXT&limit=N (1..100, default 20), the facet filters,
    sort=relevance|date and verbatim=true (no typo correction).

    Answers {"count": int, "query": str, "corrected_query": str or null, "sort": str,
    "results": [{"title", "url", "speakers", "edition", "language", "snippet",
    "slides_page"}]}, best (or newest) first. The snippet is HTML: escaped text with <mark>
    highlights; slides_page the first page of the talk's slides that matched, or null.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(form)
    limit, offset = form.limit_and_offset()
    results = search_talks(
        form.cleaned_data["q"],
        filters=form.filters(),
        limit=limit,
        offset=offset,
        facets=False,  # the answer shows none
        **form.search_options(),
    )
    return JsonResponse(
        {
            "count": results.count,
            "query": results.query,
            "corrected_query": results.corrected or None,
            "sort": results.sort,
            "results": [
                {
                    "title": talk.title,
                    "other_title": talk.other_title,
                    "url": request.build_absolute_uri(talk.get_absolute_url()),
                    "speakers": [credit.speaker.name for credit in talk.credits],
                    "edition": talk.edition.name,
                    "language": talk.language,
                    "snippet": str(talk.snippet),
                    # The first page of the talk's slides the query matched, else null.
                    "slides_page": talk.slides_page,
                }
                for talk in results.talks
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@rate_limited("suggest", json_errors=True)
@require_safe
@cache_control(max_age=SUGGEST_MAX_AGE, public=True)
def suggestions(request):
    """GET /api/v1/suggest?q=PREFIX: up to 8 published speakers, projects and talk titles.

    Answers {"suggestions": [{"label", "kind", "url", "detail"}]}; a prefix shorter than
    two characters gives an empty list. With format=opensearch, the OpenSearch
    suggestions format browsers ask for: ["prefix", ["label", ...]].
    """
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return _error(form)
    found = suggest(form.cleaned_data["q"])
    if form.cleaned_data["format"] == "opensearch":
        return JsonResponse(
            # Completions are queries: the same title in two editions is one completion.
            [clean_query(form.cleaned_data["q"]), list(dict.fromkeys(i.label for i in found))],
            safe=False,
            content_type="application/x-suggestions+json",
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {
            "suggestions": [
                {
                    "label": item.label,
                    "kind": item.kind,
                    "url": request.build_absolute_uri(item.url),
                    "detail": item.detail,
                }
                for item in found
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
