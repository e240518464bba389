"""`manage.py refresh_public_renditions`: public rendition files for public photos only.

Run once after upgrading to a version that withdraws the renditions of photos the public
may not see (pending, rejected, in an unpublished gallery or edition): photos uploaded
before still have theirs. Safe to run again at any time.
"""

from django.core.management.base import BaseCommand

from photos.models import Photo
from photos.services import refresh_public_renditions

# Photos per transaction: each locks its photos while it runs, so uploads and moderation
# wait for one batch at most, not for the whole archive.
BATCH = 500


class Command(BaseCommand):
    help = (
        "Delete the public rendition files of every photo the public may not see, and "
        "enqueue builds for public photos that have none."
    )

    def handle(self, *args, **options):
        ids = list(Photo.objects.order_by("pk").values_list("pk", flat=True))
        withdrawn = requested = 0
        for start in range(0, len(ids), BATCH):
            rows, builds = refresh_public_renditions(photo_ids=ids[start : start + BATCH])
            withdrawn, requested = withdrawn + rows, requested + builds
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(ids)} photo(s) checked: {withdrawn} rendition(s) of photos the public "
                f"may not see withdrawn, {requested} build(s) enqueued."
            )
        )
