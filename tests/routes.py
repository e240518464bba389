"""The public URL patterns of the site, read from the URLconf, for the bad-input tests.

Read rather than listed, so that a new page is thrown bad input without anyone
remembering to add it here.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Not public: the admin has its own tests; the language switch is a POST of Django's own.
SKIPPED_PREFIXES = ("admin/", "i18n/")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # "speakers/<slug:slug>/"
    name: str | None

    @property
    def names(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.route)]

    @property
    def converters(self) -> list[str]:
        return [match["converter"] or "str" for match in PARAMETER.finditer(self.route)]

    def url(self, *values: str) -> str:
        """The path with each parameter replaced, in order, by one of `values`."""
        parts = iter(values)
        return "/" + PARAMETER.sub(lambda _: next(parts), self.route)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield Route(prefix + str(pattern.pattern), pattern.name)


def public_routes() -> list[Route]:
    routes = dict.fromkeys(
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.route.startswith(SKIPPED_PREFIXES)
    )
    return list(routes)
