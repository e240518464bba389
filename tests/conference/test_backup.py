"""Backups and restores (conference/ops/backup/): the round trip, and damaged archives.

The tests commit for real: pg_dump runs in another process and sees committed rows only.
The database is flushed after each test and its migration data restored for later ones.
"""

import gzip
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from conference.models import Edition
from conference.ops.backup import BackupError, read_manifest, restore_backup, storage_names
from conference.web.archive_version import ArchiveVersion
from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Gallery, Photo, Rendition
from photos.services import add_photo
from talks.models import Speaker, Talk, TalkSpeaker
from talks.search import search_talks
from tests.factories import EditionFactory, GalleryFactory, SpeakerFactory, TalkFactory
from tests.photos.test_upload import image_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def storage_checksums() -> dict[str, str]:
    """Every stored file of both storages, as "alias:name" -> SHA-256."""
    checksums = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        for name in storage_names(storage):
            with storage.open(name, "rb") as file:
                checksums[f"{alias}:{name}"] = hashlib.sha256(file.read()).hexdigest()
    return checksums


def snapshot() -> dict:
    """Everything the round trip must bring back, row by row."""
    return {
        "editions": sorted(Edition.objects.values_list("slug", "name_en", "name_ru")),
        "talks": sorted(Talk.objects.values_list("pk", "slug", "title", "edition__slug")),
        "speakers": sorted(Speaker.objects.values_list("pk", "slug", "name_en", "name_ru")),
        "talk_speakers": sorted(
            TalkSpeaker.objects.values_list("talk_id", "speaker_id", "position")
        ),
        "galleries": sorted(Gallery.objects.values_list("pk", "slug")),
        "photos": sorted(
            Photo.objects.values_list("pk", "original", "width", "height", "renditions_status")
        ),
        "renditions": sorted(
            Rendition.objects.values_list("photo_id", "width", "format", "file", "size_bytes")
        ),
    }


@pytest.fixture
def archive_data():
    edition = EditionFactory(slug="pgconf-2019", name="PGConf 2019")
    ada, boris = SpeakerFactory(name="Ada Lovelace"), SpeakerFactory(name="Борис Иванов")
    TalkFactory(
        edition=edition,
        title="Logical replication in depth",
        abstract="Slots, publications and subscriptions.",
        speakers=[ada, boris],
    )
    TalkFactory(edition=edition, title="Vacuum explained", speakers=[boris])
    gallery = GalleryFactory(edition=edition, title="Day one")
    for colour in ((200, 30, 30), (30, 200, 30)):
        data = image_bytes("JPEG", size=(1000, 700), colour=colour)
        # Published: only photos the public may see have renditions to back up.
        add_photo(
            gallery=gallery, file=SimpleUploadedFile("IMG.jpg", data), status=PhotoStatus.PUBLISHED
        )
    assert Rendition.objects.count() > 0
    assert set(Photo.objects.values_list("renditions_status", flat=True)) == {
        RenditionsStatus.READY
    }


def wipe_installation():
    """An empty installation: no rows in any table, no media files."""
    call_command("flush", interactive=False, verbosity=0)
    for alias in ("default", "private"):
        storage = storages[alias]
        for name in storage_names(storage):
            storage.delete(name)
    assert storage_checksums() == {}


def test_round_trip_brings_back_every_row_and_file(archive_data, tmp_path):
    before, files_before = snapshot(), storage_checksums()
    path = tmp_path / "backups" / "archive.tar.gz"

    backed_up_version = ArchiveVersion.current()
    call_command("backup", str(path), verbosity=0)
    wipe_installation()
    assert Talk.objects.count() == 0
    call_command("restore", str(path), verbosity=0)

    assert snapshot() == before
    # Not the dump's own version: pages cached under it before the restore would show.
    assert ArchiveVersion.current() > backed_up_version
    assert storage_checksums() == files_before
    # 2 originals, and each photo's renditions
    assert len(files_before) == 2 + Rendition.objects.count()
    # The search vectors came back with the dump.
    assert [talk.title for talk in search_talks("replication").talks] == [
        "Logical replication in depth"
    ]


