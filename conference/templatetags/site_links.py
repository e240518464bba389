"""Links of the site's own pages for templates, built without reverse() on every render.

    {% load site_links %}
    <a href="{% page_url 'talks:speaker-detail' slug=speaker.slug %}">
    {% main_nav %}

{% page_url %} is {% url %} for URL names whose arguments are slugs and ids, through
conference.web.fast_urls (the layout alone has a dozen links on every page). {% main_nav %}
is the main navigation and {% language_links %} the language switcher, which every page
shows.
"""

from html import escape
from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from conference.web.fast_urls import page_url as build_page_url

register = template.Library()

# (section, URL name, label): the main navigation in order.
MAIN_NAV = (
    ("talks", "conference:edition-list", _("Talks archive")),
    ("speakers", "talks:speaker-list", _("Speakers")),
    ("companies", "talks:company-list", _("Companies")),
    ("projects", "talks:project-list", _("Projects")),
    ("photos", "photos:gallery-list", _("Photos")),
)


@register.simple_tag
def page_url(viewname: str, **kwargs) -> str:
    return build_page_url(viewname, **kwargs)


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The main navigation's links: the current section's marked aria-current, "page" on
    the section's own list and "true" anywhere else in the section."""
    section = context.get("section")
    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else None
    items = []
    for name, url_name, label in MAIN_NAV:
        current = ""
        if name == section:
            current = ' aria-current="page"' if view_name == url_name else ' aria-current="true"'
        url = escape(build_page_url(url_name))
        items.append(f'<li><a href="{url}"{current}>{escape(str(label))}</a></li>')
    return mark_safe("".join(items))  # noqa: S308 -- constant markup, escaped values


@register.simple_tag(takes_context=True)
def language_links(context) -> SafeString:
    """A link per interface language to this same page in it (conference.views.switch_language):
    links, not a form, so public pages carry no CSRF token; the current one aria-current."""
    request = context.get("request")
    # As the urlencode filter quotes: everything but "/".
    back = quote(request.get_full_path(), safe="/") if request else ""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = escape(f"{build_page_url('switch-language', code=code)}?next={back}")
        mark = ' aria-current="true"' if code == current else ""
        name = escape(capfirst(get_language_info(code)["name_local"]))
        links.append(
            f'<a href="{url}" lang="{escape(code)}" hreflang="{escape(code)}" rel="nofollow"'
            f"{mark}>{name}</a>"
        )
    return mark_safe("\n".join(links))  # noqa: S308 -- every value escaped
