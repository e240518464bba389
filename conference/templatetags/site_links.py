"""Links of the site's own pages for templates, built without reverse() on every render.

    {% load site_links %}
    <a href="{% page_url 'talks:speaker-detail' slug=speaker.slug %}">

{% page_url %} is {% url %} for URL names whose arguments are slugs and ids, through
conference.web.fast_urls (the layout alone has a dozen links on every page).
"""

from django import template

from conference.web.fast_urls import page_url as build_page_url

register = template.Library()


@register.simple_tag
def page_url(viewname: str, **kwargs) -> str:
    return build_page_url(viewname, **kwargs)
