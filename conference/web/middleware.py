"""Small middleware of our own: headers Django's SecurityMiddleware does not set, and
requests no view should see."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
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
