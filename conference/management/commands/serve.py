"""`manage.py serve`: the production server (granian, WSGI) with the options measured for it.

docs/deploy.md says why granian and these defaults (bench/http.py measures them). The
command checks what would make production slow or broken before it starts anything, then
runs granian as a child process and waits for it; SIGTERM or SIGINT stops granian
gracefully and then this process, which, with the embedded PostgreSQL, stops that server
too when nothing else (granian's workers included) uses it.
"""

import ipaddress
import os
import signal
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from conference.management.commands.demo import full_addr

DEFAULT_ADDR = "127.0.0.1:8000"
# Threads per worker process that run Django. Pages cost CPU, not waits on PostgreSQL, and
# threads of one process take turns holding the GIL: measured on 2 cores (docs/deploy.md),
# each thread past the first lowered the talk page's rate and raised its p99. Each thread
# holds its own persistent database connection, so workers x threads must stay under
# PostgreSQL's max_connections (granian's own default of 128 threads per worker exhausted
# a server's 100 here).
DEFAULT_THREADS = 1


def default_workers() -> int:
    """One worker process per core: the measured best on this stack (docs/deploy.md)."""
    return os.cpu_count() or 1


def env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def granian_args(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    """The command line that runs the site under granian's WSGI interface."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        # The archive has no websockets; whitenoise serves static files, not granian.
        "--no-ws",
        "--log-level",
        "warning",
        # A worker that dies (out of memory, a crash in a C library) is replaced.
        "--respawn-failed-workers",
        # A worker stuck in a request cannot hold a shutdown forever.
        "--workers-kill-timeout",
        "30",
        "conference.wsgi:application",
    ]


def database_url(params: dict) -> str:
    """A DATABASE_URL for a database's connection settings (a socket folder as the host too)."""
    user = quote(params.get("USER") or "", safe="")
    password = params.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(params.get("HOST") or "", safe="")  # libpq takes a percent-encoded folder
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(params['NAME'], safe='')}"


class Command(BaseCommand):
    help = (
        "Serve the site in production mode with granian (WSGI): WEB_CONCURRENCY worker "
        "processes (default: one per core), WEB_THREADS threads each (default "
        f"{DEFAULT_THREADS}). Needs DJANGO_DEBUG=0 and collected static files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--addr",
            default=DEFAULT_ADDR,
            help=f"HOST:PORT to listen on (default {DEFAULT_ADDR}); a bare PORT means 127.0.0.1.",
        )
        parser.add_argument("--workers", type=int, help="Worker processes (WEB_CONCURRENCY).")
        parser.add_argument("--threads", type=int, help="Threads per worker (WEB_THREADS).")
        parser.add_argument(
            "--collectstatic",
            action="store_true",
            help="Run collectstatic first (a release step otherwise, see docs/deploy.md).",
        )
        parser.add_argument(
            "--print-command",
            action="store_true",
            help="Print the server's command line and exit without serving.",
        )

    def handle(self, *args, addr, workers, threads, collectstatic, print_command, **options):
        host, port = self.check_addr(full_addr(addr))
        workers = workers or env_positive_int("WEB_CONCURRENCY", default_workers())
        threads = threads or env_positive_int("WEB_THREADS", DEFAULT_THREADS)
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        command = granian_args(host=host, port=port, workers=workers, threads=threads)
        if print_command:
            self.stdout.write(" ".join(command))
            return

        if collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.check_static_files()
        # With DATABASE_URL=embedded the workers inherit it and each counts as a user of
        # the embedded server (conference/db/embedded_db.py): it outlives this process for as
        # long as granian's workers do.
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "conference.settings"}
        self.check_connection_budget(workers * threads)

        self.stdout.write(
            f"Serving http://{full_addr(addr)}/ with granian: "
            f"{workers} workers x {threads} threads."
        )
        self.run_until_signalled(command, environment)

    def check_addr(self, addr: str) -> tuple[str, int]:
        if settings.DEBUG:
            raise CommandError(
                "serve is the production server: set DJANGO_DEBUG=0 (and the variables in "
                "docs/deploy.md). For development use `manage.py demo` or `runserver`."
            )
        host, _, port = addr.rpartition(":")
        host = host.strip("[]")
        if settings.BENCH_TRIVIAL_VIEW:
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise CommandError(
                    "BENCH_TRIVIAL_VIEW is for bench/http.py on loopback only; unset it to "
                    f"listen on {host}."
                )
        return host, int(port)

    def check_static_files(self) -> None:
        """Hashed static files are collected, or every page would fail on its stylesheet."""
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        if manifest and not staticfiles_storage.exists(manifest):
            raise CommandError(
                f"No collected static files in {settings.STATIC_ROOT}: run "
                "`manage.py collectstatic --no-input` first, or serve --collectstatic."
            )

    def check_connection_budget(self, connections_needed: int) -> None:
        """Warn when workers x threads could take more connections than PostgreSQL allows."""
        if settings.DATABASES["default"].get("OPTIONS", {}).get("pool"):
            return  # the pool's max_size bounds each worker instead
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute("SELECT current_setting('max_connections')::int")
                (limit,) = cursor.fetchone()
        except OperationalError as error:
            self.stderr.write(self.style.WARNING(f"Database not reachable yet: {error}"))
            return
        finally:
            # Keep the embedded server's handle (this process) but not an idle session.
            connections[DEFAULT_DB_ALIAS].close()
        if connections_needed > limit - 10:
            self.stderr.write(
                self.style.WARNING(
                    f"{connections_needed} worker threads may each hold a database connection; "
                    f"PostgreSQL allows {limit}. Lower WEB_CONCURRENCY or WEB_THREADS, or set "
                    "DATABASE_POOL=1."
                )
            )

    def run_until_signalled(self, command: list[str], environment: dict[str, str]) -> None:
        server = subprocess.Popen(command, env=environment)  # noqa: S603 -- our own argv

        def stop(signum, frame):
            # Ctrl-C reaches the whole process group, granian included; a SIGTERM from a
            # supervisor reaches this process only. Either way granian gets one SIGTERM
            # (graceful: it finishes requests in flight) and we wait for it below.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        returncode = server.wait()
        # Negative: killed by our SIGTERM, which is how it should end.
        if returncode not in (0, -signal.SIGTERM):
            raise CommandError(f"granian exited with status {returncode}.")
