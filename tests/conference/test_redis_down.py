"""Redis down under the page cache and the rate limits (conference/web/cache_guard.py), in
process: Django's own RedisCache against a real redis-server that is killed and started
again. Pages are rendered without the cache and limits let requests through, never a 500;
once Redis is back (and the pause is over), both use it again. The sign-in lockout and
sessions are in PostgreSQL and never notice.

tests/conference/test_two_servers.py does the same to two real app servers under traffic.
"""

import socket
import time

import pytest

from tests.factories import TalkFactory, UserFactory
from tests.redis_server import running_redis

pytestmark = pytest.mark.django_db

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def redis_server():
    with running_redis() as server:
        yield server


@pytest.fixture
def redis_caches(settings, redis_server):
    """The counters in database 0 and the pages in 1, as settings.py makes them."""
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    settings.CACHES = {
        "default": {"BACKEND": REDIS_CACHE, "LOCATION": redis_server.url(0), "OPTIONS": options},
        "pages": {
            "BACKEND": REDIS_CACHE,
            "LOCATION": redis_server.url(1),
            "OPTIONS": options,
            "KEY_PREFIX": "pages",
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHE_OUTAGE_PAUSE_SECONDS = 0  # try Redis again at once, once it is back
    return redis_server


def test_page_rendered_while_redis_down_and_cached_again_when_back(client, redis_caches):
    url = TalkFactory(title="Multicorn in production").get_absolute_url()
    assert client.get(url).status_code == 200
    assert redis_caches.client(1).dbsize() == 1

    redis_caches.kill()
    while_down = [client.get(url) for _ in range(2)]
    redis_caches.start()  # empty: nothing persisted
    back = client.get(url)

    assert [response.status_code for response in while_down] == [200, 200]
    assert all("Multicorn in production" in response.text for response in while_down)
    assert back.status_code == 200
    assert redis_caches.client(1).dbsize() == 1


def test_page_cache_left_alone_during_the_pause_after_a_failure(client, redis_caches, settings):
    settings.CACHE_OUTAGE_PAUSE_SECONDS = 600
    url = TalkFactory().get_absolute_url()
    redis_caches.kill()
    assert client.get(url).status_code == 200

    redis_caches.start()
    during_pause = client.get(url)
    stored_during_pause = redis_caches.client(1).dbsize()
    # A new configuration starts without the old outage.
    settings.CACHE_OUTAGE_PAUSE_SECONDS = 0
    settings.CACHES = {**settings.CACHES}
    after = client.get(url)

    assert during_pause.status_code == after.status_code == 200
    assert stored_during_pause == 0
    assert redis_caches.client(1).dbsize() == 1


def test_rate_limit_lets_requests_through_while_redis_down(client, redis_caches, settings):
    settings.RATE_LIMITS = {"search": 2}
    redis_caches.kill()

    while_down = [client.get("/api/v1/search", {"q": "a"}).status_code for _ in range(4)]
    redis_caches.start()
    back = [client.get("/api/v1/search", {"q": "b"}).status_code for _ in range(3)]

    # Fails open: nothing can be counted, so nobody is refused.
    assert while_down == [200, 200, 200, 200]
    # Counting again, from zero, as soon as Redis answers.
    assert back == [200, 200, 429]


@pytest.fixture
def silent_redis_host():
    """A loopback port that takes connections and never answers: a Redis host that hangs
    (or packets dropped on the way), which redis-py's timeouts alone would wait out on
    every request."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/1"


def test_hanging_redis_costs_one_timeout_per_pause_not_one_per_request(
    client, settings, silent_redis_host
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": REDIS_CACHE,
            "LOCATION": silent_redis_host,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHE_OUTAGE_PAUSE_SECONDS = 600
    url = TalkFactory().get_absolute_url()

    started = time.monotonic()
    first = client.get(url)
    first_took = time.monotonic() - started
    started = time.monotonic()
    others = [client.get(url).status_code for _ in range(3)]
    others_took = time.monotonic() - started

    assert first.status_code == 200
    assert first_took >= 1  # the read timed out once...
    # ...and the next pages did not ask Redis at all (each would wait out 1 s twice).
    assert others == [200, 200, 200]
    assert others_took < 1


def test_sign_in_lockout_and_sessions_do_not_need_redis(client, redis_caches):
    """django-axes counts failures in PostgreSQL, and sessions live there too."""
    UserFactory(username="organiser", is_staff=True, is_superuser=True)
    redis_caches.kill()
    login = "/admin/login/?next=/admin/"

    failures = [
        client.post(login, {"username": "organiser", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    admin_index = client.get("/admin/")

    assert failures == [200, 200, 200, 200, 429]
    assert admin_index.status_code == 200
