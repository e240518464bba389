"""Building the public data dump and publishing it in public media.

build() reads the public archive through the readers, in one snapshot (a read-only
REPEATABLE READ transaction, so that a talk never references a speaker a write removed
between two statements), with English active (the indexes' order is the same bytes
whoever builds it). publish() stores it under two names in the default storage: a
versioned one, named by the archive version it was built from, and STABLE_NAME, which the
site's footer and the API page link. Only the newest dump is kept: an older one may hold
what has since been unpublished or deleted, and public files must not outlive that.
"""

import datetime
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone, translation

from conference.dump import archive
from conference.dump.kinds import KINDS
from conference.dump.models import DumpState
from conference.dump.records import frab_member
from conference.dump.snapshot import LANGUAGES, Snapshot
from conference.web.archive_version import ArchiveVersion
from talks.exporters import frab
from talks.exporters.schedule import build_schedule

FOLDER = "dumps"
STABLE_NAME = f"{FOLDER}/conference-archive.tar.gz"
README = "README.md"


def versioned_name(archive_version: int) -> str:
    return f"{FOLDER}/conference-archive-{archive_version}.tar.gz"


def stable_url() -> str:
    """The stable address of the newest dump (no I/O: the storage builds it)."""
    return default_storage.url(STABLE_NAME)


@dataclass
class Built:
    """A dump, built: its bytes, its manifest, and a digest of what it holds."""

    data: bytes
    manifest: dict
    content_sha256: str

    @property
    def archive_version(self) -> int:
        return self.manifest["archive_version"]


def build(*, base_url: str | None = None) -> Built:
    """The dump of the public archive as it is now; URLs start with `base_url` (by
    default settings.DUMP["BASE_URL"]). Reads only; no side effects."""
    base_url = base_url or settings.DUMP["BASE_URL"]
    with _one_snapshot(), translation.override("en"):
        version = ArchiveVersion.current()
        snapshot = Snapshot(base_url=base_url)
        members, counts = _readme(), {}
        for kind in KINDS:
            records = list(kind.records(snapshot))
            counts[kind.name] = len(records)
            members[kind.member] = archive.jsonl(records)
        for edition in snapshot.editions:
            schedule_url = snapshot.url("talks:schedule-xml", edition.slug)
            schedule = build_schedule(edition, absolute=snapshot.absolute, url=schedule_url)
            members[frab_member(edition.slug)] = frab.render(schedule)
    content = hashlib.sha256()
    for name, data in members.items():
        content.update(f"{name}\0{len(data)}\0".encode() + data)
    manifest = archive.manifest_for(
        members,
        archive_version=version,
        generated_at=timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
        base_url=snapshot.base_url,
        languages=list(LANGUAGES),
        counts=counts,
        frab_xml=len(snapshot.editions),
    )
    buffer = io.BytesIO()
    archive.write(buffer, manifest, members)
    return Built(buffer.getvalue(), manifest, content.hexdigest())


def _readme() -> dict[str, bytes]:
    """docs/dump.md, the schema, as the dump's README.md: the file documents itself."""
    schema = Path(settings.BASE_DIR) / "docs" / "dump.md"
    return {README: schema.read_bytes()} if schema.is_file() else {}


@contextmanager
def _one_snapshot():
    """Every statement inside reads the same snapshot of the database. Inside a caller's
    transaction (a test's) that transaction's own view is used as it is."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def publish(built: Built, *, storage=None) -> tuple[DumpState, bool]:
    """Store `built` as the published dump, unless a dump of a newer archive version is
    published already; return the state and whether a new file was written.

    Side effects: writes the versioned file and STABLE_NAME, deletes every other file of
    FOLDER, updates DumpState. A dump whose content equals the published one's (a draft
    was edited) writes no file; the state records the newer archive version all the same.
    """
    storage = storage or default_storage
    with transaction.atomic():
        state, _ = DumpState.objects.select_for_update().get_or_create(pk=1)
        if state.archive_version > built.archive_version:
            return state, False
        changed = state.content_sha256 != built.content_sha256 or not (
            state.file_name and storage.exists(state.file_name)
        )
        if changed:
            name = versioned_name(built.archive_version)
            for each in (name, STABLE_NAME):
                _replace(storage, each, built.data)
            _remove_others(storage, keep={name, STABLE_NAME})
            state.file_name, state.content_sha256 = name, built.content_sha256
            state.size_bytes, state.built_at = len(built.data), timezone.now()
        state.archive_version = built.archive_version
        state.save()
    return state, changed


def _replace(storage, name: str, data: bytes) -> None:
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(data))


def _remove_others(storage, *, keep: set[str]) -> None:
    """Delete the files of FOLDER but `keep`: older dumps, and any a crash left."""
    try:
        _, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for file in files:
        if (name := f"{FOLDER}/{file}") not in keep:
            storage.delete(name)
