"""The page cache's own Redis database, derived from REDIS_URL (conference/web/redis_urls.py)."""

import json

import pytest

from conference.web.redis_urls import next_database_url
from tests.conference.test_settings import run_python


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://cache:6379/0", "redis://cache:6379/1"),
        ("redis://cache:6379/4", "redis://cache:6379/5"),
        ("redis://cache:6379", "redis://cache:6379/1"),
        ("redis://cache:6379/", "redis://cache:6379/1"),
        (
            "rediss://user:s3cret@cache.example.org:6380/2",
            "rediss://user:s3cret@cache.example.org:6380/3",
        ),
        (
            "redis://cache:6379/0?socket_timeout=2&health_check_interval=30",
            "redis://cache:6379/1?socket_timeout=2&health_check_interval=30",
        ),
        ("redis://cache:6379?db=3", "redis://cache:6379?db=4"),
        ("unix:///run/redis.sock", "unix:///run/redis.sock?db=1"),
        ("unix:///run/redis.sock?db=2&password=x", "unix:///run/redis.sock?password=x&db=3"),
    ],
    ids=[
        "db-0",
        "db-4",
        "no-path",
        "bare-slash",
        "rediss-with-credentials",
        "query-string",
        "db-in-query",
        "unix-socket",
        "unix-socket-db",
    ],
)
def test_next_database_url(url, expected):
    assert next_database_url(url) == expected


def test_next_database_url_refuses_a_database_not_a_number():
    with pytest.raises(ValueError, match="does not name a Redis database by number"):
        next_database_url("redis://cache:6379/pages")


PAGES_CACHE = """
import django
django.setup()
from django.conf import settings
print(json.dumps({alias: settings.CACHES[alias].get("LOCATION") for alias in settings.CACHES}))
""".replace("import django", "import json, django")


def test_page_cache_in_the_next_redis_database_by_default():
    result = run_python(PAGES_CACHE, REDIS_URL="redis://cache:6379/0")

    assert json.loads(result.stdout) == {
        "default": "redis://cache:6379/0",
        "pages": "redis://cache:6379/1",
    }


def test_page_cache_redis_url_chosen_explicitly():
    result = run_python(
        PAGES_CACHE, REDIS_URL="redis://cache:6379/0", PAGE_CACHE_REDIS_URL="redis://pages:6379/0"
    )

    assert json.loads(result.stdout)["pages"] == "redis://pages:6379/0"


def test_redis_waits_one_second_not_five_for_counters_and_pages():
    """redis-py's own 5 s, on every request while Redis hangs, would stall the site; the
    page cache and the limits go without Redis instead (conference/web/cache_guard.py)."""
    script = PAGES_CACHE.replace('.get("LOCATION")', '.get("OPTIONS")')
    result = run_python(script, REDIS_URL="redis://cache:6379/0")

    short = {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert json.loads(result.stdout) == {"default": short, "pages": short}
