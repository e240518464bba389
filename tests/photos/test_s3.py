"""The S3 path, against a real S3 endpoint on loopback: moto's standalone server.

Uploads go through the real view with both storages on S3 (as conference/settings.py sets
them up when AWS_STORAGE_BUCKET_NAME is set): originals in a private bucket, renditions in
the public one. The tests commit for real (the renditions task runs once the upload
commits), so the database is flushed after each and restored for later tests.
"""

import socket
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from photos.models import Photo, Rendition
from tests.factories import GalleryFactory, RenditionFactory, StaffFactory, TalkFactory
from tests.photos.test_upload import image_bytes
from tests.talks.test_slides import real_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"
# One try, short timeouts: a stopped server must fail the request at once, not after retries.
BOTO_CONFIG = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MotoS3:
    """A moto server on 127.0.0.1 that can be stopped and started again on its port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.client = boto3.client(
            "s3", endpoint_url=self.url, region_name=REGION, config=BOTO_CONFIG, **CREDENTIALS
        )

    def start(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()

    def stop(self):
        self.server.stop()

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture
def s3(settings):
    """Both storages on a fresh pair of buckets of a moto server started for the test."""
    server = MotoS3()
    server.start()
    server.public = f"media-{uuid.uuid4().hex[:12]}"
    server.private = f"originals-{uuid.uuid4().hex[:12]}"
    for bucket in (server.public, server.private):
        server.client.create_bucket(Bucket=bucket)
    common = {
        "endpoint_url": server.url,
        "region_name": REGION,
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
        "client_config": BOTO_CONFIG,
        "default_acl": None,
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "conference.web.media.S3MediaStorage",
            "OPTIONS": {
                **common,
                "bucket_name": server.public,
                "location": "media",
                "querystring_auth": False,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": server.private,
                "querystring_auth": True,
                "querystring_expire": 600,
            },
        },
    }
    yield server
    if server.server is not None:
        server.stop()


@pytest.fixture
def uploader(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def upload(client, gallery, name="IMG_0001.jpg"):
    """Upload a photo published at once (pending photos get no public file)."""
    data = image_bytes("JPEG", size=(1000, 700))
    return client.post(
        reverse("photo-staff:upload-file"),
        {"gallery": gallery.pk, "files": SimpleUploadedFile(name, data), "publish": "on"},
    )


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 -- our loopback server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_upload_to_s3_original_private_renditions_public(s3, uploader):
    gallery = GalleryFactory()

    response = upload(uploader, gallery)

    assert response.status_code == 200
    assert response.json()["photo"]["renditions_status"] == "ready"
    photo = Photo.objects.get()
    renditions = list(photo.renditions.all())
    assert {rendition.width for rendition in renditions} == {480, 960}
    # The original: in the private bucket only, under originals/, not readable anonymously.
    original_key = photo.original.name
    assert original_key.startswith("originals/")
    assert s3.keys(s3.private) == [original_key]
    grants = s3.client.get_object_acl(Bucket=s3.private, Key=original_key)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner only
    assert anonymous_get(f"{s3.url}/{s3.private}/{original_key}") == 403
    signed = photo.original.url  # reachable through short-lived signed URLs only
    assert "Signature=" in signed
    assert "Expires=" in signed
    # The renditions: in the public bucket, under media/, with plain URLs.
    assert s3.keys(s3.public) == sorted(f"media/{r.file.name}" for r in renditions)
    assert photo.original.name not in " ".join(s3.keys(s3.public))
    url = renditions[0].file.url
    assert url.startswith(f"{s3.url}/{s3.public}/media/renditions/")
    assert "Signature" not in url


def test_upload_with_s3_down_refused_and_repeatable(s3, uploader):
    gallery = GalleryFactory()
    s3.stop()

    refused = upload(uploader, gallery)

    assert refused.status_code == 503
    assert refused.json()["error"] == (
        "The photo storage is not available, so this photo was not saved. Please try again later."
    )
    assert not Photo.objects.exists()

    s3.start()
    again = upload(uploader, gallery)

    assert again.status_code == 200
    assert Photo.objects.count() == 1
    assert len(s3.keys(s3.private)) == 1


def test_upload_with_public_bucket_gone_keeps_nothing_and_is_repeatable(s3, uploader):
    gallery = GalleryFactory()
    # The original can be stored, its renditions cannot.
    s3.client.delete_bucket(Bucket=s3.public)

    refused = upload(uploader, gallery)

    assert refused.status_code == 503
    assert refused.json()["error"].startswith("The web versions of this photo could not be made")
    assert not Photo.objects.exists()
    assert not Rendition.objects.exists()
    assert s3.keys(s3.private) == []  # the original was deleted again

    s3.client.create_bucket(Bucket=s3.public)
    again = upload(uploader, gallery)

    assert again.status_code == 200
    photo = Photo.objects.get()
    assert s3.keys(s3.private) == [photo.original.name]
    assert len(s3.keys(s3.public)) == photo.renditions.count() > 0


def test_public_objects_carry_their_type_and_slides_a_download_disposition(s3):
    talk = TalkFactory(slug="logical-replication")
    talk.slides_file.save("deck.pdf", ContentFile(real_pdf()))
    rendition = RenditionFactory()

    slides = s3.client.head_object(Bucket=s3.public, Key=f"media/{talk.slides_file.name}")
    picture = s3.client.head_object(Bucket=s3.public, Key=f"media/{rendition.file.name}")

    assert slides["ContentType"] == "application/pdf"
    assert slides["ContentDisposition"] == 'attachment; filename="logical-replication.pdf"'
    assert picture["ContentType"] == "image/jpeg"
    assert "ContentDisposition" not in picture
