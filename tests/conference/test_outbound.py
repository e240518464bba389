"""Fetching URLs only from public addresses (conference/web/outbound.py), against real HTTP and
HTTPS servers on loopback started by the tests: loopback is exactly what must be refused
unless allowed, so the tests allow it or not as each needs."""

import http.server
import ipaddress
import ssl
import subprocess
import threading

import pytest

from conference.web import outbound

LOOPBACK_ONE = (ipaddress.ip_network("127.0.0.1/32"),)


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers from server.routes: {path: (status, headers, body)}; notes each path asked."""

    def do_GET(self):
        self.server.asked.append(self.path)
        self.server.hosts.append(self.headers["Host"])
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


def start_server(address: str, routes: dict, tls: ssl.SSLContext | None = None):
    httpd = http.server.ThreadingHTTPServer((address, 0), Handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    httpd.routes, httpd.asked, httpd.hosts, httpd.daemon_threads = routes, [], [], True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def servers():
    """Start servers with start(address, routes); all are stopped after the test."""
    started = []

    def start(address="127.0.0.1", routes=None, tls=None):
        httpd = start_server(address, routes or {}, tls)
        started.append(httpd)
        return httpd

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def base(httpd, host="127.0.0.1", scheme="http") -> str:
    return f"{scheme}://{host}:{httpd.server_address[1]}"


def fetch(url: str, **options) -> bytes:
    with outbound.open_url(url, timeout=5, **options) as response:
        return response.read()


# --- the address check ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),  # noqa: S104 -- an address to refuse, not to bind
        ("::", "an unspecified address"),
        ("10.1.2.3", "a private network address"),
        ("172.16.0.1", "a private network address"),
        ("192.168.1.1", "a private network address"),
        ("fd00::1", "a private network address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public internet address"),
        # IPv4 carried in IPv6: mapped, 6to4 and NAT64 forms of loopback and metadata.
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("2002:7f00:1::", "a loopback address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),
    ],
)
def test_refusal_names_why_an_address_is_not_public(address, reason):
    assert outbound.refusal(address).startswith(reason)
    assert outbound.refusal(address, allow=outbound.ALL_NETWORKS) == ""


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_refusal_lets_public_addresses_through(address):
    assert outbound.refusal(address) == ""


def test_refusal_allows_only_the_networks_named():
    assert outbound.refusal("127.0.0.1", allow=LOOPBACK_ONE) == ""
    assert outbound.refusal("127.0.0.2", allow=LOOPBACK_ONE).startswith("a loopback address")
    assert outbound.refusal("::1", allow=LOOPBACK_ONE).startswith("a loopback address")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address",
        ),
        ("http://[::ffff:127.0.0.1]:8000/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://0.0.0.0:8000/schedule.xml", "0.0.0.0 is an unspecified address"),
        ("https://[fe80::1]/", "fe80::1 is a link-local address"),
    ],
)
def test_open_url_refuses_addresses_without_any_network_traffic(network_events, url, message):
    with pytest.raises(outbound.AddressRefused, match=message):
        fetch(url)

    assert network_events == []


def test_open_url_audit_hook_does_see_traffic(servers, network_events):
    """The test above could not fail if the hook saw nothing: here it sees a fetch."""
    httpd = servers(routes={"/": (200, {}, b"hello")})

    assert fetch(base(httpd) + "/", allow=outbound.ALL_NETWORKS) == b"hello"
    assert "socket.connect" in network_events


# --- fetching ---------------------------------------------------------------------------


def test_open_url_loopback_server_refused_unless_allowed(servers):
    httpd = servers(routes={"/schedule.xml": (200, {}, b"<schedule/>")})
    url = base(httpd) + "/schedule.xml"

    with pytest.raises(outbound.AddressRefused, match=r"^127\.0\.0\.1 is a loopback address"):
        fetch(url)
    assert httpd.asked == []

    assert fetch(url, allow=outbound.ALL_NETWORKS) == b"<schedule/>"
    assert httpd.asked == ["/schedule.xml"]


def test_open_url_name_resolving_to_loopback_refused(servers):
    httpd = servers(routes={"/": (200, {}, b"secret")})

    with pytest.raises(outbound.AddressRefused, match=r"^localhost \((127\.0\.0\.1|::1)\) is a"):
        fetch(base(httpd, host="localhost") + "/")
    assert httpd.asked == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1"])
def test_open_url_other_spellings_of_loopback_refused(host):
    """Numbers the resolver reads as IPv4 (inet_aton) are not IP literals to ipaddress:
    they go through the resolver, and its answer is checked."""
    with pytest.raises(outbound.AddressRefused, match=rf"^{host} \(127\.0\.0\.1\) is a loopback"):
        fetch(f"http://{host}:9/")


def test_open_url_redirect_to_a_private_address_refused(servers):
    """The first server (127.0.0.1) is allowed; its redirect's target (127.0.0.2) is not."""
    inside = servers("127.0.0.2", {"/secret": (200, {}, b"metadata")})
    target = base(inside, host="127.0.0.2") + "/secret"
    outside = servers(routes={"/schedule.xml": (302, {"Location": target}, b"")})
    start = base(outside) + "/schedule.xml"

    with pytest.raises(outbound.AddressRefused) as refused:
        fetch(start, allow=LOOPBACK_ONE)

    assert str(refused.value) == (
        f"{start} redirected to {target}: 127.0.0.2 is a loopback address (this machine); "
        "only public internet addresses are fetched."
    )
    assert (outside.asked, inside.asked) == (["/schedule.xml"], [])


