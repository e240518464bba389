"""The private storage for photo originals.

Originals keep GPS positions and other metadata, so they are never under a public URL:
on the filesystem they sit outside MEDIA_ROOT, on S3 behind signed URLs only
(settings.STORAGES["private"]).
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


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
