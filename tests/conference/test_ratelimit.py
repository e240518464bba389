"""Per-client limits on search and suggestions (conference/web/ratelimit.py), through the
whole middleware stack: a clear 429 with Retry-After, per client and per family."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from conference.web.ratelimit import client_ip, client_key
from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    """Two searches and three suggestions a minute, with counts from earlier tests gone."""
    cache.clear()
    settings.RATE_LIMITS = {"search": 2, "suggest": 3}
    yield settings.RATE_LIMITS
    cache.clear()


def test_search_api_over_limit_answers_json_429_with_retry_after(client, limits):
    TalkFactory(title="Logical replication")
    answers = [client.get("/api/v1/search", {"q": "replication"}) for _ in range(3)]

    assert [response.status_code for response in answers] == [200, 200, 429]
    refused = answers[-1]
    assert refused["Content-Type"] == "application/json"
    assert "Too many requests" in refused.json()["error"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]


def test_search_page_over_limit_answers_page_429(client, limits):
    answers = [client.get("/search/", {"q": "replication"}) for _ in range(3)]

    assert [response.status_code for response in answers] == [200, 200, 429]
    refused = answers[-1]
    assert refused["Content-Type"].startswith("text/html")
    assert "<h1>Too many requests</h1>" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    # The refusal is a page of the site: same security headers as the others.
    assert "Content-Security-Policy" in refused


def test_search_page_and_api_share_one_allowance(client, limits):
    statuses = [
        client.get("/search/", {"q": "a"}).status_code,
        client.get("/api/v1/search", {"q": "a"}).status_code,
        client.get("/search/", {"q": "a"}).status_code,
    ]
    assert statuses == [200, 200, 429]


def test_suggestions_have_their_own_higher_allowance(client, limits):
    for _ in range(2):
        client.get("/api/v1/search", {"q": "a"})
    assert client.get("/api/v1/search", {"q": "a"}).status_code == 429

    statuses = [client.get("/api/v1/suggest", {"q": "rep"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "error" in client.get("/api/v1/suggest", {"q": "rep"}).json()


def test_other_client_not_limited(client, limits):
    for _ in range(3):
        client.get("/api/v1/search", {"q": "a"}, REMOTE_ADDR="192.0.2.1")

    assert client.get("/api/v1/search", {"q": "a"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/search", {"q": "a"}, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_other_pages_never_limited(client, limits):
    statuses = {client.get("/speakers/").status_code for _ in range(5)}
    assert statuses == {200}


def test_limit_counts_refused_requests_of_bad_parameters_too(client, limits):
    statuses = [client.get("/api/v1/search", {"limit": "lots"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_zero_turns_a_family_off(client, limits, settings):
    settings.RATE_LIMITS = {"search": 0, "suggest": 3}
    statuses = {client.get("/api/v1/search", {"q": "a"}).status_code for _ in range(5)}
    assert statuses == {200}


def test_forwarded_for_ignored_without_trusted_proxies(client, limits):
    """A client cannot dodge the limit by writing X-Forwarded-For itself."""
    statuses = [
        client.get("/api/v1/search", {"q": "a"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_forwarded_for_read_behind_trusted_proxy(client, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        client.get("/api/v1/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.7")

    limited = client.get("/api/v1/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = client.get("/api/v1/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert (limited.status_code, other.status_code) == (429, 200)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote the first entry itself; the proxy appended the real address.
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not through them
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_entries_written_by_our_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_client_key_groups_ipv6_by_64_and_keeps_ipv4():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::2")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("192.0.2.1") == "192.0.2.1"
    assert client_key("") == "unknown"
    # A dual-stack socket reports IPv4 clients as IPv4-mapped IPv6: still one per address.
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key("::ffff:192.0.2.1") != client_key("::ffff:192.0.2.2")
