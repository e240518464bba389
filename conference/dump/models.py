"""The state of the published dump: one row, kept beside the files in public media."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DumpState(models.Model):
    """Which dump is published, and whether a rebuild is waiting (conference/dump/tasks.py).

    A single row, like conference.web.archive_version.ArchiveVersion, whose value it
    compares with: `archive_version` is the version the published dump was built from;
    `requested_at` is set while a rebuild is queued, so that a burst of writes queues one
    build, not one per write.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    archive_version = models.BigIntegerField(default=0)
    # SHA-256 over the dump's records and schedules (not its manifest): an archive change
    # that changes nothing public (a draft edited) publishes no new file.
    content_sha256 = models.CharField(max_length=64, blank=True)
    # The versioned file in public media (conference.dump.build.STABLE_NAME is the other).
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data dump")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="dump_state_single_row"),
        ]

    def __str__(self):
        return self.file_name or "-"
