"""Fixtures of the conference app's tests."""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.embedded import stop_leftovers


@pytest.fixture
def embedded_folder():
    """An EMBEDDED_POSTGRES_DIR of the test's own, for processes the test starts; a server
    a failed test left in it is stopped rather than left to run on.

    Not pytest's tmp_path: as root the server runs as another user, and every pytest
    session that starts (other checkouts' too) closes /tmp/pytest-of-root to others again,
    which makes a running server fail (PANIC: pg_control permission denied).
    """
    folder = Path(tempfile.mkdtemp(prefix="embedded-pg-")) / "pg"
    yield folder
    stop_leftovers(folder)
    shutil.rmtree(folder.parent, ignore_errors=True)
