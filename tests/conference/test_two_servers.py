"""Two app servers sharing one PostgreSQL and one Redis, as docs/deploy.md's "Scaling
out" runs them: real `manage.py serve` processes (granian, 1 worker x 2 threads each)
on two loopback ports, the test database, and a real redis-server (tests/redis_server.py).

Requests carry one Host header, as behind a load balancer, so both servers share each
page's cache entry; and an X-Forwarded-For address of the test's own (one trusted proxy),
so that each test is its own client for the rate limit and the sign-in lockout.
"""

import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.db import connection

from conference.groups import ORGANISERS
from conference.management.commands.serve import database_url
from tests.conference.test_serve import (
    free_port,
    production_environment,
    start_serve,
    wait_until_serving,
)
from tests.factories import EditionFactory, StaffFactory, TalkFactory
from tests.redis_server import running_redis

HOST = "archive.test"
SEARCH_LIMIT = 6  # searches a minute per client
PASSWORD = "correct horse battery staple"
# The traffic of the Redis restart: bounded in count and in time.
MAX_REQUESTS = 4_000
MAX_SECONDS = 40
PACE_SECONDS = 0.005
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Every test commits its rows: the servers read them from their own connections.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


OPENER = urllib.request.build_opener(_NoRedirects)


@dataclass
class Visitor:
    """One client (its address, as our proxy would report it) with its own cookies."""

    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        headers = {"Host": HOST, "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 -- loopback
        try:
            with OPENER.open(request, timeout=10) as response:
                status, message, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            status, message, text = error.code, error.headers, error.read()
        for header in message.get_all("Set-Cookie") or []:
            # The cookies are Secure (production settings): sent back over http all the same.
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, text.decode()

    def form_token(self, url: str) -> str:
        status, html = self.request(url)
        assert status == 200, html
        return TOKEN.search(html).group(1)


@dataclass
class Servers:
    a: str
    b: str
    redis: object

    @property
    def both(self) -> tuple[str, str]:
        return (self.a, self.b)

    def pages_cached(self) -> int:
        return self.redis.client(1).dbsize()

    def cache_hits(self) -> int:
        return self.redis.client().info("stats")["keyspace_hits"]


@pytest.fixture(scope="module")
def redis_server():
    with running_redis() as server:
        yield server


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, redis_server, tmp_path_factory):
    """Servers A and B on the test database and redis_server, for the whole module."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        database = database_url(connection.settings_dict)
    started = []
    try:
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"server-{name}")
            env = production_environment(
                folder / "static",
                database,
                DJANGO_TRUSTED_PROXY_COUNT="1",
                REDIS_URL=redis_server.url(0),
                PAGE_CACHE_SECONDS="600",
                RATE_LIMIT_SEARCH_PER_MINUTE=str(SEARCH_LIMIT),
            )
            env["DJANGO_ALLOWED_HOSTS"] = f"127.0.0.1,{HOST}"
            env.pop("PAGE_CACHE_REDIS_URL", None)
            port = free_port()
            log = folder / "serve.log"
            started.append((start_serve(port, env, log), f"http://127.0.0.1:{port}", log))
        for process, base, log in started:
            wait_until_serving(process, f"{base}/robots.txt", log)
        yield Servers(started[0][1], started[1][1], redis_server)
    finally:
        for process, _, _ in started:
            process.send_signal(signal.SIGTERM)
        for process, _, _ in started:
            try:
                process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def fresh_window(needed: float = 15) -> None:
    """Wait, if need be, until the rate limit's minute has `needed` seconds left."""
    left = 60 - time.time() % 60
    if left < needed:
        time.sleep(left + 0.5)


def sign_in(visitor: Visitor, base: str, username: str, password: str) -> int:
    token = visitor.form_token(f"{base}/admin/login/")
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return visitor.request(f"{base}/admin/login/?next=/admin/", data)[0]


def talk_action(organiser: Visitor, base: str, action: str, talk) -> int:
    changelist = f"{base}/admin/talks/talk/"
    token = organiser.form_token(changelist)
    data = {"action": action, "_selected_action": talk.pk, "csrfmiddlewaretoken": token}
    return organiser.request(changelist, data)[0]


def test_publishing_through_one_server_refreshes_the_cached_page_on_both(servers):
    edition = EditionFactory(name="PGConf.Russia 2032")
    TalkFactory(edition=edition, title="Vacuum without tears")
    draft = TalkFactory(edition=edition, title="Logical decoding at scale", is_published=False)
    StaffFactory(username="organiser", groups=[ORGANISERS])
    page = edition.get_absolute_url()
    visitor = Visitor("198.51.100.1")

    before = servers.pages_cached()
    first_a = visitor.request(servers.a + page)
    cached, hits = servers.pages_cached(), servers.cache_hits()
    first_b = visitor.request(servers.b + page)
    # One entry, stored by A and served to B from Redis: no second entry, one hit.
    stored = (cached - before, servers.pages_cached() - cached, servers.cache_hits() - hits)

    organiser = Visitor("198.51.100.2")
    signed_in = sign_in(organiser, servers.a, "organiser", PASSWORD)
    published = talk_action(organiser, servers.a, "publish_selected", draft)
    after_publish = [visitor.request(base + page) for base in servers.both]
    # The session is in PostgreSQL: signed in through A, the organiser works through B.
    unpublished = talk_action(organiser, servers.b, "unpublish_selected", draft)
    after_unpublish = [visitor.request(base + page) for base in servers.both]

    assert first_a[0] == first_b[0] == 200
    assert "Vacuum without tears" in first_b[1]
    assert "Logical decoding at scale" not in first_a[1] + first_b[1]
    assert stored == (1, 0, 1)
    assert (signed_in, published, unpublished) == (302, 302, 302)
    assert [status for status, _ in after_publish] == [200, 200]
    assert all("Logical decoding at scale" in html for _, html in after_publish)
    assert [status for status, _ in after_unpublish] == [200, 200]
    assert all("Logical decoding at scale" not in html for _, html in after_unpublish)


