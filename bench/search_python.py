"""Where GET /api/v1/search spends its time above the SQL (a benchmark, not a test).

    EMBEDDED_POSTGRES_DIR=/tmp/pg uv run python bench/search_python.py [--calls 200]
    ... --profile tottime      # a cProfile of the same calls, its top functions
    ... --dump answers.json    # every kind's answer, to diff two checkouts
    ... --plans                # its statements as sent against inlined: the planning

On the archive bench/search.py --keep left (its database, test_conference; run that first).
Per bench kind: each call's time through django.test.Client, the time its statements took
on the database (cursor.execute, timed by a connection execute_wrapper), and the rest, the
Python around them (ours, Django's and the test client's). A trivial view (an empty JSON
answer at /api/v1/_trivial, through the same middleware) gives the floor the client and
the middleware cost on any call. Settings as bench/search.py's: no page cache, no search
cache, no rate limits, DEBUG off.
"""

import argparse
import cProfile
import gc
import json
import os
import pstats
import statistics
import time
from importlib import import_module

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path

from bench.search import KINDS, SEARCH_PATH, TRANSACTION_CONTROL, percentile, translit_name

TRIVIAL_PATH = "/api/v1/_trivial"


def trivial(request):
    return JsonResponse({})


# The site's URLconf behind one trivial view, so that it passes the same middleware.
urlpatterns = [path(TRIVIAL_PATH[1:], trivial), *import_module(settings.ROOT_URLCONF).urlpatterns]


class StatementClock:
    """An execute_wrapper adding up the seconds the database's statements took."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def replayed(client: Client, path: str, params: dict, calls: int) -> list[float]:
    """Milliseconds per replay of the call's statements, values inlined, as bench/search.py
    replays them (its "SQL" column: no prepared statement, a plan made for the values)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    statements = [
        q["sql"] for q in captured.captured_queries if q["sql"] not in TRANSACTION_CONTROL
    ]
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return times


