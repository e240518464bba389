"""The page cache: public pages served to anonymous visitors from a cache that is never stale.

Every cached page is stored under the archive's version (conference.models.ArchiveVersion),
which PostgreSQL changes in every transaction that writes a table public pages read
(migration conference 0004_archive_version). One primary-key query per request reads it;
an edit in the admin, an import, a bulk update or a published photo gives a new version,
and every page cached before becomes unreachable at once. Old entries age out after
settings.PAGE_CACHE_SECONDS (0 turns the cache off; ETags and 304s stay).

Who gets what:
- Anonymous GET or HEAD of a public page (HTML, feeds, exports, sitemap, the API): from
  the cache when the page is there, else rendered and stored if it may be shared. An ETag
  (a hash of the page) answers If-None-Match with 304; from the cache, without rendering.
- Anyone with a session (staff signed in, or on their way out) or a pending message: a
  fresh page, `Cache-Control: private, no-cache`, never stored.
- The admin, uploads, language switching and every other method: untouched.

A page is stored under its absolute URL and its language. A public page's language is in
its URL (/ru/... is Russian, the rest English; conference/web/language.py), so /x and
/ru/x are two entries and one is never served for the other, and the page varies with
nothing the visitor sends: no `Vary: Cookie` or `Accept-Language` (a visitor's language
cookie changes nothing on it). Only the unprefixed paths outside i18n_patterns (the API)
answer in the visitor's language: the language middleware says they vary, and the
language in the key keeps them apart.

A hit costs one query and a copy of bytes, about what a trivial view costs: public pages
hold nothing of the visitor's own. They carry no CSRF token (the language switch in
base.html is a row of links to the page's address in each language), so the CSRF
middleware sets no cookie, and the page is `public`. Their gzip-compressed body is made
once, when the page is stored, and sent as it is to every client that accepts gzip
(GZipMiddleware, above, leaves a response with a Content-Encoding alone). Django pads the
gzip header with random bytes per response against BREACH, which guesses a secret from the
compressed size of pages that reflect the attacker's input; a page with no secret in it
has nothing to guess, so the stored copy needs no padding.

The one exception is a page with a form that posts (the photo page's takedown form): a
page cached with one visitor's token would fail everybody else's post. Pages for anonymous
visitors are rendered with a placeholder instead of the token (csrf_placeholder, a
template context processor), the placeholder is what the cache and the ETag see, and each
response gets the visitor's own token in its place on the way out, is `private`, and is
gzipped per response by GZipMiddleware, padding and all. A page that asked for a real
token some other way is not cached.

Several worker processes each have their own local-memory cache; that stays correct,
since the version comes from the database (REDIS_URL shares one cache between them).
With Redis down every request is a miss, rendered and not stored (conference/web/cache_guard.py).
"""

import functools
import gzip
import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.text import compress_string

from conference.web.archive_version import ArchiveVersion
from conference.web.cache_guard import guarded

CACHE_ALIAS = "pages"
# Paths that are never cached nor given public cache headers: the admin, the upload page
# (staff only, with forms), the language switches that set a cookie: Django's POST
# /i18n/setlang/ and our GET /language/<code>/ (kept for old links).
EXCLUDED_PREFIXES = ("/admin/", "/photos/upload/", "/i18n/", "/language/")
# A page that varies on anything else than what the cache key holds is not stored.
KNOWN_VARY = {"accept-language", "cookie", "accept-encoding"}
# What a shared cache may do with an anonymous page: keep it, but ask us every time (a
# 304 from the page cache costs one query).
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}
# Per-response settings of django.middleware.csp that a cached page must keep (the talk
# page's video player host).
RESPONSE_ATTRIBUTES = ("_csp_config", "_csp_ro_config")
# Set on requests rendered with the placeholder (read by csrf_placeholder).
PLACEHOLDER_ATTRIBUTE = "page_cache_csrf_placeholder"
# GZipMiddleware's own threshold: shorter pages are not worth compressing.
MIN_GZIP_LENGTH = 200


@functools.cache
def placeholder() -> str:
    """The stand-in for the CSRF token in pages rendered for sharing.

    64 hex characters, as long as a real masked token, so that filling it in changes no
    length; derived from SECRET_KEY so that every process agrees and no page text can
    guess it. Computed once per process. The salt keeps the module's old dotted path: a
    new salt would leave pages cached before a deploy with a placeholder nobody fills in.
    """
    return salted_hmac("conference.page_cache", "csrf", algorithm="sha256").hexdigest()


@functools.cache
def placeholder_bytes() -> bytes:
    return placeholder().encode()


def csrf_placeholder(request) -> dict:
    """Template context processor: the CSRF placeholder instead of the token, on the
    requests PageCacheMiddleware renders for sharing (it runs after Django's own csrf one)."""
    value = getattr(request, PLACEHOLDER_ATTRIBUTE, None)
    return {"csrf_token": value} if value else {}


def _has_personal_state(request) -> bool:
    """A session cookie (a signed-in user) or pending messages: pages made for one person.

    Cookies, not request.user: deciding must not cost the session and user queries.
    """
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _accepts_gzip(request) -> bool:
    # The test GZipMiddleware makes, so that both answer the same clients alike.
    return re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None


