"""The archive's own page URLs, built without running reverse() for every link.

A list of talks links each talk, its edition, its speakers and their companies; on an
edition page that is thousands of links. django.urls.reverse() checks the pattern's
converters and quotes every argument on each call, and it was a large share of a talk
list's rendering (docs/performance.md, "Readers, search and suggestions"). The public
pages' URLs take slugs and numeric ids only, which reverse() copies into the path
unchanged. So each URL name is reversed once per process with marker values (digits,
which every converter used here accepts), and each link fills the markers in with plain
string replacement.

A value that is not a plain slug or number goes through reverse() itself, so an odd
value is quoted, or refused with NoReverseMatch, exactly as before. The cache is keyed
by the script prefix, the URLconf and the active language, as reverse()'s answers are:
the public pages have an address per language (i18n_patterns), so a Russian page's links
lead to Russian pages (/ru/...).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override

# What slug and int converters both take and reverse() copies as it is.
PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")


def _marker(index: int) -> str:
    # Long and odd enough never to occur in a route's literal text; checked anyway below.
    return f"90817263{index}45362718"


@lru_cache(maxsize=256)
def _url_parts(viewname: str, names: tuple[str, ...], prefix: str, urlconf: str, language: str):
    """The reversed URL cut at its arguments: ((text, argument index), ..., final text),
    or None when the markers cannot be told apart. reverse() reads the script prefix and
    the language itself: they are arguments for the cache's key (a URL per language)."""
    markers = [_marker(index) for index in range(len(names))]
    # In the key's language, whatever is active: a cut stored under one language's key is
    # never another language's address.
    with override(language or None):
        url = reverse(viewname, kwargs=dict(zip(names, markers, strict=True)), urlconf=urlconf)
    if any(url.count(marker) != 1 for marker in markers):
        return None
    order = sorted(range(len(markers)), key=lambda index: url.index(markers[index]))
    parts, position = [], 0
    for index in order:
        start = url.index(markers[index])
        parts.append((url[position:start], index))
        position = start + len(markers[index])
    return tuple(parts), url[position:]


# The script prefix, URLconf and language while fixed_prefix() is on: reading them is
# three lookups of Django's context-local values, a large part of what a link costs
# (docs/performance.md); a list of talks builds a few links per talk, an edition's page
# thousands.
_FIXED: ContextVar[tuple[str, str, str] | None] = ContextVar("fast_urls_fixed", default=None)


def _current() -> tuple[str, str, str]:
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language() or ""


@contextmanager
def fixed_prefix():
    """Within: page_url() uses the script prefix, URLconf and language of the moment it was
    entered. For the rendering of one list of links, during which none can change."""
    token = _FIXED.set(_current())
    try:
        yield
    finally:
        _FIXED.reset(token)


def page_url(viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs), for URL names whose arguments are slugs and ids."""
    values = [value if type(value) is str else str(value) for value in kwargs.values()]
    prefix, urlconf, language = _FIXED.get() or _current()
    cut = None
    if all(map(PLAIN_VALUE.fullmatch, values)):
        cut = _url_parts(viewname, tuple(kwargs), prefix, urlconf, language)
    if cut is None:
        return reverse(viewname, kwargs=kwargs, urlconf=urlconf)
    parts, tail = cut
    return "".join([text + values[index] for text, index in parts]) + tail
