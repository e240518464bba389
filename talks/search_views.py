"""The search page and the OpenSearch description: the HTML face of talks.search.

A function view, because the page is a sequence of steps: validate the parameters, search,
then turn the facet counts into links. Every link's query string is built here, so the
templates only print URLs.
"""

from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from conference.bilingual import marked_language
from conference.web.export_flag import is_static_export
from conference.web.fast_urls import page_url
from conference.web.ratelimit import rate_limited
from talks.choices import LANGUAGE_LABELS
from talks.facets import FACET_NAMES
from talks.forms import SearchForm
from talks.search import DATE, RELEVANCE, SearchFilters, SearchResults, has_words, search_talks

PAGE_SIZE = 20
# Facet values listed before the rest fold away under "N more".
FACET_VISIBLE = 8
EXAMPLE_QUERIES = (("replication", "en"), ("репликация", "ru"), ("Multicorn", "en"))

FACET_TITLES = {
    "edition": _("Edition"),
    "language": _("Language"),
    "track": _("Track"),
    "company": _("Company"),
    "project": _("Project"),
    "has_video": _("Video"),
    "has_slides": _("Slides"),
}
# Facets whose values are labelled by a name stored in the archive, not a word of ours.
NAMED_FACETS = frozenset({"edition", "track", "company", "project"})
YES_NO_LABELS = {
    ("has_video", "true"): _("With video"),
    ("has_video", "false"): _("Without video"),
    ("has_slides", "true"): _("With slides"),
    ("has_slides", "false"): _("Without slides"),
}
PARAMETER_TITLES = {**FACET_TITLES, "q": _("Search"), "page": _("Page"), "sort": _("Sort")}
SORT_LABELS = ((RELEVANCE, _("Relevance")), (DATE, _("Newest first")))


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    count_text: str  # "3 talks", for screen readers
    url: str  # adds this value, or removes it when active
    active: bool
    lang: str = ""  # the label's language where it is not the page's (a Latin name on /ru/)


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    links: list[FacetLink]
    more: list[FacetLink]


@dataclass(frozen=True)
class ActiveFilter:
    title: str
    label: str
    remove_url: str
    lang: str = ""  # as FacetLink.lang


def search_url(params: dict[str, str]) -> str:
    # page_url: a search page links every facet value (hundreds of links).
    url = page_url("talks:search")
    return f"{url}?{urlencode(params)}" if params else url


def search_parameters(query: str, filters: SearchFilters, options: dict) -> dict[str, str]:
    """A search's query string in canonical form: q first, flags as true/false, then the
    order (when not the default) and verbatim (when asked for)."""
    params = {"q": query} if query else {}
    for name, value in filters.active().items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        params[name] = value
    if options.get("sort", RELEVANCE) != RELEVANCE:
        params["sort"] = options["sort"]
    if options.get("verbatim"):
        params["verbatim"] = "true"
    return params


def label_language(name: str, label: str) -> str:
    """The language of a facet value's label where it is not the page's: the names of
    editions, tracks, companies and projects, by their letters; "" for the interface's
    own words (languages, yes and no)."""
    return (marked_language(label) or "") if name in NAMED_FACETS else ""


@dataclass(frozen=True)
class SortLink:
    label: str
    url: str
    active: bool


def sort_links(params: dict[str, str], sort: str) -> list[SortLink]:
    """The orders a search can show, each a link keeping the rest (back to page 1)."""
    kept = {name: value for name, value in params.items() if name != "sort"}
    return [
        SortLink(
            label=str(label),
            url=search_url(kept if value == RELEVANCE else {**kept, "sort": value}),
            active=value == sort,
        )
        for value, label in SORT_LABELS
    ]


def facet_value_label(name: str, value: str, label: str = "") -> str:
    if (name, value) in YES_NO_LABELS:
        return str(YES_NO_LABELS[name, value])
    if name == "language" and not label:
        return str(LANGUAGE_LABELS.get(value, value))
    return label or value


