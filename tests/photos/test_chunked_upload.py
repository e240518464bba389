"""The resumable upload protocol (photos/chunked.py, photos/chunked_views.py): chunks in
any order and more than once, a wrong size or hash refused, duplicates, abandoned uploads
purged with their chunks, and who may do what."""

import datetime
import hashlib
import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conference.groups import PHOTOGRAPHERS
from photos.choices import IncomingState, PhotoStatus
from photos.incoming_models import IncomingUpload
from photos.models import Photo
from tests.factories import GalleryFactory, StaffFactory

pytestmark = pytest.mark.django_db

START = reverse("photo-staff:upload-start")
CHUNK = 1000


@pytest.fixture(autouse=True)
def small_chunks(settings):
    settings.PHOTO_UPLOAD_CHUNK_BYTES = CHUNK


@pytest.fixture
def photographer(client):
    user = StaffFactory(groups=[PHOTOGRAPHERS])
    client.force_login(user)
    return user


def photo_bytes(seed: int = 1) -> bytes:
    # Noise makes a JPEG of several chunks; the seed makes each photo's bytes its own.
    image = Image.effect_noise((96, 96), 40 + seed).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def start(client, gallery, data: bytes, name="one.jpg", **fields):
    body = {
        "gallery": gallery.pk if gallery else "",
        "name": name,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **fields,
    }
    return client.post(START, json.dumps(body), content_type="application/json")


def put_chunk(client, upload_id, data: bytes, index: int, *, total=None, body=None):
    first = index * CHUNK
    piece = data[first : first + CHUNK]
    last = first + len(piece) - 1
    return client.put(
        reverse("photo-staff:upload-chunk", args=[upload_id]),
        piece if body is None else body,
        content_type="application/octet-stream",
        headers={"content-range": f"bytes {first}-{last}/{total or len(data)}"},
    )


def complete(client, upload_id):
    return client.post(reverse("photo-staff:upload-complete", args=[upload_id]))


def chunk_count(data: bytes) -> int:
    return -(-len(data) // CHUNK)


def stored_chunks(settings) -> list:
    folder = settings.PRIVATE_MEDIA_ROOT / "incoming"
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def test_chunks_in_order_become_one_photo_and_leave_no_chunk(
    client, photographer, settings, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    data = photo_bytes()
    started = start(client, gallery, data, caption_en="Hall", alt_text_ru="Зал")
    assert started.status_code == 201
    upload = started.json()
    assert (upload["chunk_size"], upload["received"], upload["state"]) == (CHUNK, [], "receiving")
    assert chunk_count(data) >= 3
    for index in range(chunk_count(data)):
        assert put_chunk(client, upload["id"], data, index).status_code == 200
    assert len(stored_chunks(settings)) == chunk_count(data)

    with django_capture_on_commit_callbacks(execute=True):
        answer = complete(client, upload["id"])

    assert answer.status_code == 200
    assert answer.json()["ok"] is True
    photo = Photo.objects.get()
    assert answer.json()["photo"]["id"] == photo.pk
    assert (photo.gallery, photo.status, photo.uploaded_by) == (
        gallery,
        PhotoStatus.PENDING,
        photographer,
    )
    assert (photo.caption_en, photo.alt_text_ru) == ("Hall", "Зал")
    with photo.original.open("rb") as original:
        assert original.read() == data
    assert stored_chunks(settings) == []
    assert IncomingUpload.objects.get().state == IncomingState.DONE


def test_chunks_out_of_order_and_twice_are_stored_once(
    client, photographer, settings, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data).json()
    order = list(reversed(range(chunk_count(data))))
    with django_capture_on_commit_callbacks(execute=True):
        for index in [*order, 0, 1]:
            assert put_chunk(client, upload["id"], data, index).status_code == 200

    status = client.get(reverse("photo-staff:upload-chunk", args=[upload["id"]])).json()
    assert status["received"] == list(range(chunk_count(data)))
    assert len(stored_chunks(settings)) == chunk_count(data)
    assert complete(client, upload["id"]).status_code == 200
    # Completing again answers the same photo rather than making a second.
    again = complete(client, upload["id"])
    assert again.status_code == 200
    assert again.json()["photo"]["id"] == Photo.objects.get().pk


def test_an_upload_started_again_resumes_with_the_chunks_it_has(client, photographer):
    gallery = GalleryFactory()
    data = photo_bytes()
    first = start(client, gallery, data).json()
    put_chunk(client, first["id"], data, 0)
    put_chunk(client, first["id"], data, 2)

    again = start(client, gallery, data)

    assert again.status_code == 200
    assert (again.json()["id"], again.json()["received"]) == (first["id"], [0, 2])


def test_completing_with_a_chunk_missing_says_so_and_can_go_on(client, photographer):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data).json()
    for index in range(1, chunk_count(data)):
        put_chunk(client, upload["id"], data, index)

    early = complete(client, upload["id"])

    assert early.status_code == 409
    assert early.json()["error"] == "Chunks of this file not arrived yet: 1."
    put_chunk(client, upload["id"], data, 0)
    assert complete(client, upload["id"]).status_code == 200
    assert Photo.objects.count() == 1


def test_a_chunk_of_the_wrong_size_or_place_is_refused(client, photographer, settings):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data).json()

    wrong_total = put_chunk(client, upload["id"], data, 0, total=len(data) + 1)
    short_body = put_chunk(client, upload["id"], data, 0, body=data[:10])
    no_range = client.put(
        reverse("photo-staff:upload-chunk", args=[upload["id"]]),
        data[:CHUNK],
        content_type="application/octet-stream",
    )

    assert wrong_total.status_code == 416
    assert wrong_total.json()["error"].startswith("This chunk does not fit the upload of one.jpg")
    assert short_body.status_code == 400
    assert short_body.json()["error"] == (
        f"This chunk holds 10 bytes; its Content-Range announces {CHUNK}."
    )
    assert no_range.status_code == 400
    assert stored_chunks(settings) == []