def test_manifest_lists_counts_and_checksums(archive_data, tmp_path):
    path = tmp_path / "archive.tar"

    call_command("backup", str(path), verbosity=0)

    with tarfile.open(path) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    assert names[0] == "database.dump"
    assert names[-1] == "manifest.json"
    assert path.stat().st_mode & 0o777 == 0o600  # password hashes and private originals
    assert manifest["format_version"] == 1
    assert manifest["counts"]["talks"] == 2
    assert manifest["counts"]["speakers"] == 2
    assert manifest["counts"]["photos"] == 2
    assert manifest["counts"]["renditions"] == Rendition.objects.count()
    members = sorted(item["member"] for item in manifest["files"])
    expected = sorted(
        f"media/{name}" for name in Rendition.objects.values_list("file", flat=True)
    ) + sorted(f"private/{name}" for name in Photo.objects.values_list("original", flat=True))
    assert members == sorted(expected)


def test_restore_refuses_installation_with_data(archive_data, tmp_path):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    EditionFactory(slug="pgconf-2020", name="PGConf 2020")

    with pytest.raises(CommandError, match=r"not empty \(it has 2 editions, 2 talks"):
        call_command("restore", str(path), verbosity=0)

    assert Edition.objects.filter(slug="pgconf-2020").exists()


def test_restore_refuses_files_already_there(archive_data, tmp_path):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(BackupError, match=r"already exist in the media storage"):
        restore_backup(path)

    assert Talk.objects.count() == 0


def test_restore_force_replaces_contents(archive_data, tmp_path):
    before, files_before = snapshot(), storage_checksums()
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    Talk.objects.filter(title="Vacuum explained").delete()
    EditionFactory(slug="pgconf-2020", name="PGConf 2020")

    result = restore_backup(path, force=True)

    assert snapshot() == before
    assert storage_checksums() == files_before
    assert result.replaced_files == len(files_before)


def test_truncated_archive_refused_and_database_untouched(archive_data, tmp_path):
    path = tmp_path / "archive.tar.gz"
    call_command("backup", str(path), verbosity=0)
    data = path.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    wipe_installation()
    EditionFactory(slug="kept", name="Kept")

    with pytest.raises(CommandError, match="damaged or incomplete"):
        call_command("restore", str(truncated), "--force", verbosity=0)

    assert list(Edition.objects.values_list("slug", flat=True)) == ["kept"]
    assert storage_checksums() == {}


def test_altered_member_refused(archive_data, tmp_path):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    altered = tmp_path / "altered.tar"
    with tarfile.open(path) as source, tarfile.open(altered, "w") as target:
        for info in source:
            content = source.extractfile(info).read()
            if info.name.startswith("private/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            target.addfile(info, io.BytesIO(content))

    with pytest.raises(BackupError, match=r"damaged: private/originals/.* does not match"):
        read_manifest(altered)


def test_archive_without_manifest_refused(tmp_path):
    path = tmp_path / "nothing.tar.gz"
    with gzip.open(path, "wb"):
        pass

    with pytest.raises(BackupError):
        read_manifest(path)


def test_backup_refuses_to_overwrite(tmp_path):
    path = tmp_path / "exists.tar"
    path.write_text("")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path), verbosity=0)


def test_restore_check_only_changes_nothing(archive_data, tmp_path):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    wipe_installation()

    call_command("restore", str(path), "--check", verbosity=0)

    assert Talk.objects.count() == 0
    assert connection.settings_dict["NAME"].startswith("test_")


@pytest.mark.parametrize(
    ("make", "found"),
    [
        (lambda: User.objects.create_superuser("admin", "admin@example.org", "x"), "1 users"),
        (lambda: Group.objects.create(name="Volunteers"), "1 groups"),
        (
            lambda: Session.objects.create(
                session_key="k" * 32, session_data="", expire_date=timezone.now()
            ),
            "1 sessions",
        ),
    ],
    ids=["admin-user", "own-group", "session"],
)
def test_restore_refuses_installation_with_accounts_only(archive_data, tmp_path, make, found):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    wipe_installation()
    make()

    with pytest.raises(CommandError, match=rf"not empty \(it has {found}\)\. .*--force"):
        call_command("restore", str(path), verbosity=0)

    assert Talk.objects.count() == 0
    assert storage_checksums() == {}


