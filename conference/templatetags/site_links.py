"""Links of the site's own pages for templates, built without reverse() on every render.

    {% load site_links %}
    <a href="{% page_url 'talks:speaker-detail' slug=speaker.slug %}">

{% page_url %} is {% url %} for URL names whose arguments are slugs and ids, through
conference.web.fast_urls (the layout alone has a dozen links on every page).
{% language_switch as languages %} gives the language switch's links; {% data_dump_url %}
the public data dump's stable address (conference/dump/, no I/O).
"""

from urllib.parse import quote

from django import template
from django.conf import settings
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
