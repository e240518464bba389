"""Before and after in one run (not a test): a benchmark on an older commit and on this tree.

    uv run python bench/compare.py --before 05a30e7             # bench/http.py, 2 rounds
    uv run python bench/compare.py --before 05a30e7 --rounds 1 -- --talks 2000 --duration 2
    uv run python bench/compare.py --before 05a30e7 --bench search -- --sizes 20000

Figures of two bench/http.py runs an hour apart do not compare on a shared, noisy machine
(session 6's ceiling measured 27% under session 5's). This checks the older commit out in a
temporary git worktree (its own virtualenv through `uv run`, the pretalx reference shared
through .bench-cache), then runs the two trees' own benchmark one after the other,
before, after, before, after..., each on the same archive its builder makes from the same
seed, and prints the median over the rounds side by side: for bench/http.py each page's
requests a second, share of that run's ceiling (the trivial view) and multiple of pretalx's
talk page; for bench/search.py each query kind's API p50 and p95.

Arguments after `--` go to both trees' runs. Bounded: each round is two runs of the
benchmark (a few minutes each at the defaults); the worktree is removed in a finally block.
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# A row of bench/http.py's table: | page | cache | req/s | p50 | p99 | of ceiling | x pretalx |
ROW = re.compile(
    r"^\| (?P<page>[^|]+?) \| (?P<cache>on|off|-) \| (?P<rps>[\d,]+) \|[^|]*\|[^|]*\|"
    r" (?P<ceiling>[\d]+%|-) \| (?P<pretalx>[\d.]+|-) \|$"
)

# A row of bench/search.py's table: | kind | `query` | matches | API p50 | API p95 | ...
SEARCH_ROW = re.compile(
    r"^\| (?P<kind>[^|]+?) \|[^|]*\|[\d, ]*\| (?P<p50>[\d.]+) \| (?P<p95>[\d.]+) \|"
)


def http_row(line: str) -> tuple[tuple[str, str], dict] | None:
    """(page, cache) and the figures of a row of bench/http.py's table, or None."""
    if not (match := ROW.match(line)):
        return None
    return (match["page"], match["cache"]), {
        "rps": float(match["rps"].replace(",", "")),
        "ceiling": float(match["ceiling"][:-1]) if match["ceiling"] != "-" else None,
        "pretalx": float(match["pretalx"]) if match["pretalx"] != "-" else None,
    }


def search_row(line: str) -> tuple[tuple[str, str], dict] | None:
    """(kind, "") and the API p50 and p95 of a row of bench/search.py's table, or None."""
    if not (match := SEARCH_ROW.match(line)):
        return None
    return (match["kind"].strip("* "), ""), {"p50": float(match["p50"]), "p95": float(match["p95"])}


def run(tree: Path, bench: str, extra: list[str]) -> dict[tuple[str, str], dict]:
    """One run of bench/<bench>.py in `tree`: {row key: {figure: value}}."""
    command = ["uv", "run", "--quiet", "python", f"bench/{bench}.py", *extra]
    print(f"# {tree}: {' '.join(command)}", file=sys.stderr, flush=True)
    finished = subprocess.run(  # noqa: S603 -- our own command with the caller's arguments
        command, cwd=tree, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise SystemExit(f"bench/{bench}.py failed in {tree}:\n{finished.stderr[-3000:]}")
    parse = http_row if bench == "http" else search_row
    rows = dict(filter(None, (parse(line.strip()) for line in finished.stdout.splitlines())))
    if not rows:
        raise SystemExit(f"no table in bench/{bench}.py's output in {tree}:\n{finished.stdout}")
    return rows


def median_of(runs: list[dict], key: tuple[str, str], field: str) -> float | None:
    values = [run[key][field] for run in runs if key in run and run[key][field] is not None]
    return statistics.median(values) if values else None


def show(value: float | None, form: str, unit: str) -> str:
    return "-" if value is None else format(value, form) + unit


# Per benchmark: the headings of a row's key, the figures shown (name, heading, format,
# unit) each as before and now, and the figure whose ratio now / before follows its pair.
TABLES = {
    "http": (
        ("page", "page cache"),
        (
            ("rps", "req/s", ",.0f", ""),
            ("ceiling", "of ceiling", ".0f", "%"),
            ("pretalx", "x pretalx", ".1f", ""),
        ),
        "rps",
    ),
    "search": (
        ("query kind",),
        (("p50", "API p50 ms", ".1f", ""), ("p95", "API p95 ms", ".1f", "")),
        "p95",
    ),
}


def print_table(bench: str, before_ref: str, before: list[dict], after: list[dict]) -> None:
    """One row per key of the after runs: each figure's median before and now."""
    key_headings, figures, ratio_of = TABLES[bench]
    headings = list(key_headings)
    for name, heading, _, _ in figures:
        headings += [f"{heading} {before_ref}", f"{heading} now"]
        if name == ratio_of:
            headings.append(f"{heading} now / before")
    aligned = "---:|" * (len(headings) - len(key_headings))
    print(f"\n| {' | '.join(headings)} |\n|{'---|' * len(key_headings)}{aligned}")
    for key in after[0]:
        cells = list(key[: len(key_headings)])
        for name, _, form, unit in figures:
            old, new = median_of(before, key, name), median_of(after, key, name)
            cells += [show(old, form, unit), show(new, form, unit)]
            if name == ratio_of:
                cells.append(show(new / old if old and new else None, ".2f", ""))
        print(f"| {' | '.join(cells)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--bench", choices=("http", "search"), default="http")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("bench_args", nargs="*", help="after --: arguments for the benchmark")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 5:
        parser.error("--rounds must be 1..5")
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as folder:
        tree = Path(folder) / "before"
        add = ["git", "worktree", "add", "--detach", "--quiet", str(tree), args.before]
        subprocess.run(add, cwd=REPO, check=True)  # noqa: S603 -- git with the caller's commit, no shell
        try:
            # The pretalx reference (its own virtualenv and event) is built once, not per tree.
            cache = REPO / ".bench-cache"
            if cache.exists():
                (tree / ".bench-cache").symlink_to(cache)
            before, after = [], []
            for _ in range(args.rounds):
                before.append(run(tree, args.bench, args.bench_args))
                after.append(run(REPO, args.bench, args.bench_args))
        finally:
            remove = ["git", "worktree", "remove", "--force", str(tree)]
            subprocess.run(remove, cwd=REPO, check=False)  # noqa: S603 -- our own command
    rounds = f"median of {args.rounds} round(s)"
    print(f"# bench/{args.bench}.py, {args.before} against this tree, {rounds}")
    print_table(args.bench, args.before, before, after)


if __name__ == "__main__":
    main()
