"""Per-client request limits for the public endpoints that cost us: search and suggestions
(database work), and the photo takedown form (rows an organiser has to read).

A fixed window per client address and endpoint family, counted in Django's cache (local
memory by default, Redis with REDIS_URL, so several app servers share the counts). Views
opt in with @rate_limited("search"); RateLimitMiddleware does the counting, early in
MIDDLEWARE, so that a response served from a page cache further down is counted too.
Limits come from settings.RATE_LIMITS (requests per RATE_LIMIT_WINDOW seconds, 0 or a
missing family: no limit). docs/deploy.md, "Limits", documents them. While the cache is
down (Redis restarting) nothing is counted and every request is let through
(conference/web/cache_guard.py).
"""

import ipaddress
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import ngettext

from conference.web.cache_guard import guarded


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with settings.TRUSTED_PROXY_COUNT proxies in
    front (each appending to X-Forwarded-For), the address the outermost one saw.

    Entries left of that one were written by the client and may be forged, so they are
    never used. Also django-axes' AXES_CLIENT_IP_CALLABLE: one notion of "client" for both.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote  # not every trusted proxy wrote its entry: not through them
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(address: str) -> str:
    """The unit a limit applies to: one IPv4 address, or one IPv6 /64 (what a single
    customer usually gets, and can rotate addresses within)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6 and parsed.ipv4_mapped:  # ::ffff:1.2.3.4 on a dual-stack socket
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def client_unit(request: HttpRequest) -> str:
    """client_key of the request's client: what django-axes locks out too, so that an IPv6
    client cannot get five more guesses from each address of its /64."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return address  # no address at all (a test's force_login): as axes had it
    return client_key(address)


def rate_limited(family: str, *, json_errors: bool = False) -> Callable:
    """Mark a view as limited by settings.RATE_LIMITS[family]; with json_errors, the 429
    is {"error": ...} (for the API) rather than a page. RateLimitMiddleware applies it."""

    def mark(view: Callable) -> Callable:
        view.rate_limit = (family, json_errors)
        return view

    return mark


def hit(family: str, client: str) -> int:
    """Count one request of `client` to `family`; answers the seconds to wait, 0 if allowed."""
    limit = settings.RATE_LIMITS.get(family, 0)
    if not limit:
        return 0
    window = settings.RATE_LIMIT_WINDOW
    now = time.time()
    window_start = math.floor(now / window) * window
    key = f"ratelimit:{family}:{client}:{int(window_start)}"
    # With the cache down nothing can be counted: let the request through (fail open)
    # rather than refuse every visitor while Redis restarts.
    store = caches[DEFAULT_CACHE_ALIAS]
    count = guarded(store, _count, store, key, window + 1, default=0)
    if count <= limit:
        return 0
    return max(1, math.ceil(window_start + window - now))


def _count(cache: BaseCache, key: str, timeout: int) -> int:
    """Add one to the count under `key`, made to expire `timeout` seconds after its first."""
    # add() then incr(): both atomic in Redis; a window's key expires soon after it ends.
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired since add(): start the window again, without
        # overwriting a count another request may have started meanwhile
        return 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)


def too_many_requests(request: HttpRequest, retry_after: int, *, json_errors: bool):
    message = ngettext(
        "Too many requests. Please try again in %(seconds)d second.",
        "Too many requests. Please try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    if json_errors:
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(
            request, "429.html", {"message": message, "retry_after": retry_after}, status=429
        )
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client has used up a limited view's allowance."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limited = self.limit_of(request)
        if limited:
            family, json_errors = limited
            retry_after = hit(family, client_key(client_ip(request)))
            if retry_after:
                return too_many_requests(request, retry_after, json_errors=json_errors)
        return self.get_response(request)

    @staticmethod
    def limit_of(request: HttpRequest) -> tuple[str, bool] | None:
        if not settings.RATE_LIMITS:
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        return getattr(match.func, "rate_limit", None)
