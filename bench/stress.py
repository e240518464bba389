"""Stress run (not a test): a mixed visitor workload on the production server, on loopback.

    uv run python bench/stress.py                  # 20,000 talks, 50 clients, 60 s
    uv run python bench/stress.py --talks 2000 --clients 10 --duration 10 --no-page-cache

Builds the archive (bench/server.py: bench/archive.py plus a photo gallery) in a fresh
database that is destroyed at the end; serves it with `manage.py serve` (granian,
production settings, WEB_CONCURRENCY=2 workers x WEB_THREADS=1, the defaults of
docs/deploy.md for 2 cores) on 127.0.0.1 with the rate limits off (every client here is
one address) and the page cache at its default, or off with --no-page-cache. Then
--clients keep-alive clients each send request after request (closed loop) for
--duration seconds, after an uncounted warm-up: a weighted mix of what visitors do
(WORKLOAD), random but seeded by --seed, so two runs send the same requests. Without
--think the clients never pause (a saturation test: each waits only for the server);
--think 2 gives visitors who read a page for two seconds on average.

Prints total requests, requests per second, p50/p95/p99 overall and per request kind, and
the errors by kind (statuses outside 2xx/3xx, timeouts, connection errors) with the first
samples and the server's log lines. Exits 1 when there was any error. Bounded: --duration
plus the warm-up, at most --max-requests requests, --timeout per request; loopback only;
the server is stopped in a finally block (its own process group).
"""

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings

from bench import loadgen, server
from bench.stress_workload import WORKLOAD, Plan, build_plan
from conference.models import Edition

BENCH_DATABASE = "bench_stress"
WORKERS, THREADS = 2, 1  # docs/deploy.md: one worker per core, one thread each
TARGET_P99_MS = 250
ERROR_SAMPLES = 8


@dataclass
class Tally:
    """What the clients measured: latencies per kind, errors per kind, samples of errors."""

    sent: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)  # (request kind, error kind) -> count
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def error(self, kind: str, error: str, path: str) -> None:
        self.errors[(kind, error)] += 1
        if len(self.samples) < ERROR_SAMPLES:
            self.samples.append(f"{error}: GET {path} ({kind})")


async def client(target, plan, rng, deadline, args, tally) -> None:
    """One visitor on one keep-alive connection: request after request until time or budget.

    With --think, the visitor reads each page for a random while (exponential, that mean)
    before the next request; without it the loop is closed, as wrk's is: the server never
    rests, and latency is the clients' count over the throughput.
    """
    host, port, netloc = target
    kinds = list(WORKLOAD)
    weights = [WORKLOAD[kind][0] for kind in kinds]
    reader = writer = None
    try:
        while time.perf_counter() < deadline and tally.sent < args.max_requests:
            kind = rng.choices(kinds, weights)[0]
            path = WORKLOAD[kind][1](plan, rng)
            tally.sent += 1
            if writer is None:
                try:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(host, port), args.timeout
                    )
                except (OSError, TimeoutError) as error:
                    tally.error(kind, f"connection error ({type(error).__name__})", path)
                    await asyncio.sleep(0.1)  # no busy loop against a server that is down
                    continue
            started = time.perf_counter()
            writer.write(loadgen.request_bytes(netloc, path))
            try:
                status, keep = await asyncio.wait_for(loadgen.read_response(reader), args.timeout)
            except TimeoutError:
                tally.error(kind, f"timeout (>{args.timeout:g} s)", path)
                keep = False
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError) as error:
                tally.error(kind, f"connection error ({type(error).__name__})", path)
                keep = False
            else:
                tally.latencies[kind].append((time.perf_counter() - started) * 1000)
                if not 200 <= status < 400:
                    tally.error(kind, f"HTTP {status}", path)
            if not keep:
                writer.close()
                writer = None
            if args.think:
                pause = min(rng.expovariate(1 / args.think), deadline - time.perf_counter())
                await asyncio.sleep(max(0.0, pause))
    finally:
        if writer is not None:
            writer.close()


