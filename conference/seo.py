"""What search engines and link previews read: canonical URLs, plain-text descriptions and
schema.org JSON-LD (https://schema.org/Event, https://schema.org/Person).

Everything here works on objects the views already loaded (credits, galleries, talk lists),
so building the metadata never runs a query. The templates reach it through
conference/templatetags/seo.py.
"""

import json
import re
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from conference.web.language import is_localized, path_in_language
from conference.zones import local

SCHEMA = "https://schema.org"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
SCHEDULED = "https://schema.org/EventScheduled"

# OpenGraph locales of the interface languages (og:locale takes language_TERRITORY).
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU"}

# As django.utils.html.json_script: "</script>" or "<!--" in a title can never end the
# element early, and the JSON stays valid (JSON parsers read \u003C as "<"). Applied with
# str.replace, one character at a time: str.translate() looks each character of a
# non-ASCII text up in the mapping, which made the JSON-LD of a large edition slow
# (docs/performance.md).
JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))

WHITESPACE = re.compile(r"\s+")


def absolute_urls(request):
    """A function making a site path (as get_absolute_url() gives) an absolute URL.

    request.build_absolute_uri() validates the host on every call; for the thousand talks
    of an edition's JSON-LD the scheme and host are worked out once.
    """
    root = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: root + path


def plain_text(text, limit: int = 160) -> str:
    """One line of plain text at most `limit` characters long, cut at a word boundary with
    an ellipsis: for meta descriptions (search engines show about 160 characters)."""
    text = WHITESPACE.sub(" ", str(text or "")).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def canonical_url(request, obj=None, page_number: int | None = None) -> str:
    """The absolute URL of a page without its query string: the object's own URL when there
    is one (whatever spelling reached the view), else the path; ?page=N is kept for pages
    after the first, as each page of a list is a page of its own. The URL is in the page's
    language (/ru/... on a Russian page): each language's page is canonical for itself."""
    path = obj.get_absolute_url() if obj is not None else request.path
    url = request.build_absolute_uri(path)
    return f"{url}?page={page_number}" if page_number and page_number > 1 else url


