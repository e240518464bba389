"""Public rendition files exist only for photos the public may see (photos.visibility).

A published photo in a published gallery of a published edition has them; unpublishing
the gallery or the edition (admin action, change form or service), or moving the photo
into an unpublished gallery, deletes them; publishing again builds them anew. Each test
lists the public storage's folder itself.
"""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conference.models import Edition
from photos.choices import PhotoStatus, RenditionsStatus
from photos.models import Gallery, Photo, Rendition, TakedownRequest
from photos.moderation import move_photos
from photos.renditions import PhotoNotPublic, build_renditions
from photos.services import add_photo, set_photos_status
from photos.tasks import build_photo_renditions
from tests.admin_checks import messages_of, photo_change_data
from tests.conference.edition_form import EDITION_INLINES
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    jpeg_bytes,
)
from tests.talks.test_import_frab import FRAB

pytestmark = pytest.mark.django_db

STORAGE = Rendition._meta.get_field("file").storage


def public_files() -> list[str]:
    """Every file in the public storage (the test's own folder, see tests/conftest.py)."""
    root = Path(STORAGE.location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def renditions_of(photo: Photo) -> list[str]:
    return sorted(photo.renditions.values_list("file", flat=True))


@pytest.fixture
def make_photo(django_capture_on_commit_callbacks):
    def make(gallery=None, status=PhotoStatus.PUBLISHED) -> Photo:
        with django_capture_on_commit_callbacks(execute=True):
            return add_photo(
                gallery=gallery or GalleryFactory(),
                file=SimpleUploadedFile("p.jpg", jpeg_bytes(1000, 700)),
                status=status,
            )

    return make


@pytest.fixture
def post(organiser_client, django_capture_on_commit_callbacks):
    """POST as an organiser, running what waits for the commit (file deletions, builds)."""

    def send(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = organiser_client.post(url, data)
        assert response.status_code == 302, response.content
        return response

    return send


def action(changelist: str, name: str, *objects) -> tuple[str, dict]:
    # "post": confirmed, for the edition's actions that show a confirmation page first.
    data = {"action": name, "_selected_action": [o.pk for o in objects], "post": "yes"}
    return reverse(changelist), data


def assert_public(photo: Photo) -> None:
    photo.refresh_from_db()
    assert photo.renditions_status == RenditionsStatus.READY
    assert public_files() == renditions_of(photo) != []


def assert_withdrawn(photo: Photo) -> None:
    photo.refresh_from_db()
    assert (photo.renditions_status, renditions_of(photo)) == (RenditionsStatus.WITHDRAWN, [])
    assert public_files() == []
    assert photo.original.storage.exists(photo.original.name)  # the private original stays


def test_pending_photo_gets_no_public_file_and_publishing_it_builds_them(
    make_photo, django_capture_on_commit_callbacks
):
    photo = make_photo(status=PhotoStatus.PENDING)
    assert_withdrawn(photo)

    with django_capture_on_commit_callbacks(execute=True):
        set_photos_status(photos=[photo], status=PhotoStatus.PUBLISHED)

    assert_public(photo)


def test_photo_of_unpublished_gallery_or_edition_gets_no_public_file(make_photo):
    hidden_gallery = make_photo(GalleryFactory(is_published=False))
    draft_edition = make_photo(GalleryFactory(edition=EditionFactory(is_published=False)))

    for photo in (hidden_gallery, draft_edition):
        photo.refresh_from_db()
        assert (photo.status, photo.renditions_status) == (
            PhotoStatus.PUBLISHED,
            RenditionsStatus.WITHDRAWN,
        )
    assert public_files() == []


def test_gallery_unpublished_by_action_withdraws_files_and_publishing_restores(make_photo, post):
    photo = make_photo()
    assert_public(photo)

    post(*action("admin:photos_gallery_changelist", "unpublish_selected", photo.gallery))
    assert_withdrawn(photo)

    post(*action("admin:photos_gallery_changelist", "publish_selected", photo.gallery))
    assert_public(photo)


def test_edition_unpublished_by_action_withdraws_files_and_publishing_restores(make_photo, post):
    photo = make_photo()
    edition = photo.gallery.edition

    post(*action("admin:conference_edition_changelist", "unpublish_selected", edition))
    assert_withdrawn(photo)
    assert not Edition.objects.get().is_published

    post(*action("admin:conference_edition_changelist", "publish_selected", edition))
    assert_public(photo)


def gallery_form(gallery: Gallery, **changes) -> dict:
    data = {
        "edition": gallery.edition_id,
        "title_en": gallery.title_en,
        "title_ru": gallery.title_ru,
        "slug": gallery.slug,
        "talk": "",
        "description": "",
        "cover": "",
        "position": 0,
        "is_published": "on",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def edition_form(edition: Edition, **changes) -> dict:
    data = {
        "name_en": edition.name_en,
        "name_ru": edition.name_ru,
        "slug": edition.slug,
        "acronym": "",
        "is_published": "on",
        "start_date": edition.start_date.isoformat(),
        "end_date": edition.end_date.isoformat(),
        "time_zone": edition.time_zone,
        "city_en": "",
        "city_ru": "",
        "venue_en": "",
        "venue_ru": "",
        "website": "",
        "summary_en": "",
        "summary_ru": "",
        **EDITION_INLINES,
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def test_gallery_unpublished_in_change_form_withdraws_files_and_republished_restores(
    make_photo, post
):
    photo = make_photo()
    gallery = photo.gallery
    url = reverse("admin:photos_gallery_change", args=[gallery.pk])

    post(url, gallery_form(gallery, is_published=None))
    assert_withdrawn(photo)

    post(url, gallery_form(gallery))
    assert_public(photo)


def test_gallery_moved_to_draft_edition_in_change_form_withdraws_files(make_photo, post):
    photo = make_photo()
    draft = EditionFactory(is_published=False)

    post(
        reverse("admin:photos_gallery_change", args=[photo.gallery_id]),
        gallery_form(photo.gallery, edition=draft.pk),
    )

    assert_withdrawn(photo)


def test_edition_unpublished_in_change_form_withdraws_files_and_republished_restores(
    make_photo, post
):
    photo = make_photo()
    edition = photo.gallery.edition
    url = reverse("admin:conference_edition_change", args=[edition.pk])

    post(url, edition_form(edition, is_published=None))
    assert_withdrawn(photo)

    post(url, edition_form(edition))
    assert_public(photo)


def test_photo_moved_into_unpublished_gallery_loses_files_and_back_gets_them(
    make_photo, django_capture_on_commit_callbacks
):
    photo = make_photo()
    public_gallery, hidden = photo.gallery, GalleryFactory(is_published=False)

    with django_capture_on_commit_callbacks(execute=True):
        move_photos(photos=[photo], gallery=hidden)
    assert_withdrawn(photo)

    with django_capture_on_commit_callbacks(execute=True):
        move_photos(photos=[photo], gallery=public_gallery)
    assert_public(photo)


def test_build_finishing_after_gallery_unpublished_stores_nothing(make_photo):
    photo = make_photo(GalleryFactory(is_published=False))
    # As if a build had checked the photo while it was public, and gets to its rows now.
    with pytest.raises(PhotoNotPublic):
        build_renditions(photo)

    assert renditions_of(photo) == []
    assert public_files() == []


def test_build_task_for_photo_no_longer_public_keeps_nothing(make_photo):
    photo = make_photo(GalleryFactory(is_published=False))
    Photo.objects.filter(pk=photo.pk).update(renditions_status=RenditionsStatus.PENDING)

    result = build_photo_renditions.enqueue(photo.pk)

    assert result.return_value == RenditionsStatus.WITHDRAWN
    assert_withdrawn(photo)


def test_draft_edition_published_by_schedule_import_gets_its_renditions(
    make_photo, django_capture_on_commit_callbacks
):
    edition = EditionFactory(slug="archive-2024", acronym="PGARCHIVE2024", is_published=False)
    photo = make_photo(GalleryFactory(edition=edition))
    assert_withdrawn(photo)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_frab", str(FRAB), "--publish", stdout=io.StringIO())

    edition.refresh_from_db()
    assert edition.is_published
    assert_public(photo)


def test_refresh_command_withdraws_files_left_from_before_and_builds_missing(
    make_photo, django_capture_on_commit_callbacks
):
    # Made before public files followed visibility: a pending photo with renditions, and
    # a public one without.
    pending = PhotoFactory(status=PhotoStatus.PENDING)
    leftover = RenditionFactory(photo=pending).file.name
    public = make_photo()
    Rendition.objects.filter(photo=public).delete()
    for name in set(public_files()) - {leftover}:
        STORAGE.delete(name)
    assert public_files() == [leftover]
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("refresh_public_renditions", stdout=out)

    assert out.getvalue() == (
        "2 photo(s) checked: 1 rendition(s) of photos the public may not see withdrawn, "
        "1 build(s) enqueued.\n"
    )
    assert_public(public)
    pending.refresh_from_db()
    assert pending.renditions_status == RenditionsStatus.WITHDRAWN


def test_photo_moved_to_unpublished_gallery_in_change_form_loses_files(make_photo, post):
    photo = make_photo()
    hidden = GalleryFactory(is_published=False)

    post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        photo_change_data(photo, gallery=hidden.pk, status=PhotoStatus.PUBLISHED, position=0),
    )

    assert_withdrawn(photo)


def test_takedown_list_shows_rejected_photo_through_its_preview(admin_client, make_photo):
    photo = make_photo(status=PhotoStatus.REJECTED)
    TakedownRequest.objects.create(photo=photo, reason="It is me")

    response = admin_client.get(reverse("admin:photos_takedownrequest_changelist"))

    preview = reverse("photo-staff:photo-preview", kwargs={"pk": photo.pk, "width": 96})
    assert f'<img src="{preview}"' in response.text
    assert public_files() == []


def test_rebuild_action_rebuilds_public_photos_only_and_says_so(
    make_photo, organiser_client, django_capture_on_commit_callbacks
):
    public, pending = make_photo(), make_photo(status=PhotoStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            *action("admin:photos_photo_changelist", "rebuild_renditions", public, pending)
        )

    assert messages_of(response) == [
        "The renditions of 1 photo will be rebuilt.",
        "1 of them is not public, so it has no renditions; the admin shows its preview.",
    ]
    assert_public(public)
    pending.refresh_from_db()
    assert (pending.renditions_status, renditions_of(pending)) == (RenditionsStatus.WITHDRAWN, [])
