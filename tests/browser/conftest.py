"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright cannot download its own browsers on these machines, so it launches
/usr/bin/chromium (CHROMIUM_PATH to override). Outside CI the browser tests skip when
no browser is installed; with REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that the test process knows what it does.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no internet: keep Chromium from dialling Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(
                "REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)"
            )
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    """A fresh browser context per test, collecting console errors and CSP violations.

    Live-server tests commit for real and the database is flushed after each; serialized
    rollback restores what the migrations created (the staff groups) for later tests.
    """
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    context.close()
