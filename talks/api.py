"""The read-only JSON API. A stable contract: see docs/api.md before changing a field."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from talks.forms import SearchForm
from talks.search import search_talks


def _error(form: SearchForm) -> JsonResponse:
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    first = next(iter(errors.values()))[0]
    return JsonResponse({"error": first, "fields": errors}, status=400)


@require_GET
def search(request):
    """GET /api/v1/search?q=TEXT&limit=N (1..100, default 20) and the facet filters.

    Answers {"count": int, "results": [{"title", "url", "speakers", "edition", "language",
    "snippet"}]}, best first. The snippet is HTML: escaped text with <mark> highlights.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(form)
    limit, offset = form.limit_and_offset()
    results = search_talks(
        form.cleaned_data["q"], filters=form.filters(), limit=limit, offset=offset
    )
    return JsonResponse(
        {
            "count": results.count,
            "results": [
                {
                    "title": talk.title,
                    "url": request.build_absolute_uri(talk.get_absolute_url()),
                    "speakers": [link.speaker.name for link in talk.talk_speakers.all()],
                    "edition": talk.edition.name,
                    "language": talk.language,
                    "snippet": str(talk.snippet),
                }
                for talk in results.talks
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
