"""Password-guessing protection for the admin sign-in, with django-axes.

Settings (AXES_* in conference/settings.py): a username from one client address is locked
out after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME; lockout_response() answers
with templates/admin/lockout.html and status 429.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins of a locked-out username and address; signs nobody in itself.

    Without a request (authenticate() called from a shell or a management command) there is
    no client to lock out and nobody guessing over the network, so it steps aside instead of
    failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE): why, and for how long."""
    now = timezone.now()
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "wait": timeuntil(now + cool_off, now) if cool_off else "",
    }
    return render(request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
