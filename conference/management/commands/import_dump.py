"""`manage.py import_dump FILE`: a public data dump restored into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.dump.fields import DumpError
from conference.dump.restore import import_dump


class Command(BaseCommand):
    help = (
        "Load a public data dump (built by build_dump; docs/dump.md) into this "
        "installation, which must hold no archive yet. All or nothing: a file that is not "
        "a sound dump changes nothing. Photos' files are not in a dump: copy them as "
        "docs/dump.md says."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The dump, e.g. conference-archive.tar.gz.")

    def handle(self, *args, file, **options):
        try:
            counts = import_dump(file)
        except DumpError as error:
            raise CommandError(str(error)) from error
        loaded = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {loaded}."))