def test_open_url_follows_allowed_redirects_relative_or_not(servers):
    last = servers("127.0.0.2", {"/final": (200, {}, b"<schedule/>")})
    first = servers(
        routes={
            "/a": (301, {"Location": "/b"}, b""),
            "/b": (307, {"Location": base(last, host="127.0.0.2") + "/final"}, b""),
        }
    )

    assert fetch(base(first) + "/a", allow=outbound.ALL_NETWORKS) == b"<schedule/>"
    assert (first.asked, last.asked) == (["/a", "/b"], ["/final"])


@pytest.mark.parametrize(
    ("routes", "error", "message"),
    [
        (
            {"/": (302, {"Location": "file:///etc/passwd"}, b"")},
            outbound.FetchError,
            r"redirected to file:///etc/passwd: Only http:// and https://",
        ),
        (
            {"/": (302, {"Location": "/"}, b"")},
            outbound.FetchError,
            r"is more than 5 redirects away",
        ),
        ({"/": (302, {}, b"")}, outbound.BadStatus, r"answered 302 Found without a Location"),
        ({"/": (503, {}, b"busy")}, outbound.BadStatus, r"answered 503 Service Unavailable"),
    ],
)
def test_open_url_bad_answers_fail_clearly(servers, routes, error, message):
    httpd = servers(routes=routes)

    with pytest.raises(error, match=message):
        fetch(base(httpd) + "/", allow=outbound.ALL_NETWORKS)


def test_pinned_connection_goes_to_the_checked_address_never_resolving_again(servers):
    """What keeps DNS rebinding out: the name is only sent (Host), never looked up again;
    .invalid names resolve nowhere (RFC 6761), so a lookup would fail the request."""
    httpd = servers(routes={"/": (200, {}, b"pinned")})
    port = httpd.server_address[1]
    connection = outbound.PinnedHTTPConnection(
        "schedule.invalid", port, addresses=["127.0.0.1"], timeout=5
    )
    try:
        connection.request("GET", "/")
        body = connection.getresponse().read()
    finally:
        connection.close()

    assert body == b"pinned"
    assert httpd.hosts == [f"schedule.invalid:{port}"]


# --- https ------------------------------------------------------------------------------


@pytest.fixture
def tls_server(servers, tmp_path, monkeypatch):
    """An HTTPS server on loopback whose certificate (for "localhost") the client trusts."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [  # noqa: S607 -- openssl from PATH, as Debian installs it
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-keyout", str(key), "-out", str(cert),
            "-addext", "subjectAltName=DNS:localhost",
            "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
            "-addext", "extendedKeyUsage=serverAuth",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    # ssl.create_default_context() (the client's) reads the trusted certificates from here.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return servers(routes={"/schedule.xml": (200, {}, b"<schedule/>")}, tls=tls)


def test_open_url_https_checks_the_certificate_against_the_name(tls_server):
    url = base(tls_server, host="localhost", scheme="https") + "/schedule.xml"

    assert fetch(url, allow=outbound.ALL_NETWORKS) == b"<schedule/>"
    # The same server by its address: the certificate does not name 127.0.0.1.
    with pytest.raises(ssl.SSLCertVerificationError, match="IP address mismatch"):
        fetch(base(tls_server, scheme="https") + "/schedule.xml", allow=outbound.ALL_NETWORKS)
