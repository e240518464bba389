import datetime
import io
import random
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.models import Photo, Rendition
from tests.factories import EditionFactory, GalleryFactory, StaffFactory, UserFactory
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

PAGE = reverse("photo-staff:upload")
FILE = reverse("photo-staff:upload-file")


def image_bytes(image_format: str, size=(640, 480), colour=(40, 90, 160), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format, **options)
    return buffer.getvalue()


def gps_jpeg() -> bytes:
    """A camera-like JPEG: where it was taken (GPS), when, and by which camera."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Example Camera"
    exif[ExifTags.Base.BodySerialNumber] = "SN-123456"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0),
    }
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2016:02:03 10:15:00"
    return image_bytes("JPEG", size=(1200, 800), exif=exif)


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


def stored_files(tmp_path) -> list[str]:
    return sorted(
        str(path.relative_to(tmp_path))
        for folder in ("media", "private-media")
        for path in (tmp_path / folder).rglob("*")
        if path.is_file()
    )


def send(client, data: bytes, name: str = "IMG_0001.jpg", *, gallery, **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(FILE, {"gallery": gallery.pk, "files": upload, **fields})


@pytest.fixture
def photographer(client):
    user = StaffFactory(groups=[PHOTOGRAPHERS])
    client.force_login(user)
    return user


@pytest.fixture
def gallery():
    return GalleryFactory(title="Day one")


# --- who may upload -----------------------------------------------------------------


def test_upload_page_anonymous_redirected_to_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={PAGE}"


def test_upload_file_anonymous_refused_with_json(client, gallery):
    response = send(client, image_bytes("JPEG"), gallery=gallery)

    assert response.status_code == 403
    assert "Sign in again" in response.json()["error"]
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    "user_kwargs",
    [
        pytest.param({"is_staff": True}, id="staff-without-permission"),
        pytest.param({"is_staff": False, "permissions": ["photos.add_photo"]}, id="not-staff"),
    ],
)
def test_upload_without_staff_permission_refused(client, gallery, user_kwargs):
    is_staff = user_kwargs.pop("is_staff")
    client.force_login(StaffFactory(is_staff=is_staff, **user_kwargs))

    page = client.get(PAGE)
    upload = send(client, image_bytes("JPEG"), gallery=gallery)

    assert page.status_code == 403
    assert upload.status_code == 403
    assert upload.json() == {"error": "You may not upload photos."}
    assert not Photo.objects.exists()


@pytest.fixture
def csrf_client():
    """A photographer, signed in, through a client that checks CSRF as for a browser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))
    return client


def page_csrf_token(client) -> str:
    """The token of the upload page's form, which the script sends too (the cookie is
    HttpOnly); getting the page also sets the cookie it is checked against."""
    response = client.get(PAGE)
    assert response.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def refused_by_csrf(response) -> bool:
    """Django's CSRF failure answer, not any other 403 (no permission, signed out)."""
    return response.status_code == 403 and "CSRF verification failed" in response.text


def test_upload_file_without_csrf_token_refused(csrf_client, gallery):
    page_csrf_token(csrf_client)  # the cookie is there; only the token is missing

    refused = send(csrf_client, image_bytes("JPEG"), gallery=gallery)

    assert refused_by_csrf(refused)
    assert not Photo.objects.exists()
    # The same request with the page's token goes through: it was the token that mattered.
    token = page_csrf_token(csrf_client)
    accepted = send(csrf_client, image_bytes("JPEG"), gallery=gallery, csrfmiddlewaretoken=token)
    assert accepted.status_code == 200
    assert accepted.json()["ok"] is True
    assert Photo.objects.count() == 1


def test_upload_page_form_without_csrf_token_refused(csrf_client, gallery):
    """The form posted without JavaScript (all files at once) is checked the same way."""

    def post(**fields):
        files = [
            SimpleUploadedFile("one.jpg", image_bytes("JPEG")),
            SimpleUploadedFile("two.png", image_bytes("PNG", size=(50, 40))),
        ]
        return csrf_client.post(PAGE, {"gallery": gallery.pk, "files": files, **fields})

    page_csrf_token(csrf_client)

    refused = post()

    assert refused_by_csrf(refused)
    assert not Photo.objects.exists()
    accepted = post(csrfmiddlewaretoken=page_csrf_token(csrf_client))
    assert accepted.status_code == 200
    assert [result.name for result in accepted.context["results"] if result.ok] == [
        "one.jpg",
        "two.png",
    ]
    assert Photo.objects.count() == 2


def test_upload_file_get_not_allowed(client, photographer):
    assert client.get(FILE).status_code == 405


