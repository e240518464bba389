"""Small middleware of our own: headers Django's SecurityMiddleware does not set,
requests no view should see, and gzip for what gzip can shrink."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY: the archive needs no camera, microphone, location..."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RejectNulMiddleware:
    """Refuses a request whose path (404) or API query string (400) holds a NUL character.

    PostgreSQL cannot store or even compare text with NUL in it ("text fields cannot
    contain NUL"), and no real link has one: without this, every view that looks a slug or
    a filter up would have to check for it, or fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404(_("No page has a NUL character in its address."))
        # Django forms refuse NUL with a message of their own (the search page shows it);
        # the API's parameters reach the database through django-ninja's schemas instead.
        if request.path.startswith("/api/") and "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest(_("A query with a NUL character cannot be answered."))
        return self.get_response(request)


# Content types whose bytes are compressed already: gzip would spend CPU to gain nothing.
COMPRESSED_TYPES = ("application/zip", "image/", "video/", "audio/", "application/pdf")


class CompressibleGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, except for responses compressed already: a zip of photos
    (photos/zips.py) streams hundreds of megabytes of JPEGs that gzip cannot make smaller.
    SVG is text, and still gzipped."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(COMPRESSED_TYPES) and not content_type.startswith("image/svg"):
            return response
        return super().process_response(request, response)
