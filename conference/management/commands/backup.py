"""`manage.py backup PATH.tar[.gz]`: the database and all media in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.ops.backup import BackupError, create_backup, files_report


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump) and every file of the public and private media "
        "storages to one tar archive (gzipped if PATH ends in .gz), with a manifest of "
        "counts and checksums. Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive to write, e.g. backup.tar.gz.")

    def handle(self, *args, path, **options):
        if path.exists():
            raise CommandError(f"{path} exists already; choose a new name for the backup.")
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{count} {name}" for name, count in manifest.counts.items())
        self.stdout.write(f"Database: {counts}.")
        self.stdout.write(files_report(manifest))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}."))