def test_restore_force_replaces_the_only_admin_user(archive_data, tmp_path):
    before = snapshot()
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    wipe_installation()
    User.objects.create_superuser("admin", "admin@example.org", "x")

    call_command("restore", str(path), "--force", verbosity=0)

    assert snapshot() == before
    assert not User.objects.exists()  # the backup's users (none) replaced it


def test_restore_accepts_the_groups_migrations_create(archive_data, tmp_path):
    before = snapshot()
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    wipe_installation()
    Group.objects.create(name=ORGANISERS)
    Group.objects.create(name=PHOTOGRAPHERS)

    call_command("restore", str(path), verbosity=0)

    assert snapshot() == before


def rewrite_archive(source: Path, target: Path, rename: dict[str, str]) -> None:
    """Copy the archive at `source` to `target` with members renamed, in the manifest too."""
    with tarfile.open(source) as archive:
        members = [(info, archive.extractfile(info).read()) for info in archive]
    with tarfile.open(target, "w") as archive:
        for info, content in members:
            if info.name == "manifest.json":
                manifest = json.loads(content)
                for item in manifest["files"]:
                    item["member"] = rename.get(item["member"], item["member"])
                content = json.dumps(manifest).encode()
            info.name = rename.get(info.name, info.name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


def test_restore_refuses_member_escaping_media_root(archive_data, tmp_path, settings):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    first = next(name for name in storage_names(storages["default"]))
    escaping = tmp_path / "escaping.tar"
    rewrite_archive(path, escaping, {f"media/{first}": "media/../../escaped.jpg"})
    wipe_installation()
    EditionFactory(slug="kept", name="Kept")

    with pytest.raises(CommandError, match=r"unsafe name: 'media/\.\./\.\./escaped\.jpg'"):
        call_command("restore", str(escaping), "--force", verbosity=0)

    assert list(Edition.objects.values_list("slug", flat=True)) == ["kept"]
    assert storage_checksums() == {}
    assert not (Path(settings.MEDIA_ROOT).parent.parent / "escaped.jpg").exists()


def test_restore_media_write_failure_leaves_database_and_files_as_they_were(
    archive_data, tmp_path, settings
):
    path = tmp_path / "archive.tar"
    call_command("backup", str(path), verbosity=0)
    wipe_installation()
    EditionFactory(slug="kept", name="Kept")
    # A file of the same name as one of the backup's, which --force overwrites, then puts back.
    rendition = sorted(
        item.member for item in read_manifest(path).files if item.member.startswith("media/")
    )[0]
    overwritten = rendition.removeprefix("media/")
    storages["default"].save(overwritten, io.BytesIO(b"the installation's own file"))
    # The private originals cannot be written: their folder is a file (as root, a
    # read-only folder would not stop the write). They come after the public files.
    originals = Path(settings.PRIVATE_MEDIA_ROOT) / "originals"
    shutil.rmtree(originals)  # the empty folders the wipe left
    originals.write_text("in the way")

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--force", verbosity=0)

    message = str(raised.value)
    assert message.startswith("Writing the backup's files failed at private/originals/")
    assert "Nothing was restored: the database was not touched." in message
    assert "were removed again and those it overwrote put back" in message
    assert list(Edition.objects.values_list("slug", flat=True)) == ["kept"]
    assert Talk.objects.count() == 0
    # The public files it had written are gone; the one it overwrote is back as it was.
    assert storage_checksums() == {
        f"default:{overwritten}": hashlib.sha256(b"the installation's own file").hexdigest(),
        "private:originals": hashlib.sha256(b"in the way").hexdigest(),
    }
