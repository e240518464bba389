"""The quick upload, the check in the task, scaled JPEG decoding and HEIC photos."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from conference.groups import PHOTOGRAPHERS
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.decoding import accepted_format_names, load_pixels, open_header
from photos.exif import upright
from photos.models import Photo, Rendition
from photos.renditions import build_renditions
from photos.services import add_photo, set_photos_status
from tests.admin_checks import messages_of
from tests.factories import GalleryFactory, PhotoFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)


def left_red_right_blue(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def jpeg(image: Image.Image, *, orientation: int = 1, taken: str | None = None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def stored_files(tmp_path) -> list[str]:
    return sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())


# --- scaled JPEG decoding (draft mode) --------------------------------------------------


def test_load_pixels_draft_counts_exif_orientation():
    # Stored 2000 x 1200 and turned a quarter: upright it is 1200 wide. At least 500
    # upright pixels allow half scale (600), not a quarter (300, from the stored width).
    data = jpeg(left_red_right_blue(2000, 1200), orientation=6)

    image = load_pixels(open_header(io.BytesIO(data)), width_at_least=500)

    assert image.size == (1000, 600)
    assert upright(image).size == (600, 1000)


def test_build_renditions_sideways_jpeg_decoded_at_half_scale_stays_upright():
    # Stored 1000 x 4800 with Orientation=6: upright 4800 x 1000, so the widest rendition
    # (2400) comes from a half-scale decode. The left (red) half ends up on top.
    photo = PhotoFactory(
        original=SimpleUploadedFile(
            "tall.jpg", jpeg(left_red_right_blue(1000, 4800), orientation=6)
        )
    )

    renditions = build_renditions(photo)

    photo.refresh_from_db()
    # The photo keeps its own size, not the scaled decode's.
    assert (photo.width, photo.height) == (4800, 1000)
    sizes = sorted({(rendition.width, rendition.height) for rendition in renditions})
    assert sizes == [(480, 100), (960, 200), (1600, 333), (2400, 500)]
    widest = next(r for r in renditions if r.width == 2400 and r.format == "jpeg")
    with widest.file.open("rb") as file:
        image = Image.open(file)
        image.load()
    assert image.size == (2400, 500)
    top, bottom = image.getpixel((1200, 60)), image.getpixel((1200, 440))
    assert top[0] > 180
    assert top[2] < 80
    assert bottom[2] > 180
    assert bottom[0] < 80


# --- the check in the task -------------------------------------------------------------


def test_add_photo_header_passes_damaged_body_fails_in_the_task(
    tmp_path, django_capture_on_commit_callbacks
):
    data = jpeg(left_red_right_blue(800, 600))
    cut = SimpleUploadedFile("cut.jpg", data[: len(data) // 2])

    with django_capture_on_commit_callbacks() as callbacks:
        photo = add_photo(gallery=GalleryFactory(is_published=True), file=cut, status="published")

    # Answered from the header: stored, not public, waiting for its check.
    assert (photo.status, photo.check_status) == (PhotoStatus.PENDING, CheckStatus.CHECKING)
    assert (photo.width, photo.height) == (800, 600)

    callbacks[0]()

    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PENDING, CheckStatus.FAILED)
    assert photo.check_error == "This image file is damaged or incomplete, so it cannot be read."
    assert not Rendition.objects.exists()
    assert stored_files(tmp_path) == [f"private-media/{photo.original.name}"]


def test_check_passed_in_unpublished_gallery_gets_no_public_renditions(
    tmp_path, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory(is_published=False)
    file = SimpleUploadedFile("a.jpg", jpeg(left_red_right_blue(800, 600)))

    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(gallery=gallery, file=file, status=PhotoStatus.PUBLISHED)

    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PUBLISHED, CheckStatus.PASSED)
    assert photo.placeholder_color
    assert photo.renditions_status == RenditionsStatus.WITHDRAWN
    assert not photo.renditions.exists()
    assert stored_files(tmp_path) == [f"private-media/{photo.original.name}"]


@pytest.mark.parametrize("check_status", [CheckStatus.CHECKING, CheckStatus.FAILED])
def test_set_photos_status_never_publishes_an_unchecked_or_damaged_file(check_status):
    gallery = GalleryFactory(is_published=True)
    photo = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING, check_status=check_status)
    passed = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING)

    changed = set_photos_status(photos=[photo, passed], status=PhotoStatus.PUBLISHED)

    assert changed == 1
    photo.refresh_from_db()
    passed.refresh_from_db()
    assert (photo.status, passed.status) == (PhotoStatus.PENDING, PhotoStatus.PUBLISHED)
    assert not photo.renditions.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_file_damaged_body_checked_at_once_refused_and_nothing_kept(client, tmp_path):
    # The immediate backend runs the check inside the request: the uploader is told.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    gallery = GalleryFactory()
    data = jpeg(left_red_right_blue(800, 600))

    response = client.post(
        "/photos/upload/file/",
        {"gallery": gallery.pk, "files": SimpleUploadedFile("cut.jpg", data[:3000])},
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "This image file is damaged or incomplete, so it cannot be read.",
        "name": "cut.jpg",
    }
    assert not Photo.objects.exists()
    assert stored_files(tmp_path) == []


# --- HEIC from phones ------------------------------------------------------------------


def heic(image: Image.Image, *, taken: str) -> bytes:
    pytest.importorskip("pillow_heif")
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=80, exif=exif)
    return buffer.getvalue()


def test_heic_upload_accepted_with_capture_time_and_renditions(
    django_capture_on_commit_callbacks,
):
    data = heic(left_red_right_blue(640, 480), taken="2016:02:03 10:15:00")
    gallery = GalleryFactory(is_published=True, edition__is_published=True)

    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(
            gallery=gallery,
            file=SimpleUploadedFile("IMG_0001.HEIC", data),
            status=PhotoStatus.PUBLISHED,
        )

    photo.refresh_from_db()
    assert "HEIC" in accepted_format_names()
    assert photo.original.name.endswith(".heic")
    assert (photo.width, photo.height) == (640, 480)
    # The camera's clock, read in the site's time zone (Moscow, UTC+3).
    assert photo.taken_at == datetime.datetime(2016, 2, 3, 7, 15, tzinfo=datetime.UTC)
    assert (photo.check_status, photo.renditions_status) == (
        CheckStatus.PASSED,
        RenditionsStatus.READY,
    )
    assert {(r.width, r.format) for r in photo.renditions.all()} >= {(480, "jpeg"), (480, "webp")}


# --- the admin's "check again" ----------------------------------------------------------


def test_check_again_action_rechecks_stuck_and_failed_photos_leaves_passed_alone(
    organiser_client, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory(is_published=True)
    good = jpeg(left_red_right_blue(800, 600))
    # Marked damaged when the storage could not give the file; the file itself is fine.
    glitched = PhotoFactory(
        gallery=gallery,
        original=SimpleUploadedFile("g.jpg", good),
        status=PhotoStatus.PENDING,
        check_status=CheckStatus.FAILED,
        check_error="OSError: storage unavailable",
    )
    # Left waiting when the queue was down.
    stuck = PhotoFactory(
        gallery=gallery,
        original=SimpleUploadedFile("s.jpg", good),
        status=PhotoStatus.PENDING,
        check_status=CheckStatus.CHECKING,
    )
    damaged = PhotoFactory(
        gallery=gallery,
        original=SimpleUploadedFile("d.jpg", good[: len(good) // 2]),
        status=PhotoStatus.PENDING,
        check_status=CheckStatus.FAILED,
    )
    passed = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING)
    selected = [glitched, stuck, damaged, passed]

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:photos_photo_changelist"),
            {"action": "check_again", "_selected_action": [photo.pk for photo in selected]},
            follow=True,
        )

    assert messages_of(response) == [
        "The files of 3 photos will be checked again.",
        "1 of them passed its check already and was left alone.",
    ]
    for photo in selected:
        photo.refresh_from_db()
    checks = [(photo.check_status, photo.check_error) for photo in selected]
    assert checks == [
        (CheckStatus.PASSED, ""),
        (CheckStatus.PASSED, ""),
        (CheckStatus.FAILED, "This image file is damaged or incomplete, so it cannot be read."),
        (CheckStatus.PASSED, ""),
    ]
    # Checked, not published: publishing stays the organiser's decision.
    assert {photo.status for photo in selected} == {PhotoStatus.PENDING}


def test_check_again_needs_the_change_permission(client, django_capture_on_commit_callbacks):
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))
    stuck = PhotoFactory(status=PhotoStatus.PENDING, check_status=CheckStatus.CHECKING)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:photos_photo_changelist"),
            {"action": "check_again", "_selected_action": [stuck.pk]},
        )

    stuck.refresh_from_db()
    assert stuck.check_status == CheckStatus.CHECKING
