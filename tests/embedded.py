"""Processes of an embedded PostgreSQL data folder, seen the way `ps` sees them."""

import contextlib
import os
import signal
import time
from pathlib import Path


def processes_using(folder: Path) -> dict[int, str]:
    """Processes whose command line names `folder` (PostgreSQL's postmaster: `-D folder`)."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if any(str(folder).encode() in argument for argument in arguments):
            found[int(cmdline.parent.name)] = b" ".join(arguments).decode(errors="replace")
    return found


def wait_until_none_use(folder: Path, timeout: float) -> dict[int, str]:
    """Those still using `folder` after `timeout` seconds (none, as soon as none are)."""
    deadline = time.monotonic() + timeout
    while (left := processes_using(folder)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def stop_leftovers(folder: Path) -> None:
    """Stop ("fast" shutdown) whatever a failed test left running on `folder`."""
    for pid in processes_using(folder):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
    wait_until_none_use(folder, timeout=30)