def timed_calls(client: Client, path: str, params: dict, calls: int) -> tuple[list, list, list]:
    """Milliseconds per call: in all, on the database, and of this process's CPU (the
    Python's own time, which waiting for the database does not use: on a loaded machine,
    the wall clock's rest also counts the time the process waited for a core)."""
    clock = StatementClock()
    totals, database, cpu = [], [], []
    with connection.execute_wrapper(clock):
        for _ in range(calls):
            clock.seconds = 0.0
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, params)
            totals.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            database.append(clock.seconds * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    return totals, database, cpu


def kinds(names: list[str] | None) -> dict:
    chosen = {k: dict(v) for k, v in KINDS.items() if "_path" not in v}
    chosen["name (translit)"]["q"] = translit_name()
    return {k: v for k, v in chosen.items() if not names or k in names}


def report(client: Client, chosen: dict, calls: int) -> None:
    print(
        "| kind | call p50 ms | call p95 ms | its statements p50 ms | replayed p50 ms "
        "| rest p50 ms | rest p95 ms | CPU p50 ms | CPU p95 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = {"trivial view": ({}, TRIVIAL_PATH)} | {k: (v, SEARCH_PATH) for k, v in chosen.items()}
    pooled_rest, pooled_cpu = [], []
    for kind, (params, where) in rows.items():
        client.get(where, params)  # warm
        totals, database, cpu = timed_calls(client, where, params, calls)
        rest = [t - d for t, d in zip(totals, database, strict=True)]
        replay = replayed(client, where, params, calls) if database[0] else [0.0]
        if kind != "trivial view":
            pooled_rest += rest
            pooled_cpu += cpu
        print(
            f"| {kind} | {statistics.median(totals):.2f} | {percentile(totals, 0.95):.2f} "
            f"| {statistics.median(database):.2f} | {statistics.median(replay):.2f} "
            f"| {statistics.median(rest):.2f} | {percentile(rest, 0.95):.2f} "
            f"| {statistics.median(cpu):.2f} | {percentile(cpu, 0.95):.2f} |"
        )
    print(
        f"| **all searches** | | | | | {statistics.median(pooled_rest):.2f} "
        f"| {percentile(pooled_rest, 0.95):.2f} | {statistics.median(pooled_cpu):.2f} "
        f"| {percentile(pooled_cpu, 0.95):.2f} |"
    )


def profile(client: Client, chosen: dict, calls: int, order: str) -> None:
    for params in chosen.values():
        client.get(SEARCH_PATH, params)
    profiler = cProfile.Profile(time.process_time)  # CPU: the waits for the database drop out
    profiler.enable()
    for _ in range(calls):
        for params in chosen.values():
            client.get(SEARCH_PATH, params)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats(order)
    stats.print_stats(45)
    stats.print_callees("api.py.*search")


def plans(client: Client, chosen: dict, calls: int) -> None:
    """Per kind, its statements with their values as the API sends them (server-side
    binding, prepared after DATABASE_PREPARE_THRESHOLD runs) against the same text with
    the values inlined, which psycopg prepares too: PostgreSQL then reuses one plan made
    for the values, where the bound statement is planned again on every run (a custom
    plan; a generic one would not fold the query's tsquery). The difference is planning,
    which bench/search.py's "SQL" column (a replay of inlined text) leaves out; EXPLAIN's
    planning time says the same from the server's side."""
    print("| kind | as sent p50 ms | inlined p50 ms | planning ms (EXPLAIN) |")
    print("|---|---:|---:|---:|")
    for kind, params in chosen.items():
        caught = []

        def catch(execute, sql, values, many, context, caught=caught):
            if sql not in TRANSACTION_CONTROL:
                caught.append((sql, values))
            return execute(sql, values, many, context)

        with connection.execute_wrapper(catch):
            client.get(SEARCH_PATH, params)
        inlined = [(connection.ops.compose_sql(sql, values), None) for sql, values in caught]
        timings = []
        for statements in (caught, inlined):
            times = []
            with connection.cursor() as cursor:
                for _ in range(calls):
                    started = time.perf_counter()
                    for sql, values in statements:
                        cursor.execute(sql, values)
                        cursor.fetchall()
                    times.append((time.perf_counter() - started) * 1000)
            timings.append(statistics.median(times))
        planning = 0.0
        with connection.cursor() as cursor:
            for sql, _ in inlined:
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + sql)
                for (line,) in cursor.fetchall():
                    if line.startswith("Planning Time:"):
                        planning += float(line.split()[2])
        print(f"| {kind} | {timings[0]:.2f} | {timings[1]:.2f} | {planning:.2f} |")


def dump(client: Client, chosen: dict, where: str) -> None:
    answers = {}
    for kind, params in chosen.items():
        response = client.get(SEARCH_PATH, params)
        answers[kind] = {
            "status": response.status_code,
            "headers": sorted(
                (k, v) for k, v in response.headers.items() if k not in ("Content-Length",)
            ),
            "body": response.content.decode(),
        }
    with open(where, "w") as out:
        json.dump(answers, out, ensure_ascii=False, indent=1, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--kinds", nargs="*", help="bench/search.py's kind names; all by default")
    parser.add_argument("--profile", metavar="ORDER", help="cProfile, sorted: tottime, cumulative")
    parser.add_argument("--dump", metavar="FILE", help="write every kind's answer to FILE")
    parser.add_argument(
        "--plans", action="store_true", help="the statements as sent against inlined (planning)"
    )
    parser.add_argument(
        "--gc",
        choices=["on", "freeze", "off"],
        default="on",
        help="the cyclic garbage collector: as is, with what the set-up allocated frozen "
        "(gc.freeze(), as a server does after loading), or off: its share of the calls",
    )
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_CACHE_SECONDS = 0
    settings.RATE_LIMITS = {}
    connection.creation.create_test_db(verbosity=0, serialize=False, keepdb=True)
    client = Client()
    chosen = kinds(args.kinds)
    if args.gc == "freeze":
        gc.collect()
        gc.freeze()
    elif args.gc == "off":
        gc.disable()
    with override_settings(ROOT_URLCONF=__name__):
        if args.dump:
            dump(client, chosen, args.dump)
        elif args.plans:
            plans(client, chosen, args.calls)
        elif args.profile:
            profile(client, chosen, args.calls, args.profile)
        else:
            report(client, chosen, args.calls)


if __name__ == "__main__":
    main()