# --- the page --------------------------------------------------------------------------


def test_upload_page_lists_galleries_newest_edition_first(client, photographer):
    older, newer = EditionFactory(name="PGConf 2015"), EditionFactory(name="PGConf 2019")
    GalleryFactory(edition=older, title="Workshops")
    GalleryFactory(edition=newer, title="Keynotes")
    GalleryFactory(edition=newer, title="After party", position=1)

    response = client.get(PAGE)

    assert response.status_code == 200
    choices = response.context["form"].fields["gallery"].choices
    groups = [(label, [title for _, title in options]) for label, options in choices[1:]]
    assert groups == [
        ("PGConf 2019", ["PGConf 2019 — Keynotes", "PGConf 2019 — After party"]),
        ("PGConf 2015", ["PGConf 2015 — Workshops"]),
    ]
    html = response.text
    assert html.index('<optgroup label="PGConf 2019">') < html.index("PGConf 2015")
    # Photographers get no "publish" box: their photos wait for an organiser.
    assert 'name="publish"' not in html
    file_input = re.search(r'<input type="file" name="files"[^>]*>', html).group()
    assert " multiple" in file_input
    assert "image/jpeg" in file_input
    assert '<label for="id_files">' in html
    assert f'data-start-url="{reverse("photo-staff:upload-start")}"' in html
    assert '<script src="/static/js/photo-upload.js" defer></script>' in html
    assert_csp_clean(html)


def test_galleries_are_named_with_their_edition_and_day_in_both_languages(client, photographer):
    older = EditionFactory(name="PGConf.Russia 2016", name_ru="PGConf.Россия 2016")
    newer = EditionFactory(name="PGConf.Russia 2017", name_ru="PGConf.Россия 2017")
    GalleryFactory(
        edition=older, title="Day one", title_ru="День первый", day=datetime.date(2016, 2, 3)
    )
    GalleryFactory(edition=newer, title="Day one", title_ru="День первый")

    options = {
        language: re.findall(
            r"<option value=\"\d+\">([^<]*)</option>",
            client.get(PAGE, headers={"accept-language": language}).text,
        )
        for language in ("en", "ru")
    }

    assert options == {
        "en": ["PGConf.Russia 2017 — Day one", "PGConf.Russia 2016 — Day one, 3 Feb"],
        "ru": ["PGConf.Россия 2017 — День первый", "PGConf.Россия 2016 — День первый, 3 Фев"],
    }


def test_upload_page_preselects_gallery_from_query(client, photographer, gallery):
    GalleryFactory()

    response = client.get(PAGE, {"gallery": gallery.pk})

    assert f'<option value="{gallery.pk}" selected>' in response.text


def test_upload_page_offers_publish_to_organisers(client):
    client.force_login(StaffFactory(groups=[ORGANISERS]))

    response = client.get(PAGE)

    assert '<input type="checkbox" name="publish"' in response.text


@pytest.mark.parametrize("galleries", [1, 6])
def test_upload_page_query_count_fixed(client, photographer, django_assert_num_queries, galleries):
    for edition in EditionFactory.create_batch(galleries):
        GalleryFactory(edition=edition)

    # session, user, the user's and their groups' permissions, galleries
    with django_assert_num_queries(5):
        response = client.get(PAGE)

    assert response.status_code == 200


# --- one file at a time (the JavaScript path) ----------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name", "size"),
    [("JPEG", "a.jpg", (640, 480)), ("PNG", "b.png", (480, 640)), ("WEBP", "c.webp", (500, 500))],
)
def test_upload_file_valid_image_becomes_pending_photo_without_public_files(
    client,
    photographer,
    gallery,
    tmp_path,
    django_capture_on_commit_callbacks,
    image_format,
    name,
    size,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, image_bytes(image_format, size=size), name, gallery=gallery)

    assert response.status_code == 200
    photo = Photo.objects.get()
    assert response.json() == {
        "ok": True,
        "photo": {
            "id": photo.pk,
            "name": name,
            "gallery": "Day one",
            "status": "pending",
            "status_label": "Pending",
            # Pending photos get no public files: organisers see them through the preview.
            "renditions_status": "withdrawn",
            # The task that decodes the whole file runs once the upload is committed.
            "check_status": "checking",
            "admin_url": reverse("admin:photos_photo_change", args=[photo.pk]),
        },
    }
    assert (photo.gallery, photo.uploaded_by, photo.status) == (
        gallery,
        photographer,
        PhotoStatus.PENDING,
    )
    assert (photo.width, photo.height) == size
    assert not photo.renditions.exists()
    assert stored_files(tmp_path) == [f"private-media/{photo.original.name}"]


