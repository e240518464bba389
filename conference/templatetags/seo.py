"""Tags for the <head>: canonical URL, OpenGraph image and locale, JSON-LD blocks.

They read only what the views put in the context (see conference/seo.py), so they run no
query.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from conference import seo
from conference.web.fast_urls import fixed_prefix
from photos.templatetags.photos_tags import picture_data

register = template.Library()

# Link previews want about 1200 px wide images.
SHARE_IMAGE_WIDTH = 1200


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's canonical URL: the context's `object` (detail views) or the request path,
    plus ?page=N past the first page of a paginated list (`page_obj`)."""
    page = context.get("page_obj")
    return seo.canonical_url(
        context["request"], context.get("object"), page.number if page is not None else None
    )


@register.simple_tag
def hreflang_links(canonical: str) -> SafeString:
    """<link rel="alternate" hreflang> to the page (its canonical URL) in every language."""
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        seo.language_alternates(canonical),
    )


@register.simple_tag(takes_context=True)
def absolute_uri(context, url: str) -> str:
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def og_locales() -> SafeString:
    """og:locale for the current interface language and og:locale:alternate for the others."""
    current = get_language() or "en"
    current = seo.OG_LOCALES.get(current.split("-")[0], seo.OG_LOCALES["en"])
    others = [locale for locale in seo.OG_LOCALES.values() if locale != current]
    return format_html(
        '<meta property="og:locale" content="{}">{}',
        current,
        format_html_join(
            "", '\n  <meta property="og:locale:alternate" content="{}">', ((o,) for o in others)
        ),
    )


@register.simple_tag(takes_context=True)
def share_image(context, photo, alt: str = "") -> SafeString:
    """og:image (absolute, JPEG or the best fallback format) with its size and alt text, and
    a large Twitter card; a plain card when `photo` is None or has no rendition yet."""
    # `photo` may be "" when the template looked up galleries.0.cover_photo on no gallery.
    data = picture_data(photo, width=SHARE_IMAGE_WIDTH) if photo else None
    if data is None:
        return mark_safe('<meta name="twitter:card" content="summary">')
    image = data["img"]
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">\n'
        '  <meta property="og:image:alt" content="{}">\n'
        '  <meta name="twitter:card" content="summary_large_image">',
        context["request"].build_absolute_uri(image.file.url),
        image.width,
        image.height,
        alt or photo.alt_text or photo.caption,
    )


@register.simple_tag(takes_context=True)
def edition_json_ld(context, edition, talks=()) -> SafeString:
    with fixed_prefix():  # a link for every talk and speaker of the edition
        return seo.json_ld_script(seo.edition_data(edition, context["request"], talks))


@register.simple_tag(takes_context=True)
def talk_json_ld(context, talk) -> SafeString:
    return seo.json_ld_script(seo.talk_data(talk, context["request"]))


@register.simple_tag(takes_context=True)
def speaker_json_ld(context, speaker, talks=()) -> SafeString:
    return seo.json_ld_script(seo.speaker_data(speaker, context["request"], talks))


@register.simple_tag(takes_context=True)
def company_json_ld(context, company) -> SafeString:
    return seo.json_ld_script(seo.company_data(company, context["request"]))


@register.simple_tag(takes_context=True)
def project_json_ld(context, project) -> SafeString:
    return seo.json_ld_script(seo.project_data(project, context["request"]))


@register.simple_tag(takes_context=True)
def topic_json_ld(context, topic, talks=(), count=None, start=1) -> SafeString:
    return seo.json_ld_script(seo.topic_data(topic, context["request"], talks, count, start))


@register.simple_tag(takes_context=True)
def website_json_ld(context) -> SafeString:
    return seo.json_ld_script(seo.website_data(context["request"]))


@register.filter
def meta_text(value, limit: int = 160) -> str:
    """Plain text for a meta description: one line, at most `limit` characters."""
    return seo.plain_text(value, limit)
