"""The CSP's img-src follows the media storage's real URLs (conference/web/csp.py).

The storages are built as conference/settings.py builds them; url() makes no request, so
no S3 server is needed here (tests/browser/test_media_csp.py loads real images from one).
"""

import json

import pytest
from botocore.config import Config
from django.core.checks import Tags, run_checks
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from conference.web.csp import media_source, with_media_source
from talks.video import frame_csp, parse_video_url
from tests.conference.test_settings import run_python

BUCKET = "media-bucket"


def s3(**options) -> S3Storage:
    return S3Storage(bucket_name=BUCKET, location="media", querystring_auth=False, **options)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    ("storage", "source"),
    [
        pytest.param(FileSystemStorage(base_url="/media/"), None, id="local relative"),
        pytest.param(
            FileSystemStorage(base_url="https://media.example.org/archive/"),
            "https://media.example.org/archive/",
            id="local on another host",
        ),
        pytest.param(
            s3(endpoint_url="http://127.0.0.1:9000"),
            f"http://127.0.0.1:9000/{BUCKET}/media/",
            id="s3 endpoint path-style",
        ),
        pytest.param(
            s3(region_name="eu-west-1"),
            f"https://{BUCKET}.s3.amazonaws.com/media/",
            id="aws default addressing",
        ),
        pytest.param(
            s3(region_name="eu-west-1", client_config=Config(s3={"addressing_style": "path"})),
            f"https://s3.eu-west-1.amazonaws.com/{BUCKET}/media/",
            id="aws path-style",
        ),
        pytest.param(
            s3(region_name="eu-west-1", client_config=Config(s3={"addressing_style": "virtual"})),
            f"https://{BUCKET}.s3.eu-west-1.amazonaws.com/media/",
            id="aws virtual-host",
        ),
        pytest.param(
            s3(custom_domain="cdn.example.org"), "https://cdn.example.org/media/", id="custom"
        ),
        pytest.param(
            s3(custom_domain=f"127.0.0.1:9000/{BUCKET}", url_protocol="http:"),
            f"http://127.0.0.1:9000/{BUCKET}/media/",
            id="custom domain with a path",
        ),
        pytest.param(
            s3(custom_domain="cdn.example.org", url_protocol=""),
            "cdn.example.org/media/",
            id="protocol-relative",
        ),
    ],
)
def test_media_source_from_storage_url(storage, source):
    assert media_source(storage) == source


def test_media_source_of_signed_urls_drops_the_signature():
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url="http://127.0.0.1:9000",
        querystring_auth=True,
        access_key="testing",
        secret_key="testing",
    )
    assert "Signature=" in storage.url("x")

    assert media_source(storage) == f"http://127.0.0.1:9000/{BUCKET}/"


def test_with_media_source_adds_to_img_src_only():
    policy = {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}

    with_s3 = with_media_source(policy, s3(custom_domain="cdn.example.org"))

    assert with_s3 == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://cdn.example.org/media/"],
    }
    assert policy["img-src"] == ["'self'", "data:"]  # the setting itself is left alone
    assert with_media_source(policy, FileSystemStorage(base_url="/media/")) is policy


def s3_settings(settings, **options):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "location": "media", "querystring_auth": False}
            | options,
        },
    }


@pytest.mark.django_db
def test_pages_allow_images_from_s3_without_custom_domain(client, settings):
    s3_settings(settings, endpoint_url="http://127.0.0.1:9000")

    img_src = csp_directives(client.get("/"))["img-src"]

    assert img_src == ["'self'", "data:", f"http://127.0.0.1:9000/{BUCKET}/media/"]


@pytest.mark.django_db
def test_pages_follow_a_storage_change(client, settings):
    s3_settings(settings, custom_domain="cdn.example.org")
    assert csp_directives(client.get("/"))["img-src"][-1] == "https://cdn.example.org/media/"

    s3_settings(settings, custom_domain="images.example.org")

    assert csp_directives(client.get("/"))["img-src"][-1] == "https://images.example.org/media/"


@pytest.mark.django_db
def test_pages_with_local_media_allow_self_and_data_only(client):
    assert csp_directives(client.get("/"))["img-src"] == ["'self'", "data:"]


def test_video_player_policy_keeps_the_media_source(settings):
    s3_settings(settings, custom_domain="cdn.example.org")
    peertube = parse_video_url("https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d")

    policy = frame_csp(peertube)

    assert policy["img-src"] == ["'self'", "data:", "https://cdn.example.org/media/"]
    assert policy["frame-src"][-1] == "https://tube.example.org"


IMG_SRC = """
import json, django
django.setup()
from conference.web.csp import site_csp
print(json.dumps(site_csp()["img-src"]))
"""


@pytest.mark.parametrize(
    ("environment", "img_src"),
    [
        pytest.param({}, ["'self'", "data:"], id="local media"),
        pytest.param(
            {"DJANGO_MEDIA_URL": "https://media.example.org/m/"},
            ["'self'", "data:", "https://media.example.org/m/"],
            id="local media on another host",
        ),
        pytest.param(
            {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": "https://s3.example.net"},
            ["'self'", "data:", f"https://s3.example.net/{BUCKET}/media/"],
            id="s3 endpoint",
        ),
        pytest.param(
            {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org"},
            ["'self'", "data:", "https://cdn.example.org/media/"],
            id="s3 custom domain",
        ),
    ],
)
def test_settings_from_the_environment_give_the_media_source(environment, img_src):
    """The whole path, in a fresh process: environment, settings, storage, policy."""
    result = run_python(IMG_SRC, **environment)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == img_src


def test_check_refuses_a_media_storage_without_urls(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"base_url": None},
        },
    }
    settings.MEDIA_URL = None

    (error,) = run_checks(tags=[Tags.security])

    assert error.id == "conference.E001"
    assert "This file is not accessible via a URL." in error.msg


def test_check_passes_with_the_test_storage():
    assert [message.id for message in run_checks(tags=[Tags.security])] == []