def test_search_limit_counts_requests_to_both_servers(servers):
    fresh_window()
    visitor = Visitor("198.51.100.3")
    search = "/api/v1/search?q=replication"

    statuses = [visitor.request(servers.both[n % 2] + search)[0] for n in range(SEARCH_LIMIT + 2)]
    other_client = Visitor("198.51.100.4").request(servers.b + search)[0]

    # Three on each server, six in all: the seventh is refused, wherever it goes.
    assert statuses == [200] * SEARCH_LIMIT + [429, 429]
    assert other_client == 200


def test_sign_in_lockout_counts_failures_on_both_servers(servers):
    StaffFactory(username="organiser", groups=[ORGANISERS])
    guesser = Visitor("192.0.2.44")

    failures = [
        sign_in(guesser, servers.both[n % 2], "organiser", "wrong password") for n in range(5)
    ]
    right_password = [sign_in(guesser, base, "organiser", PASSWORD) for base in servers.both]
    elsewhere = sign_in(Visitor("192.0.2.45"), servers.b, "organiser", PASSWORD)

    # AXES_FAILURE_LIMIT is 5: the fifth failure locks, whichever server saw the others.
    assert failures == [200, 200, 200, 200, 429]
    assert right_password == [429, 429]
    assert elsewhere == 302


@dataclass
class Outcome:
    """One request of the traffic: when it ended, its status, or why no answer came."""

    at: float
    status: int | None
    failure: str = ""


def traffic(servers: Servers, paths: list[str], outcomes: list[Outcome], stop) -> None:
    """Requests to A and B in turn until `stop` is set, MAX_REQUESTS or MAX_SECONDS."""
    deadline = time.monotonic() + MAX_SECONDS
    for n in range(MAX_REQUESTS):
        if stop.is_set() or time.monotonic() > deadline:
            return
        # Searches from ever new clients: the loop itself never reaches the limit.
        visitor = Visitor(f"203.0.113.{n % 250 + 1}")
        # Paced, so that the bounded count lasts through the outage on a fast machine too.
        time.sleep(PACE_SECONDS)
        try:
            status, _ = visitor.request(servers.both[n % 2] + paths[n % len(paths)])
            outcomes.append(Outcome(time.monotonic(), status))
        except OSError as error:  # refused, reset, timed out: no HTTP answer at all
            outcomes.append(Outcome(time.monotonic(), None, repr(error)))


def enough_after(outcomes: list[Outcome], moment: float, paths: list[str]) -> bool:
    """Whether every path was asked of both servers at least once after `moment`."""
    return len([o for o in outcomes if o.at > moment]) >= 2 * len(paths)


def test_redis_restart_under_traffic_gives_no_errors_and_caching_comes_back(servers):
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Replication slots explained")
    paths = ["/", "/editions/", edition.get_absolute_url(), "/api/v1/search?q=replication"]
    for base in servers.both:
        for path in paths:
            assert Visitor("198.51.100.5").request(base + path)[0] == 200
    outcomes: list[Outcome] = []
    stop = threading.Event()
    firing = threading.Thread(target=traffic, args=(servers, paths, outcomes, stop))

    firing.start()
    try:
        time.sleep(1)
        down_from = time.monotonic()
        servers.redis.kill()
        time.sleep(2)
        servers.redis.start()  # same port, empty: nothing was persisted
        back_at = time.monotonic()
        # The servers go without Redis for CACHE_OUTAGE_PAUSE_SECONDS (5) after a failure:
        # keep the traffic going until requests have been answered past that pause.
        deadline = back_at + 20
        while time.monotonic() < deadline and not enough_after(outcomes, back_at + 6, paths):
            time.sleep(0.2)
    finally:
        stop.set()
        firing.join(timeout=30)

    before = servers.pages_cached()
    page = edition.get_absolute_url() + "?after-restart"
    stored = Visitor("198.51.100.6").request(servers.a + page)
    hits = servers.cache_hits()
    served = Visitor("198.51.100.6").request(servers.b + page)
    cached_again = (servers.pages_cached() - before, servers.cache_hits() - hits)
    fresh_window()
    limited = [
        Visitor("198.51.100.7").request(servers.both[n % 2] + paths[3])[0]
        for n in range(SEARCH_LIMIT + 1)
    ]

    assert not firing.is_alive()
    assert [o.failure for o in outcomes if o.failure] == []
    # No 5xx, before, during or after the outage: pages rendered, searches let through.
    assert {o.status for o in outcomes} == {200}
    while_down = [o for o in outcomes if down_from < o.at < back_at]
    assert while_down
    assert enough_after(outcomes, back_at + 6, paths)
    # Without restarting the app servers: a page stored by A is a hit for B, and the
    # search limit counts again.
    assert (stored[0], served[0]) == (200, 200)
    assert cached_again == (1, 1)
    assert limited == [200] * SEARCH_LIMIT + [429]
    print(f"{len(outcomes)} requests, {len(while_down)} of them while Redis was down")
