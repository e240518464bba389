"""`manage.py restore PATH`: an archive made by `manage.py backup`, into an empty site."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.ops.backup import BackupError, files_report, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty installation: check the "
        "archive, restore the database in one transaction and the media files, then verify "
        "counts and checksums. Refuses a non-empty installation unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (manifest, sizes, checksums); change nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Restore even though this installation has data: the backup's tables replace "
                "the database's and its files overwrite files of the same name. Back up first."
            ),
        )

    def handle(self, *args, path, check, force, **options):
        try:
            if check:
                manifest = read_manifest(path)
            else:
                result = restore_backup(path, force=force)
                manifest = result.manifest
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{count} {name}" for name, count in manifest.counts.items())
        self.stdout.write(
            f"Backup of {manifest.created_at} (site version {manifest.app_version}, "
            f"PostgreSQL {manifest.server_version})."
        )
        self.stdout.write(f"Database: {counts}.")
        self.stdout.write(files_report(manifest))
        if check:
            self.stdout.write(self.style.SUCCESS("The archive is complete and intact."))
            return
        if result.replaced_files:
            self.stdout.write(f"Overwrote {result.replaced_files} existing file(s).")
        self.stdout.write(
            self.style.SUCCESS(
                "Restored and verified. Run `manage.py migrate` if this site is newer than the "
                "backup, and restart the app servers and workers."
            )
        )
