import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, features

from conference.models import Edition
from photos.choices import RenditionFormat
from photos.imaging import rendition_widths
from photos.models import Rendition
from photos.renditions import build_renditions
from photos.services import InvalidPhoto, add_photo
from tests.factories import GalleryFactory, PhotoFactory

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)
ALL_FORMATS = {"avif", "webp", "jpeg"} if features.check("avif") else {"webp", "jpeg"}


def two_colour_image(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: easy to tell which way it was turned."""
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def camera_exif(*, orientation=None, taken="2016:02:03 11:15:00", offset=None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.Base.Artist] = "Secret Photographer"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        details[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (55.0, 45.0, 7.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (37.0, 37.0, 56.0)
    return exif


def encoded(image: Image.Image, image_format: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def photo_from(data: bytes, name: str = "photo.jpg"):
    return PhotoFactory(original=ContentFile(data, name=name))


def open_rendition(rendition: Rendition) -> tuple[Image.Image, bytes]:
    with rendition.file.open("rb") as file:
        data = file.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def rendition_files(tmp_path) -> set[str]:
    root = tmp_path / "media"
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_build_renditions_applies_exif_orientation():
    # Stored sideways (1000 x 500) with Orientation=6: "rotate 90° clockwise to view".
    data = encoded(two_colour_image(1000, 500), exif=camera_exif(orientation=6))
    photo = photo_from(data)

    renditions = build_renditions(photo)

    photo.refresh_from_db()
    assert (photo.width, photo.height) == (500, 1000)
    jpeg = next(r for r in renditions if r.format == RenditionFormat.JPEG)
    image, _ = open_rendition(jpeg)
    assert image.size == (480, 960) == (jpeg.width, jpeg.height)
    # Turned clockwise, the left (red) half is now on top.
    top = image.getpixel((240, 100))
    bottom = image.getpixel((240, 860))
    assert top[0] > 180
    assert top[2] < 80
    assert bottom[2] > 180
    assert bottom[0] < 80


def test_build_renditions_strip_every_kind_of_metadata():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Secret Photographer</x:xmpmeta>'
    data = encoded(
        two_colour_image(1000, 700),
        exif=camera_exif(orientation=1),
        icc_profile=icc,
        xmp=xmp,
        comment=b"Secret Photographer",
    )
    photo = photo_from(data)

    renditions = build_renditions(photo)

    assert {r.format for r in renditions} == ALL_FORMATS
    for rendition in renditions:
        image, raw = open_rendition(rendition)
        assert dict(image.getexif()) == {}, rendition
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), rendition
        assert b"Secret Photographer" not in raw
        assert b"Exif\x00\x00" not in raw


def test_build_renditions_widths_never_upscale():
    photo = photo_from(encoded(two_colour_image(1000, 500)))

    renditions = build_renditions(photo)

    assert sorted({(r.width, r.height) for r in renditions}) == [(480, 240), (960, 480)]
    for rendition in renditions:
        image, _ = open_rendition(rendition)
        assert image.size == (rendition.width, rendition.height)
        assert rendition.size_bytes == rendition.file.size


def test_build_renditions_narrow_original_keeps_its_own_width():
    photo = photo_from(encoded(two_colour_image(300, 200)))

    renditions = build_renditions(photo)

    assert {(r.width, r.height) for r in renditions} == {(300, 200)}
    assert {r.format for r in renditions} == ALL_FORMATS


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (100, [100]),
        (479, [479]),
        (480, [480]),
        (1600, [480, 960, 1600]),
        (5000, [480, 960, 1600, 2400]),
    ],
)
def test_rendition_widths_within_original(width, widths):
    assert rendition_widths(width) == widths


def test_build_renditions_reads_taken_at_in_the_venue_zone(settings):
    # A camera at 31C3 showed Hamburg's clock, whatever the site's zone.
    settings.TIME_ZONE = "Europe/Moscow"
    photo = photo_from(encoded(two_colour_image(600, 400), exif=camera_exif()))
    Edition.objects.filter(pk=photo.gallery.edition_id).update(time_zone="Europe/Berlin")
    photo.gallery.edition.refresh_from_db()

    build_renditions(photo)

    photo.refresh_from_db()
    berlin = ZoneInfo("Europe/Berlin")
    assert photo.taken_at == datetime.datetime(2016, 2, 3, 11, 15, tzinfo=berlin)


def test_add_photo_reads_taken_at_in_the_venue_zone():
    gallery = GalleryFactory(edition__time_zone="Asia/Tokyo")
    data = encoded(two_colour_image(600, 400), exif=camera_exif())

    photo = add_photo(gallery=gallery, file=SimpleUploadedFile("photo.jpg", data))

    tokyo = ZoneInfo("Asia/Tokyo")
    assert photo.taken_at == datetime.datetime(2016, 2, 3, 11, 15, tzinfo=tokyo)


def test_build_renditions_reads_taken_at_with_exif_offset():
    exif = camera_exif(taken="2019:02:04 10:00:00", offset="+01:00")
    photo = photo_from(encoded(two_colour_image(600, 400), exif=exif))

    build_renditions(photo)

    photo.refresh_from_db()
    assert photo.taken_at == datetime.datetime(2019, 2, 4, 9, 0, tzinfo=datetime.UTC)


def test_build_renditions_without_exif_leaves_taken_at_empty():
    photo = photo_from(encoded(two_colour_image(600, 400)))

    build_renditions(photo)

    photo.refresh_from_db()
    assert photo.taken_at is None


def test_build_renditions_sets_placeholder_to_average_colour():
    png = encoded(Image.new("RGB", (600, 400), (40, 90, 160)), "PNG")
    photo = photo_from(png, name="photo.png")

    build_renditions(photo)

    photo.refresh_from_db()
    assert photo.placeholder_color == "#285aa0"


def test_build_renditions_twice_keeps_one_row_per_size_and_no_orphan_files(
    tmp_path, django_capture_on_commit_callbacks
):
    photo = photo_from(encoded(two_colour_image(1000, 500)))
    with django_capture_on_commit_callbacks(execute=True):
        build_renditions(photo)
    first = {(r.width, r.format): r.pk for r in Rendition.objects.filter(photo=photo)}

    with django_capture_on_commit_callbacks(execute=True):
        build_renditions(photo)

    rows = Rendition.objects.filter(photo=photo)
    assert {(r.width, r.format): r.pk for r in rows} == first
    assert rendition_files(tmp_path) == {r.file.name for r in rows}


def test_build_renditions_drops_rows_no_longer_made(tmp_path, django_capture_on_commit_callbacks):
    photo = photo_from(encoded(two_colour_image(1000, 500)))
    stale = Rendition.objects.create(
        photo=photo,
        width=2400,
        height=1200,
        format=RenditionFormat.JPEG,
        file=ContentFile(b"old", name="old.jpeg"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        build_renditions(photo)

    assert not Rendition.objects.filter(pk=stale.pk).exists()
    assert rendition_files(tmp_path) == {r.file.name for r in Rendition.objects.filter(photo=photo)}


@pytest.mark.parametrize(
    ("mode", "colour"),
    [
        ("RGBA", (255, 0, 0, 0)),  # fully transparent: flattened onto white
        ("LA", (0, 0)),
        ("P", None),
        ("CMYK", (0, 0, 0, 0)),  # no ink: white
        ("L", 255),
        ("I;16", 65535),
    ],
)
def test_build_renditions_converts_any_mode_to_rgb(mode, colour):
    if mode == "P":
        image = Image.new("P", (500, 300), 0)
        image.putpalette([255, 255, 255] * 256)
        image.info["transparency"] = 0
    else:
        image = Image.new(mode, (500, 300), colour)
    image_format = "JPEG" if mode == "CMYK" else "PNG"
    photo = photo_from(encoded(image, image_format), name=f"photo.{image_format.lower()}")

    renditions = build_renditions(photo)

    jpeg = next(r for r in renditions if r.format == RenditionFormat.JPEG)
    rendered, _ = open_rendition(jpeg)
    assert rendered.mode == "RGB"
    assert all(channel > 245 for channel in rendered.getpixel((100, 100)))


def test_build_renditions_damaged_original_raises_and_writes_nothing(tmp_path):
    data = encoded(two_colour_image(600, 400))
    photo = photo_from(data[: len(data) // 2])

    with pytest.raises(InvalidPhoto, match="damaged or incomplete"):
        build_renditions(photo)

    assert not Rendition.objects.exists()
    assert rendition_files(tmp_path) == set()