def language_alternates(canonical: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of the page whose canonical URL is `canonical` in each
    interface language, and x-default, the default language's (the unprefixed address),
    for <link rel="alternate" hreflang> (https://developers.google.com/search/docs/specialty/international/localized-versions);
    none for a page with one address in every language."""
    parts = urlsplit(canonical)
    # A page with one address for every language (the API's page, at /api/v1/ only) has no
    # other-language address to name: /ru/api/v1/ would be a 404.
    prefix = get_script_prefix()
    if not is_localized("/" + parts.path.removeprefix(prefix)):
        return []
    urls = [
        (code, urlunsplit(parts._replace(path=path_in_language(parts.path, code))))
        for code, _name in settings.LANGUAGES
    ]
    default = dict(urls)[settings.LANGUAGE_CODE]
    return [*urls, ("x-default", default)]


def json_ld_script(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> element.

    A data block is never executed, so the site's script-src 'self' allows it; the escapes
    keep the content from closing the element whatever the strings contain.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    for character, escape in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 - escaped just above
    )


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _place(name: str, city: str = "") -> dict | None:
    if not name and not city:
        return None
    address = {"@type": "PostalAddress", "addressLocality": city} if city else None
    return _without_empty({"@type": "Place", "name": name or city, "address": address})


def _when(value, edition=None) -> str | None:
    """ISO 8601 for a date, or for an instant with the offset of `edition`'s venue (what
    the page prints; the site's zone without an edition)."""
    if value is None:
        return None
    if not hasattr(value, "hour"):
        return value.isoformat()
    return (local(value, edition) if edition else localtime(value)).isoformat()


def edition_reference(edition, request) -> dict:
    return _without_empty(
        {
            "@type": "Event",
            "name": edition.name,
            "url": request.build_absolute_uri(edition.get_absolute_url()),
            "startDate": _when(edition.start_date),
            "endDate": _when(edition.end_date),
            "location": _place(edition.venue, edition.city),
        }
    )


def edition_data(edition, request, talks=()) -> dict:
    """An edition as a schema.org Event, its published talks as subEvents."""
    absolute = absolute_urls(request)
    return _without_empty(
        {
            "@context": SCHEMA,
            **edition_reference(edition, request),
            "description": plain_text(edition.summary, 500),
            "eventAttendanceMode": OFFLINE,
            "eventStatus": SCHEDULED,
            "sameAs": edition.website,
            "subEvent": [
                _without_empty(
                    {
                        "@type": "Event",
                        "name": talk.title,
                        "url": absolute(talk.get_absolute_url()),
                        "startDate": _when(talk.start, talk.edition),
                        "inLanguage": talk.language,
                    }
                )
                for talk in talks
            ],
        }
    )


def other_names(named) -> list[str]:
    """A speaker's or company's names besides the one `name` shows (in the page's
    language's script): the other spelling, then the aliases."""
    return [spelling for spelling in (named.other_name, *named.aliases) if spelling]


def person_reference(speaker, request) -> dict:
    return {
        "@type": "Person",
        "name": speaker.name,
        "url": request.build_absolute_uri(speaker.get_absolute_url()),
    }


def talk_data(talk, request) -> dict:
    """A talk as a schema.org Event inside its edition (talk.credits must be prefetched)."""
    edition = talk.edition
    return _without_empty(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "name": talk.title,
            "url": request.build_absolute_uri(talk.get_absolute_url()),
            "description": plain_text(talk.abstract, 500),
            "inLanguage": talk.language,
            "startDate": _when(talk.start, talk.edition),
            "endDate": _when(talk.end, edition),
            "location": _place(str(talk.room) if talk.room else edition.venue, edition.city),
            "eventAttendanceMode": OFFLINE,
            "eventStatus": SCHEDULED,
            "performer": [person_reference(credit.speaker, request) for credit in talk.credits],
            "superEvent": edition_reference(edition, request),
            "recordedIn": (
                {"@type": "VideoObject", "name": talk.title, "url": talk.video_url}
                if talk.video_url
                else None
            ),
        }
    )


def speaker_data(speaker, request, talks=()) -> dict:
    """A speaker as a schema.org Person. worksFor is their current company, only when it
    has a public page (speaker.company_is_public, see talks.readers.detail.find_speaker)."""
    company = speaker.company if getattr(speaker, "company_is_public", False) else None
    absolute = absolute_urls(request)
    return _without_empty(
        {
            "@context": SCHEMA,
            **person_reference(speaker, request),
            "alternateName": other_names(speaker),
            "description": plain_text(speaker.bio, 500),
            "image": request.build_absolute_uri(speaker.photo.url) if speaker.photo else None,
            "sameAs": speaker.website,
            "worksFor": (
                _without_empty(
                    {
                        "@type": "Organization",
                        "name": company.name,
                        "url": request.build_absolute_uri(company.get_absolute_url()),
                        "sameAs": company.website,
                    }
                )
                if company
                else None
            ),
            "performerIn": [
                _without_empty(
                    {
                        "@type": "Event",
                        "name": talk.title,
                        "url": absolute(talk.get_absolute_url()),
                        "startDate": _when(talk.start, talk.edition),
                    }
                )
                for talk in talks
            ],
        }
    )


def company_data(company, request) -> dict:
    """A company as a schema.org Organization."""
    return _without_empty(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "name": company.name,
            "url": request.build_absolute_uri(company.get_absolute_url()),
            "alternateName": other_names(company),
            "description": plain_text(company.description, 500),
            "sameAs": company.website,
        }
    )


def project_data(project, request) -> dict:
    """A project as schema.org SoftwareSourceCode."""
    return _without_empty(
        {
            "@context": SCHEMA,
            "@type": "SoftwareSourceCode",
            "name": project.name,
            "url": request.build_absolute_uri(project.get_absolute_url()),
            "description": plain_text(project.description, 500),
            "codeRepository": project.repository_url,
            "sameAs": project.homepage_url,
        }
    )


def topic_data(topic, request, talks=(), count=None, start=1) -> dict:
    """A topic's page as a schema.org CollectionPage about a DefinedTerm (its names in
    English and Russian), listing the page's talks (from position `start`, of `count`)."""
    url = request.build_absolute_uri(topic.get_absolute_url())
    names = [name for name in (topic.name_en, topic.name_ru) if name]
    return _without_empty(
        {
            "@context": SCHEMA,
            "@type": "CollectionPage",
            "name": topic.name,
            "url": url,
            "about": _without_empty(
                {
                    "@type": "DefinedTerm",
                    "name": names[0],
                    "alternateName": names[1:],
                    "url": url,
                    "inDefinedTermSet": request.build_absolute_uri(reverse("talks:topic-list")),
                }
            ),
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": len(talks) if count is None else count,
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "url": request.build_absolute_uri(talk.get_absolute_url()),
                        "name": talk.title,
                    }
                    for position, talk in enumerate(talks, start=start)
                ],
            },
        }
    )


def website_data(request) -> dict:
    """The site as a schema.org WebSite with its search, for the home page."""
    search = request.build_absolute_uri(reverse("talks:search"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": gettext("PostgreSQL conference archive"),
        "url": request.build_absolute_uri(reverse("conference:home")),
        "inLanguage": list(OG_LOCALES),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
