"""Fixtures shared by the whole suite."""

import sys

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from conference.groups import ORGANISERS


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Keep uploads of every test in its own temporary folders, public and private."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private-media", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """The suite searches far more often than a visitor may; tests of the limits
    (tests/conference/test_ratelimit.py) set their own."""
    settings.RATE_LIMITS = {}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages rendered afresh, and no version query added to the counts other tests pin;
    tests/conference/test_page_cache.py turns the page cache on (and
    tests/talks/test_search_cache.py the search's)."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_CACHE_SECONDS = 0
    settings.SEARCH_WORD_MEMO = 0  # the typo correction's (tests/talks/test_typo_memo.py)


@pytest.fixture(autouse=True)
def no_dump_rebuilds(settings):
    """No rebuild of the public data dump queued after each write of a test, nor its
    queries counted; tests/conference/dump/test_tasks.py turns it on."""
    settings.DUMP = {**settings.DUMP, "REBUILD_ON_CHANGE": False}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request in Russian leaves Russian
    active on the thread (LocaleMiddleware does not switch it back), which a later test
    rendering a template outside a request would otherwise inherit."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def organiser_client(client):
    """A client signed in as a member of the Organisers group."""
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(groups=[ORGANISERS]))
    return client


# Socket events (sys.audit) seen while `network_events` records. An audit hook cannot be
# removed, so one is added, the first time a test asks, and records only during such tests.
_network_events: list[str] | None = None
_audit_hook_added = False


def _audit(event: str, args) -> None:
    if _network_events is not None and event.startswith("socket."):
        _network_events.append(event)


@pytest.fixture
def network_events():
    """The socket operations (DNS queries, connections, ...) run during the test, by name."""
    global _network_events, _audit_hook_added
    if not _audit_hook_added:
        sys.addaudithook(_audit)
        _audit_hook_added = True
    _network_events = []
    yield _network_events
    _network_events = None


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated rows (content types, permissions, the
    staff groups) by serialized rollback. One without it is followed by a flush that makes
    content types and permissions again under new ids and leaves the groups out; a later
    serialized test then fails restoring its rows, and staff lose their groups."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(pytest.mark.django_db(**marker.kwargs, serialized_rollback=True))


@pytest.fixture(scope="session", autouse=True)
def serialized_rows_on_every_connection(django_db_setup):
    """Keep the migrated rows a serialized rollback restores within reach of every
    connection object, not only the one the test database was made with.

    Django keeps them on that connection object (`_test_serialized_contents`), and
    Playwright's sync API runs tests in greenlets whose context gets a connection object of
    its own: from the first browser test on, transactional tests silently skipped the
    restore, their flush dropped the staff groups, and a later live-server test found an
    organiser without permissions. Setting it on the class reaches every such object.
    """
    from django.db import connections

    wrapper = connections["default"]
    contents = getattr(wrapper, "_test_serialized_contents", None)
    if contents is not None:
        type(wrapper)._test_serialized_contents = contents


# Autovacuum off for the test database's own tables (tables and their TOAST alike).
AUTOVACUUM_OFF = """
DO $$
DECLARE name regclass;
BEGIN
    FOR name IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r' AND n.nspname = current_schema() LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false,'
                       ' toast.autovacuum_enabled = false)', name);
    END LOOP;
END $$"""


@pytest.fixture(scope="session", autouse=True)
def no_autovacuum_in_the_test_database(django_db_setup, django_db_blocker):
    """Tests write inside transactions that roll back, so a vacuum in the middle of a test
    sees only dead rows and records each table as empty while the test's own rows are
    there. The planner then chose nested loops over every row of those tables: a static
    export of the sample archive took minutes a test instead of seconds (0.8 s a talk
    page). The suite's tables are small; PostgreSQL prunes their dead rows as it reads
    their pages, so it needs no vacuum to keep them usable."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(AUTOVACUUM_OFF)
