"""Downloading a talk's slides from the URL its schedule or an organiser gave.

The URL is someone else's: it may lead to our own network (every resolved address and
every redirect hop is checked by conference.web.outbound, which refuses private,
loopback and link-local addresses), answer slowly forever (a socket timeout per read and
a deadline for the whole download), send gigabytes (Content-Length and the bytes read are
both capped), or be an HTML page about the slides rather than the slides. Only a file
that reads as a PDF (talks.slides.check_pdf) is kept; everything else is a FetchProblem
whose message the admin shows, and nothing is stored.
"""

import http.client
import ssl
import tempfile
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from conference.web import outbound
from talks.slides import check_pdf

CHUNK = 64 * 1024
HEADERS = {"User-Agent": "conference-archive slides fetch", "Accept": "application/pdf"}
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchProblem(Exception):
    """The slides could not be fetched, or what came back is not a PDF; says why."""


def fetch_pdf(url: str):
    """Download `url` into a temporary file and return it (a django File at its start),
    checked as a PDF; the caller closes it. Raises FetchProblem."""
    spooled = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the caller, who closes it
    try:
        content_type = _download(url, spooled)
        pdf = File(spooled, name="slides.pdf")
        if content_type.split(";")[0].strip().lower() in HTML_TYPES:
            raise FetchProblem(
                _("%(url)s gives a web page (%(type)s), not a PDF: link the PDF file itself.")
                % {"url": url, "type": content_type}
            )
        try:
            check_pdf(pdf)
        except ValidationError as error:
            raise FetchProblem(
                _("%(url)s did not give a PDF: %(reason)s")
                % {"url": url, "reason": " ".join(error.messages)}
            ) from None
        return pdf
    except BaseException:
        spooled.close()
        raise


def _download(url: str, into) -> str:
    """Copy the body of `url` into the file `into`; return its Content-Type."""
    limit = settings.SLIDES_MAX_BYTES
    timeout = settings.SLIDES_FETCH_TIMEOUT_SECONDS
    deadline = time.monotonic() + 4 * timeout  # a server dripping bytes cannot hold on
    allow = settings.SLIDES_FETCH_ALLOW_NETWORKS
    try:
        with outbound.open_url(url, timeout=timeout, allow=allow, headers=HEADERS) as response:
            declared = response.getheader("Content-Length") or ""
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(url, limit)
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > limit:
                    raise _too_large(url, limit)
                if time.monotonic() > deadline:
                    raise TimeoutError
                into.write(chunk)
            into.seek(0)
            return response.getheader("Content-Type") or ""
    except outbound.BadStatus as error:
        raise FetchProblem(
            _("%(url)s answered %(status)s %(reason)s.")
            % {"url": url, "status": error.status, "reason": error.reason}
        ) from None
    except outbound.FetchError as error:
        raise FetchProblem(str(error)) from None
    except TimeoutError:
        raise FetchProblem(
            _("%(url)s did not answer within %(seconds)s seconds.")
            % {"url": url, "seconds": timeout}
        ) from None
    except ssl.SSLError as error:
        raise FetchProblem(
            _("Cannot reach %(url)s securely: %(reason)s.")
            % {"url": url, "reason": error.reason or error}
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchProblem(
            _("Cannot reach %(url)s: %(reason)s.") % {"url": url, "reason": str(error).rstrip(".")}
        ) from None


def _too_large(url: str, limit: int) -> FetchProblem:
    return FetchProblem(
        _("%(url)s is larger than %(megabytes)s MB, the most a slides PDF may be.")
        % {"url": url, "megabytes": limit // (1024 * 1024)}
    )
