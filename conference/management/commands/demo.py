"""`manage.py demo`: a development archive in one command."""

import contextlib
import signal
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.urls import get_resolver

from conference.dump.build import build, publish
from conference.sample import load_sample_archive
from conference.sample.accounts import ensure_demo_admin

DEFAULT_ADDR = "127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Migrate the database, load the sample archive, create the admin login and serve "
        "the site. Safe to run again: it updates the sample instead of duplicating it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--addr",
            default=DEFAULT_ADDR,
            help=f"HOST:PORT to serve on (default {DEFAULT_ADDR}); a bare PORT means 127.0.0.1.",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare the database and the login, then exit instead of serving.",
        )

    def handle(self, *args, addr, no_serve, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo is for development only: it sets a superuser password and serves with "
                "runserver. It refuses to run with DJANGO_DEBUG off."
            )
        addr = full_addr(addr)
        with exiting_on_termination_signals():
            self.prepare(verbosity=verbosity, url=f"http://{addr}/")
            if not no_serve:
                with serving_settings(addr):
                    call_command("runserver", addr, use_reloader=False)

    def prepare(self, *, verbosity: int, url: str) -> None:
        """Migrate, load the sample archive, publish its data dump, create the login and
        print it."""
        self.stdout.write("Applying migrations...")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write("Loading the sample archive...")
        load_sample_archive(stdout=self.stdout)
        # Its talks' related talks, which the site leaves to a background task.
        call_command("refresh_related", verbosity=max(verbosity - 1, 0))
        # The footer's data dump link answers from the start (rebuilt after each change).
        self.stdout.write("Building the public data dump...")
        publish(build(base_url=url))
        username, password = ensure_demo_admin()

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Site:     {url}"))
        self.stdout.write(self.style.SUCCESS(f"Admin:    {url}admin/"))
        self.stdout.write(self.style.SUCCESS(f"Username: {username}"))
        self.stdout.write(self.style.SUCCESS(f"Password: {password}"))
        self.stdout.write("")


# Addresses that listen on every interface: visitors reach them by any name.
EVERY_INTERFACE = {"0.0.0.0", "::"}  # noqa: S104 -- compared with, not bound to


def serving_settings(addr: str) -> override_settings:
    """The settings the demo serves with: DEBUG off, the host it serves allowed.

    A visitor of the demo sees what a visitor of the site would: its own 404 and 500
    pages, not Django's debug pages, which list every URL pattern and a traceback's
    locals. Everything else stays as DEBUG set it when the settings loaded: whitenoise
    serves the static files from the apps (WHITENOISE_USE_FINDERS), no HTTPS is required,
    and the embedded PostgreSQL serves the data. The URLconf is loaded first, while DEBUG
    is still on, because only then does it serve MEDIA_ROOT (conference.web.media), and the
    demo has no other server for its photos. override_settings is Django's documented way
    to change settings in a running process (it tells the template engines, among others).
    """
    get_resolver().url_patterns  # noqa: B018 -- loads and keeps the URLconf, media included
    host = addr.rpartition(":")[0].strip("[]")
    allowed = ["*"] if host in EVERY_INTERFACE else [*settings.ALLOWED_HOSTS, host]
    return override_settings(DEBUG=False, ALLOWED_HOSTS=allowed)


# SIGTERM: `timeout`, a supervisor, `uv run` passing on its own; SIGHUP: the terminal closed.
TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Terminated(SystemExit):
    """The demo was told to end by a signal; exits with status 0, as on Ctrl-C."""


@contextlib.contextmanager
def exiting_on_termination_signals():
    """Inside, SIGTERM and SIGHUP end the demo as Ctrl-C does, through SystemExit.

    Their default action ends the process without running atexit, where it gives up its
    use of the embedded PostgreSQL and, as the last user, stops it (conference/db/
    embedded_db.py). Once one arrived, later ones are ignored (`uv run` forwards the
    SIGTERM it got) so that they cannot cut that shutdown short. The previous handlers come
    back when the block ends otherwise (call_command in a test process).
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a caller's thread keeps its own
        return
    previous = {signum: signal.signal(signum, _terminate) for signum in TERMINATION_SIGNALS}
    try:
        yield
    except _Terminated:
        raise  # leaving: the signals stay ignored
    except BaseException:
        _restore(previous)
        raise
    _restore(previous)


def _terminate(signum, frame):
    for each in TERMINATION_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise _Terminated(0)


def _restore(handlers: dict) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def full_addr(addr: str) -> str:
    """HOST:PORT from --addr (a bare port means 127.0.0.1), or a CommandError."""
    if addr.isdigit():
        addr = f"127.0.0.1:{addr}"
    host, separator, port = addr.rpartition(":")
    if not separator or not host or not port.isdigit():
        raise CommandError(f"--addr must be HOST:PORT, for example {DEFAULT_ADDR}; not {addr!r}.")
    return addr
