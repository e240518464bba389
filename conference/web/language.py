"""The language of a request: a public page's is in its address, anything else's is the
visitor's.

Public pages have an address per language (i18n_patterns in conference/urls.py): English
where they always were, unprefixed, Russian under /ru/. The address alone decides: an
unprefixed address is the English page whatever the visitor's `django_language` cookie or
Accept-Language say (with the switch to the Russian one at hand), /ru/... is the Russian
page. So every address gives search engines, shared caches and the page cache one answer,
and public pages carry no `Vary: Cookie` or `Vary: Accept-Language`. (Django's own
LocaleMiddleware decides the same for i18n_patterns without a default-language prefix, but
for every unprefixed path, the admin's included, and it still sends Vary: Accept-Language.)

The paths outside i18n_patterns (UNLOCALIZED_PREFIXES: the admin, the JSON API, the staff's
photo pages, the language switches) have one address: there the language is the visitor's,
as Django chooses it (the cookie, then Accept-Language), and the answer says it varies with
both. The API also takes `lang=<code>` in the query string, which wins over both: the
search box's suggestions on a Russian page link Russian pages whatever the cookie says.
"""

import re

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Path prefixes outside i18n_patterns whose language is the visitor's, and the paths
# outside them that say the same in any language (answered in the default one, varying
# with nothing). Tested against the root URLconf in tests/conference/test_language_urls.py.
LANGUAGE_NEUTRAL_PATHS = frozenset({"/favicon.ico", "/robots.txt", "/sitemap.xml"})
# The sitemap's section files (conference/sitemaps.py: /sitemap-<section>.xml), neutral too.
LANGUAGE_NEUTRAL_FILE = re.compile(r"/sitemap-[-a-zA-Z0-9_]+\.xml")
UNLOCALIZED_PREFIXES = (
    "/admin/",
    "/api/",
    "/i18n/",
    "/language/",
    "/media/",
    "/photos/batches/",
    "/photos/moderation/",
    "/photos/preview/",
    "/photos/upload/",
)
# Where the API reads an explicit language (see the module).
LANGUAGE_PARAMETER_PREFIX = "/api/"


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def request_language(request) -> tuple[str, bool]:
    """The language to answer `request` in, and whether its address alone decided it."""
    path = request.path_info
    if is_language_neutral(path):
        return settings.LANGUAGE_CODE, True
    if not path.startswith(UNLOCALIZED_PREFIXES):
        return translation.get_language_from_path(path) or settings.LANGUAGE_CODE, True
    if path.startswith(LANGUAGE_PARAMETER_PREFIX) and (
        language := _supported(request.GET.get("lang"))
    ):
        return language, True
    return translation.get_language_from_request(request), False


def is_language_neutral(path_info: str) -> bool:
    """Whether a path (without the script prefix) says the same in any language."""
    return path_info in LANGUAGE_NEUTRAL_PATHS or bool(LANGUAGE_NEUTRAL_FILE.fullmatch(path_info))


def is_localized(path_info: str) -> bool:
    """Whether a path (without the script prefix) is a public page with an address per
    language."""
    return not (is_language_neutral(path_info) or path_info.startswith(UNLOCALIZED_PREFIXES))


def path_in_language(path: str, language: str) -> str:
    """A public page's path (script prefix included, no query string) in `language`: the
    same path without the other language's prefix, with this one's unless it is the
    default language. "/ru/speakers/x/" in English is "/speakers/x/", and back."""
    prefix = get_script_prefix()
    rest = path.removeprefix(prefix) if path.startswith(prefix) else path.lstrip("/")
    # The default language has no prefix (prefix_default_language=False): "/en/" is not one.
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (rest == code or rest.startswith(f"{code}/")):
            rest = rest[len(code) + 1 :]
            break
    if language != settings.LANGUAGE_CODE:
        rest = f"{language}/{rest}"
    return prefix + rest


class PageLanguageMiddleware:
    """Activates the request's language (request_language) and says it in
    Content-Language; where the visitor's cookie or Accept-Language chose it, says the
    answer varies with them. In LocaleMiddleware's place: below SessionMiddleware, above
    the page cache, which keys pages by the language too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language, from_address = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if not from_address:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
