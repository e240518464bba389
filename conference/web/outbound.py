"""Fetching a URL someone gave us without letting it reach our own network.

A schedule to import (and, later, slides to fetch) comes from a URL an organiser typed: it
could name 127.0.0.1, a private range, or the cloud's metadata service at 169.254.169.254,
directly, through a DNS name, or through a redirect (server-side request forgery). So:

- every address a host name resolves to is checked with the standard library's ipaddress
  (loopback, private, link-local, multicast, reserved, unspecified, anything not global;
  IPv4 inside IPv6 is unwrapped first), and one bad address refuses the host;
- the connection goes to an address that was checked, never to a second DNS answer (a name
  that answers a public address to the check and 127.0.0.1 to the connection, "DNS
  rebinding", gets nowhere);
- redirects are followed here, one hop at a time, each checked the same way.

`allow` names networks that may be reached all the same (ALL_NETWORKS for the import
commands' --allow-private, for testing against a server of one's own).
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterator, Sequence
from urllib.parse import urljoin, urlsplit, urlunsplit

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network
type Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ALL_NETWORKS: tuple[Network, ...] = (
    ipaddress.ip_network("0.0.0.0/0"),
    ipaddress.ip_network("::/0"),
)
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (RFC 6052 NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Checked in this order, so that a message names the most telling property.
_REFUSED = (
    ("is_unspecified", "an unspecified address (“any address”, this machine)"),
    ("is_loopback", "a loopback address (this machine)"),
    ("is_link_local", "a link-local address (where cloud metadata services answer)"),
    ("is_multicast", "a multicast address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private network address"),
)


class FetchError(Exception):
    """The URL cannot be fetched; the message says why, for a person."""


class AddressRefused(FetchError):
    """The URL, or a redirect, leads to an address that is not on the public internet."""


class BadStatus(FetchError):
    """The server answered with an error status (or a redirect it was not allowed)."""

    def __init__(self, url: str, status: int, reason: str):
        super().__init__(f"{url} answered {status} {reason}.")
        self.status = status
        self.reason = reason


def _unwrapped(ip: Address) -> Address:
    """The IPv4 address an IPv6 one carries (::ffff:127.0.0.1, 6to4, NAT64), else `ip`."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def refusal(address: str, *, allow: Sequence[Network] = ()) -> str:
    """Why `address` (an IP address as text) must not be fetched from; "" when it may."""
    ip = _unwrapped(ipaddress.ip_address(address))
    if any(ip.version == network.version and ip in network for network in allow):
        return ""
    for attribute, description in _REFUSED:
        if getattr(ip, attribute):
            return description
    if not ip.is_global:  # shared address space (100.64.0.0/10) and the like
        return "not a public internet address"
    return ""


def checked_addresses(host: str, port: int, *, allow: Sequence[Network] = ()) -> list[str]:
    """Every address `host` resolves to, all of them allowed; raises AddressRefused.

    An IP address is checked as it is, without any DNS query or other network traffic.
    """
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchError(f"Cannot find the address of {host}: {error}.") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        if reason := refusal(address, allow=allow):
            where = host if address == host else f"{host} ({address})"
            raise AddressRefused(
                f"{where} is {reason}; only public internet addresses are fetched."
            )
    return addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A connection to the first of `addresses` that answers (as create_connection does)."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as failed:
            error = failed
    raise error  # set: checked_addresses never returns an empty list


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to `host` (its name in the Host header) at addresses checked beforehand."""

    def __init__(self, host: str, port: int, *, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        self.sock = _connect(self.addresses, self.port, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As PinnedHTTPConnection, over TLS; the certificate must be valid for `host`."""

    def __init__(self, host: str, port: int, *, addresses: list[str], timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self):
        sock = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:  # a certificate refused, a handshake failed: not left open
            sock.close()
            raise


def _request(url: str, *, timeout: float, allow: Sequence[Network], headers: dict):
    """One GET of `url`, without following redirects: (connection, response)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"Only http:// and https:// addresses can be fetched, not {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{url} has no valid port.") from None
    addresses = checked_addresses(parts.hostname, port, allow=allow)
    pinned = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = pinned(parts.hostname, port, addresses=addresses, timeout=timeout)
    try:
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        connection.request("GET", target, headers=headers)
        return connection, connection.getresponse()
    except BaseException:
        connection.close()
        raise


@contextlib.contextmanager
def open_url(
    url: str,
    *,
    timeout: float,
    allow: Sequence[Network] = (),
    headers: dict | None = None,
    max_redirects: int = MAX_REDIRECTS,
) -> Iterator[http.client.HTTPResponse]:
    """GET `url` and yield the final response, a 2xx one, following redirects here.

    Raises AddressRefused for an address outside `allow` that is not public, at the first
    hop or any redirect's; FetchError for other schemes or too many redirects; BadStatus
    for an error answer; OSError (timeouts included) and http.client.HTTPException as the
    connection gives them.
    """
    headers = headers or {}
    previous = ""  # the URL that redirected to `url`
    for _hop in range(max_redirects + 1):
        try:
            connection, response = _request(url, timeout=timeout, allow=allow, headers=headers)
        except FetchError as error:  # the address or the scheme of a redirect: say so
            if not previous:
                raise
            raise type(error)(f"{previous} redirected to {url}: {error}") from None
        if response.status not in REDIRECT_STATUSES:
            break
        location = response.getheader("Location")
        response.close()
        connection.close()
        if not location:
            raise BadStatus(url, response.status, f"{response.reason} without a Location")
        previous, url = url, urljoin(url, location.strip())
    else:
        raise FetchError(f"{url} is more than {max_redirects} redirects away; giving up.")
    try:
        if not 200 <= response.status < 300:
            raise BadStatus(url, response.status, response.reason)
        yield response
    finally:
        response.close()
        connection.close()
