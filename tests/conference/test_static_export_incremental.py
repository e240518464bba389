"""A second run of export_static leaves the folder a fresh full export would write.

Each change below is one a visitor sees on pages other than the changed row's own: a talk
published (its edition, timetable, speakers, topics, the home page and the talk pages
that list it, their related talks), a photo published and placed on a talk (the talk,
gallery, speaker and photo pages), its description changed, a talk unpublished. After
each, an incremental run into the first folder and a full export into a new one must
hold the same files with the same bytes.
"""

import pytest
from django.utils import timezone

from conference.static_export.export import export
from conference.static_export.write import MANIFEST_NAME, digest
from photos.choices import PhotoStatus
from photos.models import Photo
from photos.placement import confirm_proposals
from photos.services import set_photos_status
from talks import related
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)


def files_of(folder) -> dict[str, str]:
    """Each file of the folder (but the manifest) and the digest of its bytes."""
    return {
        str(path.relative_to(folder)): digest(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_NAME
    }


def differences(incremental, fresh) -> list[str]:
    ours, theirs = files_of(incremental), files_of(fresh)
    return sorted(
        name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name)
    )


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    ronan = SpeakerFactory(name="Ronan Dunklau", slug="ronan-dunklau")
    oleg = SpeakerFactory(name="Oleg Bartunov", slug="oleg-bartunov")
    multicorn = TalkFactory(
        edition=edition, slug="multicorn", title="Multicorn", abstract="", speakers=[ronan]
    )
    gin = TalkFactory(
        edition=edition, slug="gin", title="GIN indexes", abstract="", speakers=[oleg]
    )
    draft = TalkFactory(
        edition=edition,
        slug="fdw",
        title="Foreign data wrappers in Python",
        abstract="",
        speakers=[ronan],
        is_published=False,
    )
    gallery = GalleryFactory(edition=edition, title="Day 1", slug="day-1")
    shown = PhotoFactory(gallery=gallery, talk=gin)
    RenditionFactory(photo=shown)
    pending = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING, speakers=[ronan])
    RenditionFactory(photo=pending)
    return {"multicorn": multicorn, "gin": gin, "draft": draft, "pending": pending}


def publish_talk(archive):
    archive["draft"].is_published = True
    archive["draft"].save()


def publish_and_place_photo(archive):
    photo = archive["pending"]
    set_photos_status(photos=[photo], status=PhotoStatus.PUBLISHED)
    Photo.objects.filter(pk=photo.pk).update(proposed_talk=archive["multicorn"])
    assert confirm_proposals(photo_ids=[photo.pk]) == 1


def describe_photo_anew(archive):
    Photo.objects.filter(pk=archive["pending"].pk).update(
        alt_text_en="Ronan Dunklau on stage", updated_at=timezone.now()
    )


def unpublish_talk(archive):
    archive["gin"].is_published = False
    archive["gin"].save()


CHANGES = (publish_talk, publish_and_place_photo, describe_photo_anew, unpublish_talk)


@pytest.mark.django_db
def test_incremental_runs_write_what_a_full_export_writes(tmp_path, archive):
    folder = tmp_path / "site"
    assert export(folder).problems == []

    for number, change in enumerate(CHANGES):
        change(archive)
        related.refresh_stale()  # as the background task does after a change
        incremental = export(folder)
        fresh = tmp_path / f"fresh-{number}"
        full = export(fresh)

        assert (incremental.problems, full.problems) == ([], [])
        found = differences(folder, fresh)
        assert found == [], f"{change.__name__}: {found}"