def run_load(url: str, plan: Plan, args, *, seconds: float, seed: str) -> Tally:
    """--clients clients for `seconds`, each with its own generator seeded from `seed`."""
    host, port = loadgen.loopback_target(url)
    target = (host, port, f"{host}:{port}")
    tally = Tally()

    async def everyone():
        deadline = time.perf_counter() + seconds
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    client(
                        target,
                        plan,
                        random.Random(f"{seed}-{number}"),
                        deadline,
                        args,
                        tally,
                    )
                    for number in range(args.clients)
                )
            ),
            timeout=seconds + args.timeout + 30,  # a hung server cannot hold the run forever
        )

    started = time.perf_counter()
    asyncio.run(everyone())
    tally.seconds = time.perf_counter() - started
    return tally


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(tally: Tally, warmup: Tally, log_lines: list[str]) -> int:
    """Print the figures; return the number of errors (warm-up included)."""
    every = [latency for latencies in tally.latencies.values() for latency in latencies]
    answered = len(every)
    errors = sum(tally.errors.values())
    error_by_kind = Counter()
    for (kind, _), count in tally.errors.items():
        error_by_kind[kind] += count
    print(
        f"\n{tally.sent:,} requests in {tally.seconds:.1f} s: "
        f"{tally.sent / tally.seconds:,.0f} req/s; {answered:,} answered, {errors:,} errors"
    )
    if every:
        p99 = percentile(every, 0.99)
        print(
            f"latency: p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
            f"p99 {p99:.1f} ms (target: under {TARGET_P99_MS} ms, zero errors: "
            f"{'met' if p99 < TARGET_P99_MS and not errors else 'NOT met'})"
        )
    print("\n| kind | requests | share | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in sorted(WORKLOAD, key=lambda k: -len(tally.latencies.get(k, ()))):
        latencies = tally.latencies.get(kind, [])
        if not latencies and not error_by_kind[kind]:
            continue
        figures = (
            " | ".join(
                f"{value:.1f}"
                for value in (
                    percentile(latencies, 0.5),
                    percentile(latencies, 0.95),
                    percentile(latencies, 0.99),
                    max(latencies),
                )
            )
            if latencies
            else "- | - | - | -"
        )
        share = len(latencies) / answered if answered else 0
        print(f"| {kind} | {len(latencies):,} | {share:.0%} | {figures} | {error_by_kind[kind]} |")
    warmup_errors = sum(warmup.errors.values())
    if errors or warmup_errors:
        print("\nerrors by kind:")
        for (kind, error), count in sorted(tally.errors.items()):
            print(f"  {kind}: {error} x {count}")
        if warmup_errors:
            print(f"  during the warm-up: {warmup_errors}")
        print("first samples:")
        for sample in tally.samples or warmup.samples:
            print(f"  {sample}")
    if log_lines:
        print(f"\nserver log ({len(log_lines)} lines), first lines:")
        for line in log_lines[:20]:
            print(f"  {line}")
    return errors + warmup_errors


def parse_args() -> argparse.Namespace:
    """The command line, checked against the run's bounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of uncounted load")
    parser.add_argument("--max-requests", type=int, default=200_000, help="hard cap, per phase")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a client pauses between requests (default 0: a closed loop)",
    )
    parser.add_argument("--no-page-cache", action="store_true", help="PAGE_CACHE_SECONDS=0")
    parser.add_argument("--workers", type=int, default=WORKERS, help="WEB_CONCURRENCY")
    parser.add_argument("--threads", type=int, default=THREADS, help="WEB_THREADS")
    args = parser.parse_args()
    if not 100 <= args.talks <= 200_000:
        parser.error("--talks must be 100..200,000")
    if not 1 <= args.clients <= 500 or not 1 <= args.duration <= 600:
        parser.error("--clients must be 1..500 and --duration 1..600 seconds")
    if not 0 <= args.warmup <= 60 or not 0.1 <= args.timeout <= 60:
        parser.error("--warmup must be 0..60 seconds and --timeout 0.1..60")
    if not 0 <= args.think <= 60:
        parser.error("--think must be 0..60 seconds")
    if not 1 <= args.max_requests <= 2_000_000:
        parser.error("--max-requests must be 1..2,000,000")
    return args


def main() -> None:
    args = parse_args()
    with server.archive_database(
        BENCH_DATABASE, talks=args.talks, speakers=args.talks * 2 // 5
    ) as built:
        edition = Edition.objects.published().order_by("-start_date").first()
        plan = build_plan(server.add_gallery(edition))
        db_url = server.current_database_url()
        cache = (
            "off (--no-page-cache, PAGE_CACHE_SECONDS=0)"
            if args.no_page_cache
            else f"default ({settings.PAGE_CACHE_SECONDS} s, per worker, "
            f"{settings.CACHES['pages'].get('OPTIONS', {}).get('MAX_ENTRIES', '-')} pages)"
        )
        print(
            f"# Stress: {built['talks']:,} talks, {built['speakers']:,} speakers, "
            f"{built['editions']} editions (built in {built['seconds']:.0f} s)\n"
            f"server: manage.py serve (granian), {args.workers} workers x {args.threads} threads, "
            f"production settings, rate limits off, page cache {cache}\n"
            f"load: {args.clients} clients, {args.duration:g} s after a {args.warmup:g} s "
            f"warm-up, seed {args.seed}, "
            f"{f'{args.think:g} s mean think time' if args.think else 'no think time'}, "
            f"at most {args.max_requests:,} requests; "
            f"{os.cpu_count()} cores shared with the load generator, load average "
            f"{os.getloadavg()[0]:.1f} before the run",
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="bench-stress-") as folder:
            port = server.free_port()
            log = Path(folder) / "serve.log"
            environment = server.server_environment(
                db_url,
                Path(folder) / "static",
                page_cache=not args.no_page_cache,
                RATE_LIMIT_SUGGEST_PER_MINUTE="0",
                WEB_CONCURRENCY=str(args.workers),
                WEB_THREADS=str(args.threads),
            )
            if not args.no_page_cache:
                environment.pop("PAGE_CACHE_SECONDS")  # the default, as in production
            with server.serving(port, environment, log):
                url = f"http://127.0.0.1:{port}/"
                warmup = (
                    run_load(url, plan, args, seconds=args.warmup, seed=f"warmup-{args.seed}")
                    if args.warmup
                    else Tally()
                )
                tally = run_load(url, plan, args, seconds=args.duration, seed=str(args.seed))
            log_lines = [
                line
                for line in log.read_text(errors="replace").splitlines()
                if line.strip() and not line.startswith("Serving http")
            ]
        errors = report(tally, warmup, log_lines)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
