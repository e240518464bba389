"""The real schedule exports beside the checkout (../shared/schedules): the tests that
import them, and the one that validates our frab export against their XSD, get them here.

Outside CI a missing file skips such a test, so that a checkout on its own still runs the
suite; in CI (CI=true, as CI services set it) it fails, so that these tests cannot stop
running unnoticed.
"""

import os
from pathlib import Path

import pytest

# The checkout (this file's grandparent) lives next to shared/.
SHARED_SCHEDULES = Path(__file__).resolve().parents[1].parent / "shared" / "schedules"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def shared_schedule(name: str, *, folder: Path = SHARED_SCHEDULES) -> Path:
    """The path of `name` in `folder`; skips the calling test when it is missing, or in CI
    fails it."""
    path = folder / name
    if path.is_file():
        return path
    message = f"{path} is not there"
    if in_ci():
        pytest.fail(f"{message}; in CI (CI=true) the real schedules must be present.")
    pytest.skip(message)
