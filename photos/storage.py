"""The private storage for photo originals.

Originals keep GPS positions and other metadata, so they are never under a public URL:
on the filesystem they sit outside MEDIA_ROOT, on S3 behind signed URLs only
(settings.STORAGES["private"]).
"""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)

# What a storage raises when it cannot be reached or refuses a write: the filesystem's
# OSError, and botocore's errors on S3 (they are not OSErrors).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class PrivateStorage(LazyObject):
    """Resolves STORAGES["private"] on first use, and again after the setting changes."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage():
    """For FileField(storage=...): migrations record this callable, not a path on disk."""
    return private_storage


@receiver(setting_changed)
def reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def delete_quietly(storage, names) -> list[str]:
    """Delete files during a clean-up; return the names that could not be deleted.

    Clean-ups run while another error is being handled: a storage that fails again must
    not replace that error with its own, so failures are logged, not raised.
    """
    failed = []
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("Could not delete %s from %s", name, storage)
            failed.append(name)
    return failed