def test_bytes_that_differ_from_the_announced_hash_are_refused(
    client, photographer, settings, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    data = photo_bytes()
    other = bytearray(data)
    other[-10] ^= 0xFF
    upload = start(client, gallery, data).json()
    for index in range(chunk_count(data)):
        put_chunk(client, upload["id"], bytes(other), index)

    with django_capture_on_commit_callbacks(execute=True):
        answer = complete(client, upload["id"])

    assert answer.status_code == 400
    assert answer.json()["state"] == "refused"
    assert answer.json()["error"].startswith("The bytes received differ from the file announced")
    assert Photo.objects.count() == 0
    assert stored_chunks(settings) == []


def test_a_file_that_is_not_a_photo_is_refused_with_the_upload_pages_message(client, photographer):
    gallery = GalleryFactory()
    data = b"not a photo " * 200
    upload = start(client, gallery, data, name="notes.jpg").json()
    for index in range(chunk_count(data)):
        put_chunk(client, upload["id"], data, index)

    answer = complete(client, upload["id"])

    assert answer.status_code == 400
    assert answer.json()["error"].startswith("This file is not an image; please upload JPEG")
    status = client.get(reverse("photo-staff:upload-chunk", args=[upload["id"]])).json()
    assert (status["state"], status["error"]) == ("refused", answer.json()["error"])
    assert Photo.objects.count() == 0


def test_the_same_photo_twice_into_one_gallery_is_refused_as_a_duplicate(client, photographer):
    gallery, other_gallery = GalleryFactory(), GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data, name="IMG_1.jpg").json()
    for index in range(chunk_count(data)):
        put_chunk(client, upload["id"], data, index)
    complete(client, upload["id"])

    again = start(client, gallery, data, name="copy.jpg")

    assert again.status_code == 409
    assert again.json()["error"] == "This photo is in this gallery already (uploaded as IMG_1.jpg)."
    assert again.json()["duplicate"] is True
    assert start(client, other_gallery, data).status_code == 201


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"size": 10**12}, 413, "This file is over"),
        ({"gallery": 999999}, 400, "This gallery does not exist any more; choose another one."),
        ({"gallery": ""}, 400, "Choose a gallery first."),
        ({"sha256": "abc"}, 400, "Not a SHA-256 in hexadecimal."),
    ],
)
def test_an_upload_that_cannot_start_says_why(client, photographer, change, status, message):
    gallery = GalleryFactory()
    data = photo_bytes()
    body = {
        "gallery": gallery.pk,
        "name": "one.jpg",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **change,
    }

    answer = client.post(START, json.dumps(body), content_type="application/json")

    assert answer.status_code == status
    assert answer.json()["error"].startswith(message)
    assert IncomingUpload.objects.count() == 0


