"""A small HTTP/1.1 load generator for the benchmarks (not a test), bounded in time and count.

    from bench.loadgen import run
    result = run("http://127.0.0.1:8000/", connections=16, duration=5)
    print(result.requests_per_second, result.p50_ms, result.p99_ms)

N keep-alive connections on one asyncio loop, each sending GET after GET (closed loop, as
wrk does), raw sockets and the least parsing that HTTP/1.1 needs (Content-Length or chunked
bodies), so the generator costs little next to the server it measures: on a 2-core machine
they share the CPU, so every row of a table is measured under the same handicap. Only
http:// on loopback: the benchmarks never send load elsewhere.
"""

import asyncio
import ipaddress
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class LoadError(Exception):
    """The target answered something other than the expected status, or not at all."""


@dataclass
class Result:
    """What one run measured; latencies in milliseconds."""

    url: str
    requests: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    errors: int = 0

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99_ms(self) -> float:
        return self.percentile(0.99)


def loopback_target(url: str) -> tuple[str, int]:
    """Host and port of an http:// URL on loopback; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"Only http:// URLs on loopback are measured, not {url!r}.")
    if not ipaddress.ip_address(parts.hostname).is_loopback:
        raise ValueError(f"Only loopback addresses are measured, not {parts.hostname!r}.")
    return parts.hostname, parts.port or 80


def request_bytes(netloc: str, path: str) -> bytes:
    """A keep-alive GET of `path` (with its query string) for the server at `netloc`."""
    return (
        f"GET {path} HTTP/1.1\r\nHost: {netloc}\r\nUser-Agent: bench-loadgen\r\n"
        "Accept: text/html,application/json\r\nAccept-Encoding: gzip\r\n\r\n"
    ).encode("latin-1")


def _target(url: str) -> tuple[str, int, bytes]:
    host, port = loopback_target(url)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return host, port, request_bytes(parts.netloc, path)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the server keeps the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)  # the chunk and its CRLF
            if size == 0:
                break
    keep = headers.get("connection") != "close"
    return status, keep


async def _connection(host, port, request, deadline, budget, latencies, state, expect):
    reader = writer = None
    try:
        while time.perf_counter() < deadline and state["sent"] < budget:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            state["sent"] += 1
            started = time.perf_counter()
            writer.write(request)
            try:
                status, keep = await read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                state["errors"] += 1
                writer.close()
                writer = None
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if status != expect:
                state["errors"] += 1
                state["statuses"].add(status)
            if not keep:
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


async def _run(url, connections, duration, max_requests, expect):
    host, port, request = _target(url)
    latencies: list[float] = []
    state = {"sent": 0, "errors": 0, "statuses": set()}
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.wait_for(
        asyncio.gather(
            *(
                _connection(host, port, request, deadline, max_requests, latencies, state, expect)
                for _ in range(connections)
            )
        ),
        timeout=duration + 30,  # a hung server cannot hold the benchmark forever
    )
    seconds = time.perf_counter() - started
    if state["statuses"]:
        raise LoadError(f"{url}: unexpected HTTP status {sorted(state['statuses'])}")
    return Result(url, len(latencies), seconds, latencies, state["errors"])


def run(
    url: str,
    *,
    connections: int = 16,
    duration: float = 5.0,
    max_requests: int = 1_000_000,
    expect: int = 200,
) -> Result:
    """GET `url` over `connections` keep-alive connections for `duration` seconds at most.

    Stops at `max_requests` sent; raises LoadError when any answer is not `expect`.
    """
    return asyncio.run(_run(url, connections, duration, max_requests, expect))
