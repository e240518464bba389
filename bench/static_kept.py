"""A kept 20,000-talk archive and export folder, for repeating incremental runs (not a test).

    DATABASE_URL=embedded uv run python bench/static_kept.py build DIR   # archive + full export
    DATABASE_URL=embedded uv run python bench/static_kept.py incr DIR [--profile FILE]
    DATABASE_URL=embedded uv run python bench/static_kept.py drop DIR

`build` makes a database called `static_kept` (Django's test-database machinery, so the
site's own data is never touched), the archive and photos of bench/static.py, and a full
export into DIR/site with media in DIR/media; it keeps all of them. `incr` changes one
talk's title, rebuilds the dump as the site's task does, and times an incremental export
of DIR/site (the code of the checkout it runs from). `drop` removes the database.
"""

import argparse
import os
import time
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection, connections

from bench.static import add_photos, revise_title, timed, use_media

NAME = "static_kept"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["build", "incr", "drop"])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--talks", type=int, default=20_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    settings.DEBUG = False
    use_media(args.dir / "media")
    if args.action == "build":
        from bench.archive import build_archive

        connection.settings_dict.setdefault("TEST", {})["NAME"] = NAME
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        started = time.perf_counter()
        print(build_archive(talks=args.talks, speakers=args.talks * 2 // 5), flush=True)
        print(add_photos(args.dir / "media", args.photos), "renditions", flush=True)
        print(f"archive built: {time.perf_counter() - started:.1f} s", flush=True)
        timed("full export", args.dir / "site", args.workers)
        timed("second run, nothing changed", args.dir / "site", args.workers)
        return
    for alias in connections:
        connections[alias].settings_dict["NAME"] = NAME
    if args.action == "drop":
        connection.creation._destroy_test_db(NAME, verbosity=0)
        return
    from conference.dump.build import build, publish
    from talks.models import Talk

    talk = Talk.objects.filter(is_published=True).order_by("pk")[0]
    revise_title(talk)
    started = time.perf_counter()
    publish(build())
    print(f"dump rebuilt (task): {time.perf_counter() - started:.1f} s", flush=True)
    connections.close_all()
    timed("after one talk's title changed", args.dir / "site", args.workers, args.profile)


if __name__ == "__main__":
    main()
