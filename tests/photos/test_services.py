import datetime
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition
from photos.services import InvalidPhoto, add_photo, set_photos_status
from tests.factories import GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db


def image_bytes(image_format: str, size=(800, 600), colour=(40, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header for a width x height image, followed by almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def exif_jpeg(*, size, orientation: int, taken: str) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def stored_files(tmp_path) -> list[str]:
    return sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("image_format", "name", "extension"),
    [("JPEG", "holiday.jpg", ".jpg"), ("PNG", "slide.png", ".png"), ("WEBP", "x.webp", ".webp")],
)
def test_add_photo_accepted_format_stores_original_and_renditions(
    tmp_path, django_capture_on_commit_callbacks, image_format, name, extension
):
    gallery = GalleryFactory()
    photographer = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(
            gallery=gallery,
            file=upload(image_bytes(image_format), name=name),
            uploaded_by=photographer,
            status=PhotoStatus.PUBLISHED,
            caption_en="Opening",
            alt_text_en="A blue square",
            credit="Jane Roe",
        )

    photo.refresh_from_db()
    assert (photo.gallery, photo.uploaded_by, photo.status) == (
        gallery,
        photographer,
        PhotoStatus.PUBLISHED,
    )
    assert (photo.caption, photo.alt_text, photo.credit) == ("Opening", "A blue square", "Jane Roe")
    assert (photo.width, photo.height) == (800, 600)
    # The average of (40, 90, 160), give or take what lossy WebP does to it.
    placeholder = bytes.fromhex(photo.placeholder_color.removeprefix("#"))
    assert all(abs(a - b) <= 2 for a, b in zip(placeholder, (40, 90, 160), strict=True))
    # Stored under a random name with the real format's extension, in the private folder.
    assert photo.original.name.startswith("originals/")
    assert photo.original.name.endswith(extension)
    assert name.rsplit(".", 1)[0] not in photo.original.name
    assert (tmp_path / "private-media" / photo.original.name).is_file()
    assert photo.renditions.filter(width=480).count() >= 2
    assert (photo.renditions_status, photo.renditions_error) == (RenditionsStatus.READY, "")


def test_add_photo_records_metadata_and_leaves_renditions_to_the_task(
    django_capture_on_commit_callbacks,
):
    data = exif_jpeg(size=(300, 200), orientation=6, taken="2016:02:03 10:15:00")

    with django_capture_on_commit_callbacks() as callbacks:
        photo = add_photo(gallery=GalleryFactory(), file=upload(data), status=PhotoStatus.PUBLISHED)

    photo.refresh_from_db()
    # From the header alone: upright (EXIF orientation 6 turns the 300 x 200 picture a
    # quarter), and the time read in the site's time zone (Moscow, UTC+3) without offset.
    assert (photo.width, photo.height) == (200, 300)
    assert photo.taken_at == datetime.datetime(2016, 2, 3, 7, 15, tzinfo=datetime.UTC)
    # Not public before the task has decoded the whole file.
    assert (photo.status, photo.check_status) == (PhotoStatus.PENDING, CheckStatus.CHECKING)
    assert (photo.renditions_status, photo.renditions.count()) == (RenditionsStatus.WITHDRAWN, 0)
    assert len(callbacks) == 1  # the check, enqueued once the photo is committed

    callbacks[0]()

    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PUBLISHED, CheckStatus.PASSED)
    assert photo.placeholder_color
    assert (photo.width, photo.height) == (200, 300)
    assert photo.renditions_status == RenditionsStatus.READY
    assert {(r.width, r.height) for r in photo.renditions.all()} == {(200, 300)}


def test_add_photo_extension_follows_content_not_name():
    photo = add_photo(gallery=GalleryFactory(), file=upload(image_bytes("PNG"), name="fake.jpg"))

    assert photo.original.name.endswith(".png")


