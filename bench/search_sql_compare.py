"""The SQL of two checkouts' searches, replayed alternately on one archive (not a test).

    # the archive: EMBEDDED_POSTGRES_DIR=D uv run python bench/search.py --sizes 20000 --keep
    export EMBEDDED_POSTGRES_DIR=D
    uv run python bench/search_sql_compare.py capture main.json --checkout ../main
    uv run python bench/search_sql_compare.py capture branch.json
    uv run python bench/search_sql_compare.py replay main.json branch.json

`capture` runs bench/search.py's search kinds once through the API of a checkout (this one,
or --checkout's code on this one's environment), with no page or search cache, on the
database bench/search.py --keep left (test_conference), and writes the statements each
ran (the second call of each kind: the typo memo's look-ups already remembered), with
their values inlined and, under "bound", as sent. `replay --bound` runs them as the API
sends them, each unprepared: planned on every run, as the API's search statements are
(archive_search_query's COST keeps them on custom plans), so that planning is counted,
which the inlined replay (prepared after a few runs, one plan reused) leaves out.
`replay --prepared` sends them as the API does, values apart and prepared by psycopg after
DATABASE_PREPARE_THRESHOLD runs: PostgreSQL's choice of custom or generic plan counted
(talks/search_generic.py's statement, planned once, against one planned on every run).
`replay` runs two captures' statements kind by kind, one after the other, --repeat
times each, in one process: on a shared machine the load then weighs on both alike, which
two bench runs minutes apart do not give. Prints p50/p95 ms per kind and the ratio.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DATABASE = "test_conference"


def setup(checkout: Path) -> None:
    """Django on `checkout`'s code: it first on the path, no bench/ folder before the
    standard library (bench/http.py would shadow http), its bench/ last (bench/search.py
    imports _repo_first from there)."""
    here = Path(__file__).resolve().parent
    kept = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    sys.path[:] = [str(checkout), *kept, str(checkout / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = DATABASE
    connection.close()


def capture(out: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import search

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_CACHE_SECONDS = 0
    settings.RATE_LIMITS = {}
    search.KINDS["name (translit)"]["q"] = search.translit_name()
    client, statements, bound = Client(), {}, {}
    for kind, params in search.KINDS.items():
        if "_path" in params:
            continue
        client.get(search.SEARCH_PATH, params)
        sent = []

        def catch(execute, sql, values, many, context, sent=sent):
            if sql not in search.TRANSACTION_CONTROL:
                sent.append((sql, list(values or ())))
            return execute(sql, values, many, context)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(catch):
            client.get(search.SEARCH_PATH, params)
        statements[kind] = [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"] not in search.TRANSACTION_CONTROL
        ]
        bound[kind] = sent
    statements["bound"] = bound
    Path(out).write_text(json.dumps(statements, ensure_ascii=False), encoding="utf-8")


def run(statements: list, prepare: bool | None = False) -> float:
    """Milliseconds for one run of `statements`: inlined texts, or (text, values) pairs
    sent as the API sends them, unprepared (planned on each run), or with `prepare` None
    prepared as the API's are (psycopg's threshold)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            if isinstance(statement, str):
                cursor.execute(statement)  # parameters inlined by the capture
            else:
                sql, values = statement
                cursor.cursor.execute(sql, values, prepare=prepare)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def p95(values: list[float]) -> float:
    return sorted(values)[round(0.95 * (len(values) - 1))]


def replay(first: str, second: str, repeat: int, bound: bool, prepared: bool = False) -> None:
    a = json.loads(Path(first).read_text(encoding="utf-8"))
    b = json.loads(Path(second).read_text(encoding="utf-8"))
    prepare = None if prepared else False
    if bound or prepared:
        a, b = a["bound"], b["bound"]
    else:
        a.pop("bound", None)
        b.pop("bound", None)
    print(f"| kind | {first} p50 / p95 ms | {second} p50 / p95 ms | p50 ratio |")
    print("|---|---:|---:|---:|")
    all_a, all_b = [], []
    for kind in a:
        for _ in range(8 if prepared else 1):  # prepared, and past PostgreSQL's 5 custom plans
            run(a[kind], prepare)
            run(b[kind], prepare)
        times_a, times_b = [], []
        for _ in range(repeat):
            times_a.append(run(a[kind], prepare))
            times_b.append(run(b[kind], prepare))
        all_a += times_a
        all_b += times_b
        row(kind, times_a, times_b)
    row("**all kinds**", all_a, all_b)


def row(kind: str, times_a: list[float], times_b: list[float]) -> None:
    median_a, median_b = statistics.median(times_a), statistics.median(times_b)
    print(
        f"| {kind} | {median_a:.1f} / {p95(times_a):.1f} | {median_b:.1f} / {p95(times_b):.1f}"
        f" | {median_b / median_a:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["capture", "replay"])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument(
        "--bound", action="store_true", help="replay as sent, unprepared: planning counted"
    )
    parser.add_argument(
        "--prepared", action="store_true", help="replay as sent, prepared as the API's are"
    )
    args = parser.parse_args()
    setup(args.checkout.resolve())
    if args.command == "capture":
        capture(args.files[0])
    else:
        replay(args.files[0], args.files[1], args.repeat, args.bound, args.prepared)


if __name__ == "__main__":
    main()