@pytest.mark.parametrize(
    ("image_format", "name", "size"),
    [("JPEG", "a.jpg", (640, 480)), ("PNG", "b.png", (480, 640)), ("WEBP", "c.webp", (500, 500))],
)
def test_upload_file_published_at_once_gets_renditions(
    client, gallery, django_capture_on_commit_callbacks, image_format, name, size
):
    client.force_login(StaffFactory(groups=[ORGANISERS]))

    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            client, image_bytes(image_format, size=size), name, gallery=gallery, publish="on"
        )

    assert response.status_code == 200
    # Published and built once committed, by the task that checks the whole file.
    answer = response.json()["photo"]
    assert (answer["status"], answer["check_status"]) == ("pending", "checking")
    photo = Photo.objects.get()
    assert photo.check_status == CheckStatus.PASSED
    assert (photo.status, photo.width, photo.height) == (PhotoStatus.PUBLISHED, *size)
    assert photo.renditions_status == RenditionsStatus.READY
    assert {rendition.width for rendition in photo.renditions.all()} == {480}


def test_upload_file_credit_is_kept(client, photographer, gallery):
    send(client, image_bytes("JPEG"), gallery=gallery, credit="Jane Roe")

    assert Photo.objects.get().credit == "Jane Roe"


def test_upload_file_photographer_cannot_publish(client, photographer, gallery):
    response = send(client, image_bytes("JPEG"), gallery=gallery, publish="on")

    assert response.json()["photo"]["status"] == "pending"
    assert Photo.objects.get().status == PhotoStatus.PENDING


def test_upload_file_organiser_may_publish_at_once(
    client, gallery, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(groups=[ORGANISERS]))

    with django_capture_on_commit_callbacks(execute=True):
        published = send(client, image_bytes("JPEG"), gallery=gallery, publish="on")
        pending = send(client, image_bytes("JPEG"), gallery=gallery)

    # Both wait for the check; the first is published once it passes.
    assert published.json()["photo"]["status"] == "pending"
    assert pending.json()["photo"]["status"] == "pending"
    statuses = list(Photo.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [PhotoStatus.PUBLISHED, PhotoStatus.PENDING]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(
            b"Meeting notes, not a photo.\n" * 40,
            "notes.jpg",
            "This file is not an image; please upload JPEG, PNG, WebP",
            id="not-an-image",
        ),
        pytest.param(
            png_claiming(100_000, 100_000),
            "bomb.png",
            "This image has too many pixels; photos may have at most 89.5 million.",
            id="decompression-bomb",
        ),
        pytest.param(
            image_bytes("GIF"),
            "anim.gif",
            "GIF images are not accepted; please upload JPEG, PNG, WebP",
            id="gif",
        ),
    ],
)
def test_upload_file_bad_file_refused_with_message(
    client, photographer, gallery, tmp_path, data, name, message
):
    response = send(client, data, name, gallery=gallery)

    assert response.status_code == 400
    assert response.json()["name"] == name
    assert response.json()["error"].startswith(message)
    assert not Photo.objects.exists()
    assert stored_files(tmp_path) == []