def test_add_photo_status_given_is_kept_once_checked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(
            gallery=GalleryFactory(),
            file=upload(image_bytes("JPEG")),
            status=PhotoStatus.PUBLISHED,
        )

    assert Photo.objects.get(pk=photo.pk).status == PhotoStatus.PUBLISHED


def test_add_photo_published_meanwhile_rejected_stays_rejected(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        photo = add_photo(
            gallery=GalleryFactory(), file=upload(image_bytes("JPEG")), status=PhotoStatus.PUBLISHED
        )
    set_photos_status(photos=[photo], status=PhotoStatus.REJECTED)

    callbacks[0]()

    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.REJECTED, CheckStatus.PASSED)
    assert not photo.renditions.exists()


def refused(tmp_path, file, match: str, code: str) -> None:
    gallery = GalleryFactory()

    with pytest.raises(InvalidPhoto, match=match) as raised:
        add_photo(gallery=gallery, file=file)

    assert raised.value.code == code
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert stored_files(tmp_path) == []


def test_add_photo_text_file_named_jpg_refused(tmp_path):
    refused(
        tmp_path,
        upload(b"Just some notes, not a photo.\n" * 20, name="notes.jpg"),
        match="This file is not an image; please upload",
        code="not_an_image",
    )


def test_add_photo_truncated_jpeg_fails_its_check_and_is_never_published(
    tmp_path, django_capture_on_commit_callbacks
):
    # Its header is whole: the upload takes it; the task decoding the rest does not.
    data = image_bytes("JPEG", colour=(200, 30, 30))
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(
            gallery=GalleryFactory(), file=upload(data[: len(data) // 2]), status="published"
        )

    photo.refresh_from_db()
    assert (photo.status, photo.check_status) == (PhotoStatus.PENDING, CheckStatus.FAILED)
    assert photo.check_error == "This image file is damaged or incomplete, so it cannot be read."
    assert photo.get_check_status_display() == "Damaged"
    assert not photo.renditions.exists()
    assert stored_files(tmp_path) == [f"private-media/{photo.original.name}"]


def test_add_photo_gif_refused_by_name(tmp_path):
    refused(
        tmp_path,
        upload(image_bytes("GIF"), name="animation.gif"),
        match="GIF images are not accepted; please upload JPEG, PNG, WebP",
        code="unsupported_format",
    )


def test_add_photo_png_header_claiming_huge_size_refused(tmp_path):
    refused(
        tmp_path,
        upload(png_claiming(100_000, 100_000), name="bomb.png"),
        match="too many pixels",
        code="too_many_pixels",
    )


@pytest.mark.parametrize(
    "size",
    [
        (40, 40),  # 1,600 pixels: over the limit, under twice it (Pillow only warns there)
        (100, 100),  # 10,000 pixels: over twice the limit (Pillow raises)
    ],
)
def test_add_photo_over_pixel_limit_refused(tmp_path, monkeypatch, size):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)

    refused(
        tmp_path,
        upload(image_bytes("PNG", size=size), name="big.png"),
        match="too many pixels|photos may have at most",
        code="too_many_pixels",
    )


def test_add_photo_over_upload_limit_refused(tmp_path, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1_000
    data = image_bytes("JPEG")
    assert len(data) > 1_000

    refused(
        tmp_path,
        upload(data),
        match=r"This file is .*; photos may be at most 1000",
        code="file_too_large",
    )


def test_add_photo_built_now_failure_while_building_renditions_leaves_nothing(tmp_path, settings):
    # The public storage's folder is a file, so writing the first rendition fails.
    blocked = tmp_path / "media-is-a-file"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }

    with pytest.raises(NotADirectoryError):
        add_photo(
            gallery=GalleryFactory(),
            file=upload(image_bytes("JPEG")),
            status=PhotoStatus.PUBLISHED,
            build_now=True,
        )

    assert not Photo.objects.exists()
    assert stored_files(tmp_path) == ["media-is-a-file"]
