"""`manage.py purge_abandoned_uploads`: delete unfinished chunked uploads and their chunks.

The upload page purges them too whenever an upload starts; this command is for a cron
job on a site where nobody uploads for weeks (docs/operations.md).
"""

from django.core.management.base import BaseCommand

from photos.chunked import purge_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Delete the chunked photo uploads nobody touched for PHOTO_UPLOAD_ABANDONED_HOURS, "
        "with their chunks."
    )

    def handle(self, *args, **options):
        purged = purge_abandoned_uploads()
        self.stdout.write(f"{purged} abandoned uploads purged.")
