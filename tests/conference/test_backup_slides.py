"""Backups hold the talks' slides: the deck, page and image rows counted in the manifest
and checked after a restore, the kept PDFs (private storage) and the page images (media)
in the archive and back at their names (conference/ops/backup/)."""

import io
import json
import tarfile

import pytest
from django.core.management import call_command

from conference.ops.backup import BackupError, restore_backup
from talks.decks.models import SlideDeck, SlideImage, SlidePage
from talks.decks.services import upload_slides
from talks.search import search_talks
from tests.conference.test_backup import storage_checksums, wipe_installation
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def slides_snapshot() -> dict:
    return {
        "decks": sorted(
            SlideDeck.objects.values_list("talk__slug", "pdf", "sha256", "status", "page_count")
        ),
        "pages": sorted(SlidePage.objects.values_list("deck__talk__slug", "number", "text")),
        "images": sorted(
            SlideImage.objects.values_list("page__number", "kind", "format", "file", "size_bytes")
        ),
    }


@pytest.fixture
def talks_with_slides():
    """A public talk's read deck (pages with images) and a draft's (text only)."""
    public = TalkFactory(title="Partitioning at scale", slug="partitioning")
    draft = TalkFactory(slug="draft", is_published=False)
    upload_slides(talk=public, file=upload(deck("zeppelin partitions", "detach concurrently")))
    upload_slides(talk=draft, file=upload(deck("draft words")))
    assert SlideImage.objects.filter(page__deck__talk=public).count() == 3 * 5
    assert not SlideImage.objects.filter(page__deck__talk=draft).exists()
    return public


def test_round_trip_brings_back_the_slides_rows_and_files(talks_with_slides, tmp_path):
    before, files_before = slides_snapshot(), storage_checksums()
    path = tmp_path / "archive.tar.gz"
    report = io.StringIO()

    call_command("backup", str(path), stdout=report)
    wipe_installation()
    call_command("restore", str(path), verbosity=0)

    assert slides_snapshot() == before
    assert storage_checksums() == files_before
    pdfs = {f"private:{name}" for name in SlideDeck.objects.values_list("pdf", flat=True)}
    images = {f"default:{name}" for name in SlideImage.objects.values_list("file", flat=True)}
    assert {name for name in files_before if "slide-" in name} == pdfs | images
    assert [talk.title for talk in search_talks("zeppelin").talks] == ["Partitioning at scale"]
    text = report.getvalue()
    assert "2 slide_decks, 5 slide_pages, 15 slide_images" in text
    assert "media/slide-pages 15" in text
    assert "private/slide-decks 2" in text


def test_manifest_counts_the_slides(talks_with_slides, tmp_path):
    path = tmp_path / "archive.tar"

    call_command("backup", str(path), verbosity=0)

    with tarfile.open(path) as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
    counts = manifest["counts"]
    assert (counts["slide_decks"], counts["slide_pages"], counts["slide_images"]) == (2, 5, 15)
    members = {item["member"] for item in manifest["files"]}
    pdfs = {f"private/{name}" for name in SlideDeck.objects.values_list("pdf", flat=True)}
    images = {f"media/{name}" for name in SlideImage.objects.values_list("file", flat=True)}
    assert len(pdfs) == 2
    assert pdfs | images <= members


def test_restore_verifies_the_slides_counts(talks_with_slides, tmp_path):
    path, altered = tmp_path / "archive.tar", tmp_path / "altered.tar"
    call_command("backup", str(path), verbosity=0)
    # The manifest claims a page the dump does not hold (as a dump cut short would).
    with tarfile.open(path) as source, tarfile.open(altered, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest["counts"]["slide_pages"] += 1
                data = json.dumps(manifest).encode()
                info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    wipe_installation()

    with pytest.raises(BackupError, match="slide_pages: 5 instead of 6"):
        restore_backup(altered)
