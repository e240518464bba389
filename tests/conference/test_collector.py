"""The cycle collector runs between requests (conference/web/collector.py), not in them."""

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from conference.web.collector import CollectBetweenRequests

ROOT = Path(__file__).resolve().parents[2]


class Cyclic:
    """Garbage only the cycle collector frees: an object that refers to itself."""

    def __init__(self):
        self.me = self


@pytest.fixture
def collections():
    """The generation of every collection run while the test runs, in order."""
    seen = []

    def record(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def start_response(status, headers, exc_info=None):
    pass


def test_what_a_request_left_is_freed_before_the_next_one_runs():
    left = []

    def app(environ, start_response):
        if left:
            # The previous request's cycle, dropped when it ended, is gone already.
            environ["previous alive"] = left[-1]() is not None
        garbage = Cyclic()
        left.append(weakref.ref(garbage))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    collecting = CollectBetweenRequests(app)
    gc.disable()  # only the wrapper's collections may free it
    try:
        assert collecting({}, start_response) == [b"ok"]
        environ = {}
        assert collecting(environ, start_response) == [b"ok"]
    finally:
        gc.enable()
    assert environ["previous alive"] is False


def test_each_request_collects_the_young_and_now_and_then_the_older(collections):
    app = lambda environ, start: [b""]  # noqa: E731 -- a one-line WSGI app reads best inline
    collecting = CollectBetweenRequests(app, middle_every=3, oldest_every=7)
    for _ in range(14):
        collecting({}, start_response)

    assert collections == [0, 0, 1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 2]


def test_the_wsgi_application_collects_between_requests():
    # In a process of its own: importing conference.wsgi freezes the collector's objects.
    code = (
        "import conference.wsgi as w; from django.core.handlers.wsgi import WSGIHandler; "
        "print(type(w.application).__name__, isinstance(w.application.app, WSGIHandler))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert printed.split() == ["CollectBetweenRequests", "True"]
