"""The export manifest's read and write, an older write.py against the current (not a test).

    git show 1d7d33c:conference/static_export/write.py > /tmp/old_write.py
    uv run python bench/static_manifest.py DIR /tmp/old_write.py [--rounds 3]

DIR is an exported folder whose manifest the older module reads (e.g. bench/static_kept.py's
DIR/site before a run of the current code). Each round, alternating: the older module's
Manifest.load and save, then the current one's, each into a scratch folder; prints the CPU
ms of each (this process's: steadier than wall time on a shared machine), the file sizes,
and whether both read back the same manifest.
"""

import argparse
import importlib.util
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

from conference.static_export import write as current


def cpu_ms(function) -> tuple[float, object]:
    started = time.process_time()
    result = function()
    return (time.process_time() - started) * 1000, result


def same(one, other) -> bool:
    return (one.version, one.base_url, one.outputs, sorted(one.media)) == (
        other.version,
        other.base_url,
        other.outputs,
        sorted(other.media),
    ) and {key: asdict(value) for key, value in one.pages.items()} == {
        key: asdict(value) for key, value in other.pages.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("old", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("old_write", args.old)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    source = old.Manifest.load(args.dir)
    if not source.pages:
        raise SystemExit(f"{args.dir}: no manifest the older module reads")
    with tempfile.TemporaryDirectory() as scratch:
        folders = {"old": Path(scratch) / "old", "new": Path(scratch) / "new"}
        for folder in folders.values():
            folder.mkdir()
        old.Manifest.save(source, folders["old"])
        current.Manifest.save(source, folders["new"])
        modules = {"old": old, "new": current}
        print("| round | module | load CPU ms | save CPU ms | bytes |\n|---|---|---:|---:|---:|")
        for number in range(args.rounds):
            for name in ("old", "new") if number % 2 == 0 else ("new", "old"):
                module, folder = modules[name], folders[name]
                load, manifest = cpu_ms(
                    lambda module=module, folder=folder: module.Manifest.load(folder)
                )
                save, _ = cpu_ms(lambda manifest=manifest, folder=folder: manifest.save(folder))
                size = sum(path.stat().st_size for path in folder.iterdir())
                print(f"| {number + 1} | {name} | {load:.0f} | {save:.0f} | {size:,} |", flush=True)
        read_back = current.Manifest.load(folders["new"])
        print("same manifest read back:", same(source, read_back))


if __name__ == "__main__":
    sys.exit(main())
