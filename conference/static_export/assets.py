"""The export's static files and public media.

Static files are collected into the folder's static/ by collectstatic itself, with
Django's manifest storage: hashed names, as the live site serves them, and the pages
rendered during the export name those files (static_storage() is active for the whole
run). collectstatic copies only what changed since the last run.

Media (photo renditions, slide images, speaker photos) are those the exported pages show,
no more: the rendered pages name them (conference.static_export.links), and each is read
from the media storage, local or S3, through Django's storage API. Originals of photos
live in private storage and are never linked, so never copied.
"""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test.utils import override_settings

from conference.static_export.write import remove_files, write_atomic

MEDIA_FOLDER = "media"


@contextmanager
def static_storage(folder: Path):
    """Static files collected into folder/static/ with hashed names, used while rendering."""
    static_root = folder / "static"
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
            "OPTIONS": {"location": str(static_root)},
        },
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        # The admin's files are for staff; no exported page uses them.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
        yield


def copy_media(folder: Path, needed: set[str], had: set[str]) -> tuple[int, int]:
    """Copy the media files the pages show and the folder lacks, remove those no page shows
    any more; (copied, removed)."""
    copied = 0
    for name in sorted(needed):
        if ".." in name.split("/"):
            continue  # never outside the folder, whatever a page named
        target = folder / MEDIA_FOLDER / name
        if name in had and target.exists():
            continue
        with default_storage.open(name, "rb") as source:
            write_atomic(target, source.read())
        copied += 1
    removed = remove_files(folder, {f"{MEDIA_FOLDER}/{name}" for name in had - needed})
    return copied, removed
