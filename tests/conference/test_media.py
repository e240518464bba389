"""Public media is served as a download unless it is a raster picture (conference/web/media.py).

Here the development server's media view; tests/photos/test_s3.py checks the same headers
on the objects S3MediaStorage writes.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conference.web.media import media_urlpatterns, serve_media
from tests.factories import RenditionFactory, TalkFactory
from tests.talks.test_slides import real_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.conference.media_urls")]


def fetch(client, url, **headers):
    """The response and its body, read whole and closed (a file response holds its file)."""
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


def test_slides_served_as_pdf_download(client):
    talk = TalkFactory(slug="logical-replication")
    talk.slides_file.save("deck.pdf", ContentFile(real_pdf()))

    response, body = fetch(client, talk.slides_file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="logical-replication.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body == real_pdf()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("slides/old/deck.html", "text/html"),
        ("slides/old/deck.svg", "image/svg+xml"),
        ("speakers/old.svgz", "application/octet-stream"),
        ("slides/old/no-extension", "application/octet-stream"),
    ],
)
def test_files_a_browser_could_run_are_downloads(client, name, content_type):
    # As a file stored before slides were checked, or put there by hand, would be.
    stored = default_storage.save(name, ContentFile(b"<svg onload=alert(1)></svg>"))

    response, _ = fetch(client, default_storage.url(stored))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_renditions_shown_in_place(client):
    rendition = RenditionFactory()

    response, _ = fetch(client, rendition.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")  # FileResponse's own
    assert response["X-Content-Type-Options"] == "nosniff"


def test_not_modified_answer_keeps_nosniff(client):
    rendition = RenditionFactory()
    first, _ = fetch(client, rendition.file.url)

    again, _ = fetch(client, rendition.file.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert again["X-Content-Type-Options"] == "nosniff"


def test_media_url_only_in_development(settings):
    settings.DEBUG = False
    assert media_urlpatterns() == []

    settings.DEBUG = True
    (pattern,) = media_urlpatterns()
    assert pattern.callback is serve_media
