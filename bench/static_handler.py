"""The static export's cost per address outside the view: django.test.Client against the
export's Renderer (Django's handler with a RequestFactory request), in one process (not a
test).

    DATABASE_URL=embedded uv run python bench/static_handler.py DB ADDRESS... [--count 400]

DB is a kept archive's database (bench/export_kinds.py's or bench/static_kept.py's).
Checks that both give the same bytes for each ADDRESS, then renders them --count times
each way, six rounds alternating, and prints the CPU ms per address of each round (this
process's: steadier than wall time on a shared machine). Cheap addresses (/robots.txt, a
talk's .ics) show the difference best.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import override_settings

from conference.static_export import links
from conference.static_export.assets import static_storage
from conference.static_export.render import Renderer
from conference.web.export_flag import FLAG


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("addresses", nargs="+")
    parser.add_argument("--count", type=int, default=400)
    args = parser.parse_args()
    settings.DEBUG = False
    for alias in connections:
        connections[alias].settings_dict["NAME"] = args.db
    export_settings = {"PAGE_CACHE_SECONDS": 0, "ALLOWED_HOSTS": [links.HOST], "RATE_LIMITS": {}}
    with (
        tempfile.TemporaryDirectory() as folder,
        override_settings(**export_settings),
        static_storage(Path(folder)),
    ):
        renderer = Renderer("")
        client = Client(HTTP_HOST=links.HOST, raise_request_exception=True)

        def through_client(address: str) -> bytes:
            return client.get(address, secure=True, **{FLAG: "1"}).content

        def through_handler(address: str) -> bytes:
            response = renderer._get(address)
            body = response.content
            renderer._close(response)
            return body

        ways = {"client": through_client, "handler": through_handler}
        for address in args.addresses:
            if through_client(address) != through_handler(address):
                raise SystemExit(f"{address}: different bytes")
        print("| round | client CPU ms | handler CPU ms |\n|---|---:|---:|")
        for number in range(6):
            order = ("client", "handler") if number % 2 == 0 else ("handler", "client")
            spent = {}
            for name in order:
                started = time.process_time()
                for index in range(args.count):
                    ways[name](args.addresses[index % len(args.addresses)])
                spent[name] = (time.process_time() - started) / args.count * 1000
            print(f"| {number + 1} | {spent['client']:.3f} | {spent['handler']:.3f} |", flush=True)
        print("cookies the client kept:", dict(client.cookies) or "none")


if __name__ == "__main__":
    sys.exit(main())