def test_upload_file_too_big_refused_while_streaming(
    client, photographer, gallery, tmp_path, settings
):
    settings.PHOTO_MAX_UPLOAD_BYTES = 10_000
    # Noise does not compress: a real image file of about 120 kB.
    noisy = Image.frombytes("RGB", (200, 200), random.Random(1).randbytes(200 * 200 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    data = buffer.getvalue()
    assert len(data) > 10_000

    response = send(client, data, "huge.png", gallery=gallery)

    assert response.status_code == 413
    assert response.json() == {
        "error": "This file is over 9.8\xa0KB, the most a photo may be.",
        "name": "huge.png",
    }
    assert not Photo.objects.exists()
    assert stored_files(tmp_path) == []


def test_upload_file_gps_jpeg_renditions_carry_no_metadata_but_time_is_kept(
    client, gallery, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(groups=[ORGANISERS]))
    data = gps_jpeg()
    # The file really carries what must not leak, so the assertions below can fail.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"SN-123456" in data

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, data, gallery=gallery, publish="on")

    assert response.status_code == 200
    photo = Photo.objects.get()
    assert photo.taken_at.isoformat() == "2016-02-03T07:15:00+00:00"  # 10:15 in Moscow
    renditions = list(photo.renditions.all())
    assert {rendition.width for rendition in renditions} == {480, 960}
    for rendition in renditions:
        with rendition.file.open("rb") as file:
            stored = file.read()
        image = Image.open(io.BytesIO(stored))
        assert dict(image.getexif()) == {}, rendition
        assert {"exif", "xmp", "icc_profile"}.isdisjoint(image.info), rendition
        assert b"Exif" not in stored
        assert b"SN-123456" not in stored
        assert b"Example Camera" not in stored


def test_upload_file_without_gallery_refused(client, photographer):
    response = client.post(FILE, {"files": SimpleUploadedFile("a.jpg", image_bytes("JPEG"))})

    assert response.status_code == 400
    assert response.json() == {"error": "This field is required."}


def test_upload_file_unknown_gallery_refused(client, photographer):
    response = send(client, image_bytes("JPEG"), gallery=GalleryFactory.build(pk=999_999))

    assert response.status_code == 400
    assert "Select a valid choice" in response.json()["error"]


def test_upload_file_two_files_in_one_request_refused(client, photographer, gallery):
    files = [SimpleUploadedFile(f"{n}.jpg", image_bytes("JPEG")) for n in range(2)]

    response = client.post(FILE, {"gallery": gallery.pk, "files": files})

    assert response.status_code == 400
    assert response.json() == {"error": "Send exactly one photo per request."}
    assert not Photo.objects.exists()


# --- all files in one form (without JavaScript) -----------------------------------------


def test_upload_page_form_reports_each_file(client, photographer, gallery, settings, tmp_path):
    settings.PHOTO_MAX_UPLOAD_BYTES = 20_000
    files = [
        SimpleUploadedFile("good.jpg", image_bytes("JPEG")),
        SimpleUploadedFile("notes.jpg", b"not a photo at all " * 10),
        SimpleUploadedFile("big.jpg", b"\xff\xd8" + bytes(30_000)),
        SimpleUploadedFile("good.png", image_bytes("PNG", size=(50, 40))),
    ]

    response = client.post(PAGE, {"gallery": gallery.pk, "files": files, "credit": "J. Roe"})

    assert response.status_code == 200
    rows = [(result.name, result.error or "ok") for result in response.context["results"]]
    assert rows == [
        ("big.jpg", "This file is over 19.5\xa0KB, the most a photo may be."),
        ("good.jpg", "ok"),
        ("notes.jpg", rows[2][1]),
        ("good.png", "ok"),
    ]
    assert rows[2][1].startswith("This file is not an image")
    html = re.sub(r"\s+", " ", response.text)
    assert "2 photos uploaded, 2 failed." in html
    assert (
        '<span class="upload-name">good.png</span> <span class="upload-status">Uploaded · Pending'
        in html
    )
    assert "This file is over 19.5 KB, the most a photo may be." in html  # \xa0 folded
    assert list(Photo.objects.order_by("pk").values_list("credit", "width")) == [
        ("J. Roe", 640),
        ("J. Roe", 50),
    ]
    # The gallery stays chosen for the next batch.
    assert f'<option value="{gallery.pk}" selected>' in response.text


def test_upload_page_form_without_files_refused(client, photographer, gallery):
    response = client.post(PAGE, {"gallery": gallery.pk})

    assert response.status_code == 400
    assert "Choose at least one photo." in response.text
    assert not Photo.objects.exists()


def test_upload_page_form_too_many_files_refused(client, photographer, gallery, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{n}.jpg", image_bytes("JPEG")) for n in range(3)]

    response = client.post(PAGE, {"gallery": gallery.pk, "files": files})

    assert response.status_code == 400
    assert "At most 2 photos can be sent at once without JavaScript" in response.text
    assert not Photo.objects.exists()


# --- storage failing while the uploader waits -----------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_file_renditions_failing_in_request_keeps_nothing(client, tmp_path, settings):
    gallery = GalleryFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    # The public storage's folder is a file: the original is stored, every rendition fails.
    blocked = tmp_path / "media"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }

    response = send(client, image_bytes("JPEG"), "IMG_1.jpg", gallery=gallery, publish="on")

    assert response.status_code == 503
    assert response.json() == {
        "error": "The web versions of this photo could not be made, so it was not saved. "
        "Please try again later.",
        "name": "IMG_1.jpg",
    }
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert list((tmp_path / "private-media").rglob("*.*")) == []

    # Once the storage is back, the same upload works.
    blocked.unlink()
    again = send(client, image_bytes("JPEG"), "IMG_1.jpg", gallery=gallery, publish="on")

    assert again.status_code == 200
    assert again.json()["photo"]["renditions_status"] == "ready"
    assert Photo.objects.get().renditions.count() > 0
