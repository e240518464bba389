"""How public media files are served: pictures shown in place, everything else downloaded.

Public media (renditions, speaker portraits, slides) is served from the site's own origin
in development and the demo, or from its bucket. A file the browser renders there (HTML,
SVG, or anything it might sniff as such) runs in that origin. So every file but a raster
picture goes out with `Content-Disposition: attachment`, under the type its name says and
`X-Content-Type-Options: nosniff`: on our own server (serve_media, which `manage.py demo`
and runserver use; `manage.py serve` serves no media, the proxy or the bucket does) and,
on S3, as object metadata written on upload (S3MediaStorage). docs/deploy.md gives the
proxy's part for media on the filesystem.
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.conf.urls.static import static
from django.http import FileResponse
from django.utils.http import content_disposition_header
from django.views import static as static_views
from storages.backends.s3 import S3Storage

# Pictures a browser shows as pictures and never runs: not SVG, which may hold script.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"})
FALLBACK_TYPE = "application/octet-stream"


def media_type(name: str) -> str:
    """The Content-Type a media file is served as, from its (our own) stored name."""
    content_type, encoding = mimetypes.guess_type(name)
    # A compressed file ("x.svgz") is served as the bytes it is, never decoded and shown.
    return FALLBACK_TYPE if encoding or not content_type else content_type


def content_disposition(name: str) -> str | None:
    """`attachment` with the file's own name for anything but a raster picture, else None."""
    if media_type(name) in INLINE_TYPES:
        return None
    return content_disposition_header(as_attachment=True, filename=PurePosixPath(name).name)


def serve_media(request, path):
    """Django's development file server for MEDIA_ROOT, with the download headers above."""
    response = static_views.serve(request, path, document_root=settings.MEDIA_ROOT)
    if isinstance(response, FileResponse):  # not a 304, which has no type
        response["Content-Type"] = media_type(path)
        if disposition := content_disposition(path):
            response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response


def media_urlpatterns() -> list:
    """The media URL for development (empty when DEBUG is off or MEDIA_URL is absolute)."""
    return static(settings.MEDIA_URL, view=serve_media)


class S3MediaStorage(S3Storage):
    """The public bucket: each object gets the type and disposition it must be served with.

    django-storages guesses the type from the name too, but would take the uploader's
    claimed type first; here the stored name decides, as it does on our own server.
    """

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault("ContentType", media_type(name))
        if disposition := content_disposition(name):
            parameters.setdefault("ContentDisposition", disposition)
        return parameters
