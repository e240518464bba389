"""`manage.py demo`: a development archive in one command."""

import signal
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

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
        url = f"http://{addr}/"

        self.stdout.write("Applying migrations...")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write("Loading the sample archive...")
        load_sample_archive(stdout=self.stdout)
        username, password = ensure_demo_admin()

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Site:     {url}"))
        self.stdout.write(self.style.SUCCESS(f"Admin:    {url}admin/"))
        self.stdout.write(self.style.SUCCESS(f"Username: {username}"))
        self.stdout.write(self.style.SUCCESS(f"Password: {password}"))
        self.stdout.write("")
        if not no_serve:
            signal.signal(signal.SIGTERM, exit_on_sigterm)
            call_command("runserver", addr, use_reloader=False)


def exit_on_sigterm(signum, frame):
    """A plain SIGTERM skips atexit, which is where the embedded PostgreSQL is stopped;
    exiting through SystemExit stops it as Ctrl-C does. Later SIGTERMs (`uv run` forwards
    the one it got) are ignored so that they cannot interrupt that shutdown."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(0)


def full_addr(addr: str) -> str:
    """HOST:PORT from --addr (a bare port means 127.0.0.1), or a CommandError."""
    if addr.isdigit():
        addr = f"127.0.0.1:{addr}"
    host, separator, port = addr.rpartition(":")
    if not separator or not host or not port.isdigit():
        raise CommandError(f"--addr must be HOST:PORT, for example {DEFAULT_ADDR}; not {addr!r}.")
    return addr
