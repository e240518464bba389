"""Search results kept per archive version: a search asked again (the same words, filters,
page and order, in the same interface language) is answered from the cache, in one query.

Keyed like the page cache (conference/web/page_cache.py) by the archive's version, which
PostgreSQL changes with every write a public page could show: an entry is never stale,
and a write makes every entry unreachable at once. Unlike the page cache it is keyed by
the search, not by the URL: visitors signed in and not share an entry (the API's
entries, without facets, are apart from the search page's). In the "pages"
cache (its own bounded space, or its own Redis database); with the cache down a search
runs as if nothing were cached (conference/web/cache_guard.py).
settings.SEARCH_CACHE_SECONDS bounds an entry's life; 0 turns this cache off.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from conference.web.archive_version import ArchiveVersion
from conference.web.cache_guard import guarded

CACHE_ALIAS = "pages"


def version_for_search() -> int | None:
    """The archive's version, read once per search before it runs (so that what it finds
    is at least as new as the version it is stored or remembered under) when this cache or
    the typo correction's memo (talks/typo_memo.py) keys by it; None when neither does."""
    if settings.SEARCH_CACHE_SECONDS <= 0 and settings.SEARCH_WORD_MEMO <= 0:
        return None
    # The page cache's, where it read it for this request already.
    return ArchiveVersion.of_request()


def key_for(version: int | None, *search: object) -> str | None:
    """The cache key of a search (its arguments, as search_talks takes them) under
    `version` (version_for_search's); None when the cache is off."""
    if settings.SEARCH_CACHE_SECONDS <= 0 or version is None:
        return None
    digest = hashlib.md5(repr(search).encode(), usedforsecurity=False).hexdigest()
    return f"search:{version}:{get_language()}:{digest}"


def get(key: str | None):
    """The results stored under `key`, or None."""
    if key is None:
        return None
    cache = caches[CACHE_ALIAS]
    return guarded(cache, cache.get, key)


def put(key: str | None, results) -> None:
    if key is not None:
        cache = caches[CACHE_ALIAS]
        guarded(cache, cache.set, key, results, settings.SEARCH_CACHE_SECONDS)