def _cache_control(response) -> set[str]:
    return {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def _use_gzipped(response, body: bytes) -> None:
    """Make `response` the gzip-encoded form of itself, as GZipMiddleware would."""
    response.content = body
    response["Content-Length"] = str(len(body))
    response["Content-Encoding"] = "gzip"
    # Another encoding of the same page: a weak ETag (RFC 9110 8.8.1), which
    # get_conditional_response compares weakly, so If-None-Match with either form is a 304.
    if (etag := response.get("ETag", "")).startswith('"'):
        response["ETag"] = f"W/{etag}"


class PageCacheMiddleware:
    """Caches public pages for anonymous visitors under the archive version; see the module.

    Sits right after AuthenticationMiddleware: below SessionMiddleware (which adds
    `Vary: Cookie` and would save a modified session), the language middleware (the
    language of the key) and CsrfViewMiddleware (which sets the CSRF cookie the filled-in
    token needs).

    A cache entry is a plain tuple (the cache pickles it): (status, CSP attributes,
    whether the body holds the CSRF placeholder, (body, headers), and (gzipped body,
    headers) or None).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)
        if _has_personal_state(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        return self._anonymous(request)

    def _anonymous(self, request):
        cache = caches[CACHE_ALIAS]
        key = version = None
        if settings.PAGE_CACHE_SECONDS > 0:
            # First, before anything reads the archive: a page rendered after this read
            # is at least as new as the version it is stored under.
            version = ArchiveVersion.current()
            key = self._key(request, version)
            if (entry := guarded(cache, cache.get, key)) is not None:
                return self._from_entry(request, entry)

        setattr(request, PLACEHOLDER_ATTRIBUTE, placeholder())
        token_asked_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        with ArchiveVersion.answering(version):  # read once: the search cache's too
            response = self.get_response(request)
        if token_asked_before or not self._shareable(request, response):
            return self._fill_placeholder(request, response)

        if not response.has_header("Cache-Control"):
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        # The language is the URL's, or else the language middleware adds its own Vary.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        personal = placeholder_bytes() in response.content
        if key is None:
            # No cache, nothing to compress ahead: GZipMiddleware does it per response.
            return self._finish(request, response, personal)
        entry = self._to_entry(response, personal)
        guarded(cache, cache.set, key, entry, settings.PAGE_CACHE_SECONDS)
        if (gzipped := entry[4]) is not None and _accepts_gzip(request):
            _use_gzipped(response, gzipped[0])
        return self._finish(request, response, personal)

    @staticmethod
    def _key(request, version: int) -> str:
        # The absolute URI: the path (/ru/... apart from /...), the query string (search,
        # filters) and the host and scheme (canonical links, feeds and the sitemap print
        # absolute addresses). The language too, for the API's paths, where the visitor's
        # cookie or Accept-Language chooses it; on a page it follows from the path.
        uri = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
        return f"{version}:{request.LANGUAGE_CODE}:{uri.hexdigest()}"

    @staticmethod
    def _shareable(request, response) -> bool:
        """Whether the page is the same for every anonymous visitor of this URL."""
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # The view asked for a real CSRF token, or for a CSP nonce, for this visitor.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(request, "_csp_nonce", None)
            and not (hasattr(request, "session") and request.session.modified)
            # The view's own opt-out (never_cache, a draft preview, an error of the limits).
            and not _cache_control(response) & {"private", "no-cache", "no-store"}
            and _vary(response) <= KNOWN_VARY
            and not response.has_header("Content-Encoding")
        )

    @staticmethod
    def _to_entry(response, personal: bool) -> tuple:
        attributes = {
            name: getattr(response, name) for name in RESPONSE_ATTRIBUTES if hasattr(response, name)
        }
        body = response.content
        headers = list(response.items())
        gzipped = None
        if not personal and len(body) >= MIN_GZIP_LENGTH:
            # Compressed once, here, for every hit to come; without GZipMiddleware's random
            # padding, which only a page holding a secret needs (see the module).
            compressed = compress_string(body)
            if len(compressed) < len(body):
                variant = HttpResponse(headers=headers)
                _use_gzipped(variant, compressed)
                gzipped = (compressed, list(variant.items()))
                # The plain body is the compressed one unzipped: kept once, a hit reads
                # (and the cache unpickles) only the small copy nearly every client wants.
                body = None
        return (response.status_code, attributes, personal, (body, headers), gzipped)

    def _from_entry(self, request, entry):
        status, attributes, personal, (body, headers), gzipped = entry
        if gzipped is not None and _accepts_gzip(request):
            body, headers = gzipped
        elif body is None:
            body = gzip.decompress(gzipped[0])
        response = HttpResponse(body, status=status, headers=headers)
        for name, value in attributes.items():
            setattr(response, name, value)
        return self._finish(request, response, personal)

    def _finish(self, request, response, personal: bool):
        """304 when the visitor's copy is current, else the page, with their CSRF token if
        it has a form (`personal`)."""
        if personal:
            # What the visitor gets carries a CSRF token made from their cookie: the ETag
            # names that cookie too (a copy kept from before the cookie changed holds a
            # token that no longer works), and no shared cache may keep the page.
            cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
            digest = hashlib.md5(
                f"{response['ETag']}{cookie}".encode(), usedforsecurity=False
            ).hexdigest()
            response["ETag"] = f'"{digest}"'
            patch_cache_control(response, private=True)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is not response or not personal:
            return conditional
        return self._fill_placeholder(request, response)

    @staticmethod
    def _fill_placeholder(request, response):
        if response.streaming:
            return response
        if (stand_in := placeholder_bytes()) in response.content:
            response.content = response.content.replace(stand_in, get_token(request).encode())
        return response
