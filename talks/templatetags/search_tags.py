"""The search page's results and facet values, rendered in Python.

A search page shows twenty results and up to some hundred and thirty facet values. As
included templates (one include per value, with its translations and variable lookups)
they were most of the page's time, more than the search itself. These tags write the
same markup in Python, escaping every value as the templates' autoescaping did
(conference.web.html_text), with the words they repeat translated once per page.

    {% load search_tags %}
    {% search_result_items results.talks %}  {# the <li> items of the results' <ol> #}
    {% facet_values facet.links %}           {# a facet's values as a list of links #}

The results need talk.credits and talk.edition (talks.search.fetch_page gives both).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conference.web.fast_urls import fixed_prefix
from conference.web.html_text import html_text
from talks.templatetags.talk_lists import _credits_html, _link
from talks.templatetags.talk_lists import _Labels as ListLabels

register = template.Library()


class _Labels(ListLabels):
    """A talk list's labels (languages, each day's date, links), and the words results add."""

    def __init__(self):
        super().__init__()
        self.video = gettext("video")
        self.slides = gettext("slides")


def _facts_html(talk, labels: _Labels) -> str:
    facts = [_link(talk.edition, labels.links)]
    if talk.start:
        iso, day = labels.when(talk.start)
        facts.append(f'<time datetime="{html_text(iso)}">{html_text(day)}</time>')
    language = labels.languages.get(talk.language, talk.language)
    facts.append(
        f'<abbr class="badge badge-lang" title="{html_text(language)}">'
        f"{html_text(talk.language.upper())}</abbr>"
    )
    if talk.video_url:
        facts.append(html_text(labels.video))
    if talk.slides_url or talk.slides_file:
        facts.append(html_text(labels.slides))
    return "".join(f"<li>{fact}</li>" for fact in facts)


def _result_html(talk, labels: _Labels) -> str:
    """One result: the title and snippet in the talk's own language, credits and facts."""
    language = html_text(talk.language)
    subtitle = ""
    if talk.subtitle:
        subtitle = f'<p class="talk-item-subtitle" lang="{language}">{html_text(talk.subtitle)}</p>'
    snippet = ""
    if talk.snippet:
        snippet = f'<p class="search-snippet" lang="{language}">{html_text(talk.snippet)}</p>'
    return (
        '<article class="search-result"><h2 class="talk-item-title">'
        f'<a href="{html_text(talk.get_absolute_url())}" lang="{language}">'
        f"{html_text(talk.title)}</a>"
        f"</h2>{subtitle}{_credits_html(talk)}"
        f'<ul class="facts-inline">{_facts_html(talk, labels)}</ul>{snippet}</article>'
    )


@register.simple_tag
def search_result_items(talks) -> SafeString:
    """The results as the items of a list: <li><article class="search-result">...</li>."""
    labels = _Labels()
    with fixed_prefix():
        items = "".join(f"<li>{_result_html(talk, labels)}</li>" for talk in talks)
    return mark_safe(items)  # noqa: S308 -- every value escaped by html_text


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
        items.append(
            f'<li><a href="{html_text(link.url)}"{attributes}>'
            f'<span class="facet-label">{html_text(link.label)}</span>{note} '
            f'<span class="facet-count" aria-hidden="true">{html_text(link.count)}</span>'
            f'<span class="visually-hidden">, {html_text(link.count_text)}</span></a></li>'
        )
    return mark_safe(f'<ul class="facet-values">{"".join(items)}</ul>')  # noqa: S308 -- escaped
