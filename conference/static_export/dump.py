"""The public data dump in the export, beside the pages whose footer links it.

The footer's "Data dump" link names the dump's stable address in public media
(conference.dump.build.STABLE_NAME); in the export it is the file of that name under
media/, written by each run where the archive version moved, so it never lags the pages.
It is the published dump when that was built from the current archive version (the
background rebuild, conference/dump/tasks.py, keeps it so after each write); otherwise one
is built now, and published too, as the rebuild task would (so the next run, and the
site's own footer, find it current). Either way its addresses are then moved to where the
export is served (conference.dump.rebase): the base URL, or without one addresses from
the folder's root as the pages' absolute URLs are (conference.static_export.links), its
files' under the folder's media/. Nothing in it names the live site.
"""

from pathlib import Path

from django.core.files.storage import default_storage

from conference.dump.build import STABLE_NAME, build, publish
from conference.dump.models import DumpState
from conference.dump.rebase import rebased
from conference.static_export.assets import MEDIA_FOLDER
from conference.static_export.write import digest, write_atomic

# The dump's name among the media the pages name: written here, not copied by
# conference.static_export.assets.copy_media.
MEDIA_NAME = STABLE_NAME


def current_dump(version: int) -> bytes:
    """The bytes of the dump of archive `version`: the published one if it is of that
    version, else one built and published now."""
    state = DumpState.objects.filter(pk=1).first()
    if (
        state is not None
        and state.archive_version == version
        and state.file_name
        and default_storage.exists(state.file_name)
    ):
        with default_storage.open(state.file_name, "rb") as source:
            return source.read()
    built = build()
    publish(built)
    return built.data


def write_dump(folder: Path, version: int, base_url: str) -> bool:
    """The current dump at its place in the folder, its addresses at `base_url` (the
    export's, maybe empty); whether its bytes changed."""
    target = folder / MEDIA_FOLDER / MEDIA_NAME
    base = base_url.rstrip("/") + "/"
    data = rebased(current_dump(version), base_url=base, media_url=f"{base}{MEDIA_FOLDER}/")
    if target.is_file() and digest(target.read_bytes()) == digest(data):
        return False
    write_atomic(target, data)
    return True
