"""Photos stored on S3 load under the site's own CSP (conference/web/csp.py), in Chromium.

The renditions live in a bucket of moto's standalone server on loopback, addressed the
two ways production addresses a bucket: through the S3 endpoint (path-style, as any
S3-compatible store without a custom domain) and through a custom domain, played here by
moto itself as 127.0.0.1:PORT/BUCKET.
"""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.factories import GalleryFactory, PhotoFactory, RenditionFactory
from tests.photos.test_s3 import CREDENTIALS, REGION, MotoS3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every CSP violation of the page, before any of its own scripts runs.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def bucket():
    """A moto server with one bucket whose media/ anyone may read, as docs/deploy.md asks."""
    server = MotoS3()
    server.start()
    server.public = f"media-{uuid.uuid4().hex[:12]}"
    server.client.create_bucket(Bucket=server.public)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{server.public}/media/*",
            }
        ],
    }
    server.client.put_bucket_policy(Bucket=server.public, Policy=json.dumps(policy))
    yield server
    server.stop()


def use_bucket(settings, bucket, **options):
    """Public media on `bucket`, as conference/settings.py configures S3."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "conference.web.media.S3MediaStorage",
            "OPTIONS": {
                "endpoint_url": bucket.url,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
                "bucket_name": bucket.public,
                "location": "media",
                "querystring_auth": False,
                **options,
            },
        },
    }


def gallery_with_photos():
    gallery = GalleryFactory()
    for position in range(3):
        photo = PhotoFactory(gallery=gallery, position=position)
        RenditionFactory(photo=photo, width=480, height=360)
    return gallery


@pytest.mark.parametrize(
    ("options", "media_prefix"),
    [
        pytest.param({}, "{url}/{bucket}/media/", id="endpoint"),
        pytest.param(
            {"custom_domain": "127.0.0.1:{port}/{bucket}", "url_protocol": "http:"},
            "http://127.0.0.1:{port}/{bucket}/media/",
            id="custom domain",
        ),
    ],
)
def test_gallery_images_from_s3_load_without_csp_violation(
    page, settings, bucket, options, media_prefix
):
    names = {"url": bucket.url, "port": bucket.port, "bucket": bucket.public}
    use_bucket(settings, bucket, **{key: value.format(**names) for key, value in options.items()})
    gallery = gallery_with_photos()
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(gallery.get_absolute_url())

    images = page.locator(".photo-grid img")
    expect(images).to_have_count(3)
    for index in range(3):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.get_attribute("src").startswith(media_prefix.format(**names))
        assert image.evaluate("image => image.naturalWidth") > 0
    assert page.evaluate("window.cspViolations") == []
    assert page.console_errors == []