def facets_with_links(results: SearchResults, params: dict[str, str]) -> list[Facet]:
    """Each facet value as a link that adds it to the search (keeping q and the other
    filters, back to page 1), or removes it when it is already chosen.

    The links are search_url()'s, built by hand: a page has a hundred and more of them, and
    every link of a facet shares the rest of the query string, so each parameter is encoded
    once per page rather than once per link, and each count's words once per page."""
    url = page_url("talks:search")
    encoded = {name: urlencode({name: value}) for name, value in params.items()}
    count_texts: dict[int, str] = {}
    facets = []
    for name in FACET_NAMES:
        values = results.facets.get(name, [])
        if not values:
            continue
        kept = "&".join(pair for key, pair in encoded.items() if key != name)
        remove_url = f"{url}?{kept}" if kept else url
        add_prefix = f"{url}?{kept}&{quote_plus(name)}=" if kept else f"{url}?{quote_plus(name)}="
        links = []
        for value in values:
            active = params.get(name) == value.value
            if value.count not in count_texts:
                count_texts[value.count] = ngettext(
                    "%(count)d talk", "%(count)d talks", value.count
                ) % {"count": value.count}
            label = facet_value_label(name, value.value, value.label)
            links.append(
                FacetLink(
                    label=label,
                    count=value.count,
                    count_text=count_texts[value.count],
                    url=remove_url if active else add_prefix + quote_plus(value.value),
                    active=active,
                    lang=label_language(name, label),
                )
            )
        facets.append(
            Facet(
                name=name,
                title=str(FACET_TITLES[name]),
                links=links[:FACET_VISIBLE],
                more=links[FACET_VISIBLE:],
            )
        )
    return facets


def active_filters(results: SearchResults, params: dict[str, str]) -> list[ActiveFilter]:
    labels = {
        (name, value.value): value.label
        for name, values in results.facets.items()
        for value in values
    }
    filters = []
    for name, value in params.items():
        if name not in FACET_TITLES:
            continue
        label = facet_value_label(name, value, labels.get((name, value), ""))
        filters.append(
            ActiveFilter(
                title=str(FACET_TITLES[name]),
                label=label,
                remove_url=search_url({key: v for key, v in params.items() if key != name}),
                lang=label_language(name, label),
            )
        )
    return filters


def parameter_problems(form: SearchForm) -> list[str]:
    """What was wrong with the query string, one line per parameter, for the page."""
    return [
        f"{PARAMETER_TITLES.get(name, name)}: {messages[0]}"
        for name, messages in form.errors.items()
    ]


def count_text(results: SearchResults) -> str:
    count = number_format(results.count, force_grouping=True)
    # search_talks stops counting at a cap on large archives ("2,000 or more").
    if results.count_is_capped:
        return _("%(count)s or more talks found") % {"count": count}
    return ngettext("%(count)s talk found", "%(count)s talks found", results.count) % {
        "count": count
    }


@rate_limited("search")
@require_safe
def search(request):
    """/search/?q=...: results, facets, pagination; parameters it cannot use are left out
    and named on the page (with status 400), never a server error."""
    if is_static_export(request):
        # The static export's search page: Pagefind in the browser, over the exported talk
        # pages (conference/static_export/search.py); no server to ask.
        return render(request, "talks/static_search.html", {"section": "search"})
    form = SearchForm(request.GET)
    del form.fields["limit"]  # the page always shows PAGE_SIZE results
    form.is_valid()  # cleaned_data keeps the valid parameters; the others are reported
    filters = form.filters()
    page_number = form.cleaned_data.get("page") or 1
    options = form.search_options()
    results = search_talks(
        form.cleaned_data.get("q", ""),
        filters=filters,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        **options,
    )

    params = search_parameters(results.query, filters, options)
    paginator = Paginator(range(results.count), PAGE_SIZE)  # a range: no second count query
    page_obj = None
    past_last_page_url = ""
    if page_number <= paginator.num_pages:
        page_obj = Page(results.talks, page_number, paginator)
    elif results.count:
        past_last_page_url = search_url(params)
    context = {
        "section": "search",
        "search_query": results.query,
        "query": results.query,
        "has_query": has_words(results.query),
        "results": results,
        "count_text": count_text(results),
        "page_obj": page_obj,
        "past_last_page_url": past_last_page_url,
        "facets": facets_with_links(results, params),
        "active_filters": active_filters(results, params),
        "clear_filters_url": search_url({"q": results.query}),
        "verbatim_url": search_url({**params, "verbatim": "true"}) if results.corrected else "",
        "sort_links": sort_links(params, results.sort),
        "problems": parameter_problems(form),
        "examples": [
            (example, language, search_url({"q": example})) for example, language in EXAMPLE_QUERIES
        ],
    }
    return render(request, "talks/search.html", context, status=400 if form.errors else 200)


@require_safe
def opensearch(request):
    """/opensearch.xml: lets browsers add the archive's search, with suggestions."""
    absolute = request.build_absolute_uri
    context = {
        "search_template": absolute(reverse("talks:search")) + "?q={searchTerms}",
        "suggest_template": absolute(reverse("api-suggest")) + "?format=opensearch&q={searchTerms}",
        "self_url": absolute(reverse("talks:opensearch")),
        "search_form_url": absolute(reverse("talks:search")),
        "icon_url": absolute(static("favicon.svg")),
    }
    return render(
        request,
        "opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
