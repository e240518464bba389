"""`manage.py demo` as a person runs it: the embedded PostgreSQL ends with the last run.

Each demo runs on a data folder of its own (EMBEDDED_POSTGRES_DIR) so that it does not
share the suite's server. In a pseudo-terminal, whose Ctrl-C the kernel turns into SIGINT
for the demo's process group: a run that crashes (SIGKILL) may leave the server behind;
the next run adopts it, and once that run ends with Ctrl-C no process of that data folder
may remain. Under `timeout` (SIGTERM), or when its terminal closes (SIGHUP), the same
holds whatever the demo was doing.
"""

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conference.test_serve import free_port
from tests.embedded import wait_until_none_use

ROOT = Path(__file__).resolve().parents[2]
SERVING = b"Quit the server with CONTROL-C."
CTRL_C = b"\x03"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL set: the embedded server is unused"
)

# Runs in the child before the demo: a session leader of its own (start_new_session)
# takes the pty as its controlling terminal, so that Ctrl-C written to the pty reaches
# its process group as SIGINT, then becomes the demo (the same process, so the same pid).
WITH_CONTROLLING_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


class Terminal:
    """`manage.py demo` running in a pseudo-terminal; what it wrote so far in `output`."""

    def __init__(self, env: dict[str, str]):
        self.primary, secondary = pty.openpty()
        self.output = b""
        self.addr = f"127.0.0.1:{free_port()}"
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-c", WITH_CONTROLLING_TERMINAL),
                *("manage.py", "demo", f"--addr={self.addr}"),
            ],
            cwd=ROOT,
            env=env,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            start_new_session=True,
        )
        os.close(secondary)

    def read_until(self, expected: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while expected not in self.output:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {expected!r} within {timeout} s:\n{self.text()}"
            if select.select([self.primary], [], [], min(remaining, 1))[0]:
                try:
                    self.output += os.read(self.primary, 65536)
                except OSError:  # EIO: the demo closed the terminal
                    assert expected in self.output, f"the demo ended:\n{self.text()}"

    def drain(self) -> None:
        """Read what is left, so that the demo never blocks on a full terminal."""
        while select.select([self.primary], [], [], 0)[0]:
            try:
                chunk = os.read(self.primary, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def type(self, keys: bytes) -> None:
        os.write(self.primary, keys)

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            assert time.monotonic() < deadline, f"still running after {timeout} s:\n{self.text()}"
            self.drain()
            time.sleep(0.1)
        self.drain()
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.primary)

    def text(self) -> str:
        return self.output.decode(errors="replace")


@pytest.fixture
def demo_environment(embedded_folder, tmp_path):
    """The demo's environment with its own embedded data folder and media folders."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_DEBUG="1",
        EMBEDDED_POSTGRES_DIR=str(embedded_folder),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
    )
    return env


def test_demo_after_a_crashed_run_stops_the_embedded_server_on_ctrl_c(demo_environment):
    data = Path(demo_environment["EMBEDDED_POSTGRES_DIR"]) / "data"

    crashed = Terminal(demo_environment)
    try:
        # A fresh folder: initdb, migrations and the whole sample archive.
        crashed.read_until(SERVING, timeout=240)
        crashed.process.send_signal(signal.SIGKILL)
        crashed.wait(timeout=30)
    finally:
        crashed.close()
    # The killed run could not clean up: its server may run on until the next run.

    interrupted = Terminal(demo_environment)
    try:
        interrupted.read_until(SERVING, timeout=180)
        missing = not_found_page(f"http://{interrupted.addr}/no-such-page/")
        picture = served_status(f"http://{interrupted.addr}", first_picture(interrupted.addr))
        interrupted.type(CTRL_C)
        returncode = interrupted.wait(timeout=60)
    finally:
        interrupted.close()
    left = wait_until_none_use(data, timeout=30)

    assert returncode == 0, interrupted.text()
    assert left == {}, interrupted.text()
    # The demo serves with DEBUG off: the site's own 404 page, not Django's debug page.
    assert "There is nothing at this address." in missing
    assert "Using the URLconf" not in missing
    # ... and still serves the sample's photos (its media), as runserver did with DEBUG on.
    assert picture == 200


def first_picture(addr: str) -> str:
    """The address of the first picture on the photo archive's page."""
    with urllib.request.urlopen(f"http://{addr}/photos/", timeout=30) as page:
        found = re.search(r'src="(/media/[^"]+)"', page.read().decode())
    assert found, "no picture on /photos/"
    return found.group(1)


def served_status(origin: str, path: str) -> int:
    with urllib.request.urlopen(origin + path, timeout=30) as response:  # noqa: S310 -- loopback
        return response.status


def not_found_page(url: str) -> str:
    """The body of the 404 page the server at `url` answers with."""
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url, timeout=30)  # noqa: S310 -- a loopback http URL of ours
    assert error.value.code == 404
    return error.value.read().decode()


# SIGTERM: what `timeout` and supervisors send; SIGHUP: the demo's terminal was closed.
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_demo_ended_by_a_signal_before_serving_stops_the_embedded_server(
    demo_environment, tmp_path, signum
):
    data = Path(demo_environment["EMBEDDED_POSTGRES_DIR"]) / "data"
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        demo = subprocess.Popen(
            [sys.executable, "manage.py", "demo", f"--addr=127.0.0.1:{free_port()}"],
            cwd=ROOT,
            env={**demo_environment, "PYTHONUNBUFFERED": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        # The server runs once the demo has begun migrating a fresh database.
        while not (data / "postmaster.pid").exists():
            assert demo.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        demo.send_signal(signum)
        returncode = demo.wait(timeout=60)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    left = wait_until_none_use(data, timeout=30)

    assert returncode == 0, log.read_text()
    assert "Applying migrations..." in log.read_text()
    assert "Site:" not in log.read_text()  # it never got as far as serving
    assert left == {}, log.read_text()