def test_a_gallery_deleted_mid_upload_is_refused_on_completion(
    client, photographer, settings, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data).json()
    for index in range(chunk_count(data)):
        put_chunk(client, upload["id"], data, index)
    gallery.delete()

    with django_capture_on_commit_callbacks(execute=True):
        answer = complete(client, upload["id"])

    assert answer.status_code == 400
    assert answer.json()["error"] == "Its gallery was deleted; choose another gallery."
    assert stored_chunks(settings) == []


def test_abandoned_uploads_are_purged_with_their_chunks(
    client, photographer, settings, django_capture_on_commit_callbacks
):
    gallery = GalleryFactory()
    data, finished_data = photo_bytes(1), photo_bytes(2)
    abandoned = start(client, gallery, data, name="abandoned.jpg").json()
    put_chunk(client, abandoned["id"], data, 0)
    finished = start(client, gallery, finished_data, name="finished.jpg").json()
    for index in range(chunk_count(finished_data)):
        put_chunk(client, finished["id"], finished_data, index)
    with django_capture_on_commit_callbacks(execute=True):
        complete(client, finished["id"])
    recent = start(client, gallery, data, name="recent.jpg", credit="x")
    IncomingUpload.objects.exclude(pk=recent.json()["id"]).update(
        updated_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert len(stored_chunks(settings)) == 1

    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_abandoned_uploads", stdout=output)

    assert output.getvalue() == "1 abandoned uploads purged.\n"
    assert sorted(IncomingUpload.objects.values_list("name", flat=True)) == [
        "finished.jpg",
        "recent.jpg",
    ]
    assert stored_chunks(settings) == []
    gone = client.get(reverse("photo-staff:upload-chunk", args=[abandoned["id"]]))
    assert gone.status_code == 404
    assert gone.json()["error"].startswith("This upload is not known here")


def test_only_people_who_may_upload_use_the_protocol(client):
    gallery = GalleryFactory()
    data = photo_bytes()
    signed_out = start(client, gallery, data)
    client.force_login(StaffFactory(username="clerk"))
    no_permission = start(client, gallery, data)

    assert (signed_out.status_code, no_permission.status_code) == (403, 403)
    assert signed_out.json()["error"].startswith("You are signed out")
    assert no_permission.json()["error"] == "You may not upload photos."
    assert IncomingUpload.objects.count() == 0


def test_an_upload_is_continued_only_by_the_person_who_started_it(client, photographer):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data).json()
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS], username="other"))

    answers = [
        client.get(reverse("photo-staff:upload-chunk", args=[upload["id"]])),
        put_chunk(client, upload["id"], data, 0),
        complete(client, upload["id"]),
        client.get(reverse("photo-staff:upload-chunk", args=[uuid.uuid4()])),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404, 404]
    assert IncomingUpload.objects.get().chunks.count() == 0


def test_a_photographer_cannot_publish_through_a_chunked_upload(client, photographer):
    gallery = GalleryFactory()
    data = photo_bytes()
    upload = start(client, gallery, data, publish=True).json()
    for index in range(chunk_count(data)):
        put_chunk(client, upload["id"], data, index)

    complete(client, upload["id"])

    assert Photo.objects.get().status == PhotoStatus.PENDING


def test_refusals_are_in_the_language_the_browser_asks_for(client, photographer):
    data = photo_bytes()
    body = {"gallery": 999999, "name": "one.jpg", "size": len(data)}
    body["sha256"] = hashlib.sha256(data).hexdigest()

    answer = client.post(
        START, json.dumps(body), content_type="application/json", headers={"accept-language": "ru"}
    )

    assert answer.status_code == 400
    assert answer.json()["error"] == "Этой галереи больше нет; выберите другую."
