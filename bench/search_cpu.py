"""CPU per search kind, for comparing two checkouts on a shared machine (not a test).

    export EMBEDDED_POSTGRES_DIR=D   # a kept bench archive (bench/search.py --keep)
    uv run python bench/search_cpu.py main 15 --checkout /tmp/main-worktree
    uv run python bench/search_cpu.py branch 15
    uv run python bench/search_cpu.py branch 15 "topic page" "page 5"   # some kinds only

For each of bench/search.py's kinds (or those named) it captures the statements the view
runs, then `repeat` times: the API call, timed in this process's CPU (time.process_time),
and a replay of those statements, timed in the CPU of the connection's database backend
(/proc/PID/schedstat), which waiting for a core on a busy machine does not inflate as it
does wall time. Prints p50 / p95 of both, and the call's wall time, a row per kind, on
database test_conference. Run main's checkout and the branch's in turn, more than once.
"""

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path


def on_cpu(pid: int) -> float:
    """Milliseconds the process `pid` has spent on a CPU."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label")
    parser.add_argument("repeat", type=int)
    parser.add_argument("kinds", nargs="*")
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    # The checkout's code, not this file's (run as a script, its folder leads sys.path);
    # its bench/search.py then takes its bench/ off the path again (bench/_repo_first.py).
    here = Path(__file__).resolve().parent
    sys.path[:] = [str(args.checkout), str(args.checkout / "bench")] + [
        entry for entry in sys.path if Path(entry or ".").resolve() != here
    ]
    search = importlib.import_module("bench.search")  # sets Django up, before its imports
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    connection.settings_dict["NAME"] = "test_conference"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = settings.SEARCH_CACHE_SECONDS = 0
    settings.RATE_LIMITS = {}
    search.KINDS["name (translit)"]["q"] = search.translit_name()
    client = Client()
    for kind in args.kinds or list(search.KINDS):
        params = dict(search.KINDS[kind])
        path = params.pop("_path", search.SEARCH_PATH)
        client.get(path, params)  # warm caches and plans
        with CaptureQueriesContext(connection) as captured:
            client.get(path, params)
        statements = [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"] not in search.TRANSACTION_CONTROL
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        python, backend, wall = [], [], []
        for _ in range(args.repeat):
            cpu, started = time.process_time(), time.perf_counter()
            client.get(path, params)
            python.append((time.process_time() - cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            before = on_cpu(pid)
            with transaction.atomic(), connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
            backend.append(on_cpu(pid) - before)
        row = [
            f"{statistics.median(values):.2f} / {search.percentile(values, 0.95):.2f}"
            for values in (wall, python, backend)
        ]
        print(f"| {args.label} | {kind} | " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
