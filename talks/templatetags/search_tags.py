"""The search page's results and facet values, rendered in Python.

A search page shows twenty results and up to some hundred and thirty facet values. As
included templates (one include per value, with its translations and variable lookups)
they were most of the page's time, more than the search itself. These tags write the
same markup in Python, escaping every value as the templates' autoescaping did
(conference.web.html_text), with the words they repeat translated once per page. A
result is a talk list's item (talk_lists.talk_item_html) with the search's facts and
its highlighted snippet: one builder for both.

    {% load search_tags %}
    {% search_result_items results.talks %}  {# the <li> items of the results' <ol> #}
    {% facet_values facet.links %}           {# a facet's values as a list of links #}

The results need talk.credits and talk.edition (talks.search_statement.page_sql gives both).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conference.web.fast_urls import fixed_prefix
from conference.web.html_text import html_text
from talks.templatetags.talk_lists import Labels, Shown, talk_item_html

register = template.Library()

# A result's facts: where and when, its language as a badge, whether it has a video and
# slides. Results are public talks: no draft badge.
RESULT = Shown(
    edition=True,
    date=True,
    details=False,
    media=True,
    language_class="badge badge-lang",
    draft=False,
    css_class="search-result",
)


@register.simple_tag
def search_result_items(talks) -> SafeString:
    """The results as the items of a list: <li><article class="search-result">...</li>,
    each a talk list's item (talk_lists.talk_item_html) with its highlighted snippet."""
    labels = Labels()
    on_slide = gettext("Found on slide %(page)s")
    with fixed_prefix():
        items = "".join(
            "<li>"
            + talk_item_html(talk, labels, RESULT, level=2, snippet=_snippet(talk, on_slide))
            + "</li>"
            for talk in talks
        )
    return mark_safe(items)  # noqa: S308 -- every value escaped by html_text


def _snippet(talk, on_slide: str) -> SafeString:
    """The highlighted snippet, after a link to the page of the slides the query matched
    (talk.slides_page, talks/search_slides.py) where there is one: ".../#slide-N"."""
    page = getattr(talk, "slides_page", None)
    if page is None:
        return talk.snippet
    url = html_text(f"{talk.get_absolute_url()}#slide-{page}")
    label = html_text(on_slide % {"page": page})
    link = f'<a class="search-slide-link" href="{url}">{label}</a>'
    return mark_safe(f"{link} {html_text(talk.snippet)}")  # noqa: S308 -- escaped above


@register.simple_tag
def facet_values(links) -> SafeString:
    """A facet's values (talks.search_views.FacetLink) as links; an active value's link
    removes its filter, and says so to screen readers."""
    chosen = html_text(gettext("chosen; follow to remove"))
    items = []
    for link in links:
        if link.active:
            attributes = ' class="is-active" aria-current="true"'
            note = f'<span class="visually-hidden"> ({chosen})</span>'
        else:
            attributes = note = ""
        lang = f' lang="{html_text(link.lang)}"' if link.lang else ""
        items.append(
            f'<li><a href="{html_text(link.url)}"{attributes}>'
            f'<span class="facet-label"{lang}>{html_text(link.label)}</span>{note} '
            f'<span class="facet-count" aria-hidden="true">{html_text(link.count)}</span>'
            f'<span class="visually-hidden">, {html_text(link.count_text)}</span></a></li>'
        )
    return mark_safe(f'<ul class="facet-values">{"".join(items)}</ul>')  # noqa: S308 -- escaped
