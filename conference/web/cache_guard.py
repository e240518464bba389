"""Cache calls that survive the cache server being down: Redis restarting, unreachable, full.

The page cache (conference/web/page_cache.py) and the rate limits (conference/web/ratelimit.py)
use Django's cache as a help, never as a store of record: a page missing from the cache
is rendered again, and a limit that cannot count lets the request through (fails open)
rather than refuse every visitor. Django's RedisCache raises redis-py's errors when Redis
is down, which turned every request into a 500 (tests/conference/test_redis_down.py).

guarded() answers a default instead, logs once, and leaves that cache alone for
settings.CACHE_OUTAGE_PAUSE_SECONDS: a Redis host that does not answer at all (rather
than refusing at once) then costs each thread one timeout per pause, not one per request.
The first call after the pause tries again, so nothing needs restarting when Redis comes
back (tests/conference/test_two_servers.py restarts a real redis-server under two app
servers).
The session, the sign-in lockout (django-axes) and the task queue live in PostgreSQL and
never reach this.
"""

import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Per cache object: Django makes one per thread and again when the settings change (the
# tests), so a new configuration never inherits an old outage.
_paused_until: "weakref.WeakKeyDictionary[BaseCache, float]" = weakref.WeakKeyDictionary()


def guarded(cache: BaseCache, call: Callable[..., Any], *args: Any, default: Any = None) -> Any:
    """`call(*args)`, or `default` when the cache behind it fails or failed just before."""
    if time.monotonic() < _paused_until.get(cache, 0.0):
        return default
    try:
        return call(*args)
    except RedisError as error:  # refused, timed out, reset, or an error reply (OOM)
        pause = settings.CACHE_OUTAGE_PAUSE_SECONDS
        _paused_until[cache] = time.monotonic() + pause
        logger.warning("Cache unavailable (%s): going without it for %s s.", error, pause)
        return default
