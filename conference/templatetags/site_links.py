"""Links of the site's own pages for templates, built without reverse() on every render.

    {% load site_links %}
    <a href="{% page_url 'talks:speaker-detail' slug=speaker.slug %}">

{% page_url %} is {% url %} for URL names whose arguments are slugs and ids, through
conference.web.fast_urls (the layout alone has a dozen links on every page).
{% language_switch as languages %} gives the language switch's links; {% data_dump_url %}
the public data dump's stable address (conference/dump/, no I/O).
{% layout_fragment NAME VALUE... %}...{% endlayout_fragment %} renders a piece of the
layout once per process for each language and set of values (below).
"""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.translation import get_language, get_language_info

from conference.dump.build import stable_url
from conference.web.fast_urls import page_url as build_page_url
from conference.web.language import is_localized, path_in_language

register = template.Library()


@register.simple_tag
def page_url(viewname: str, **kwargs) -> str:
    return build_page_url(viewname, **kwargs)


@register.simple_tag(takes_context=True)
def language_switch(context) -> list[dict]:
    """For each interface language: its code, its own name, and the link to this page in
    it, with the query string kept (`current` for the page's own language).

    A public page links its address in the other language, a plain link that needs no
    JavaScript, no form and no CSRF token. A page with one address for every language (the
    upload page, the admin's neighbours) links the switch that sets the language cookie.
    """
    request = context["request"]
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    localized = is_localized(request.path_info)
    languages = []
    for code, _name in settings.LANGUAGES:
        if localized:
            url = path_in_language(request.path, code) + (f"?{query}" if query else "")
        else:
            switch = build_page_url("switch-language", code=code)
            url = f"{switch}?next={quote(request.get_full_path())}"
        info = get_language_info(code)
        languages.append(
            {"code": code, "name_local": info["name_local"], "url": url, "current": code == current}
        )
    return languages


@register.simple_tag
def data_dump_url() -> str:
    """The newest public data dump, at the address that stays the same as it is rebuilt."""
    return stable_url()


# Rendered layout fragments by (name, language, script prefix, the values they vary on).
# Their keys are few: a fragment varies on what takes a handful of values (the section,
# the view's name, the export's flag), never on a visitor's input.
_FRAGMENTS: dict[tuple, str] = {}


@receiver(setting_changed)
def _forget_fragments(**kwargs) -> None:
    """A test's override of a setting (URLs, storages, languages) may change a fragment."""
    _FRAGMENTS.clear()


class LayoutFragmentNode(template.Node):
    def __init__(self, name: str, nodelist, values):
        self.name, self.nodelist, self.values = name, nodelist, values

    def render(self, context) -> str:
        values = tuple(value.resolve(context) for value in self.values)
        key = (self.name, get_language(), get_script_prefix(), *values)
        markup = _FRAGMENTS.get(key)
        if markup is None:
            markup = _FRAGMENTS[key] = self.nodelist.render(context)
        return markup


@register.tag
def layout_fragment(parser, token) -> LayoutFragmentNode:
    """A piece of the layout that every page of a kind repeats (the menu, the footer):
    rendered once per process for each interface language and each set of the values
    named, as Django's {% cache %} would keep it, without a cache server's round trip.
    The layout is a large share of a small page (docs/performance.md), and a static export
    renders a hundred thousand pages. What the piece shows must depend on nothing but the
    language, the settings and those values (translations change only with a deployment,
    which starts new processes)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("layout_fragment needs a name")
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return LayoutFragmentNode(bits[1].strip("\"'"), nodelist, values)
