"""The site's Content-Security-Policy: settings.SECURE_CSP plus where media really lives.

Rendition and speaker-photo URLs come from the default storage, which may put them on
another origin than the pages: an S3 bucket's host (path-style or virtual-host), an S3
custom domain, a MEDIA_URL on a CDN. A fixed img-src cannot know which, so the policy
asks the configured storage itself for the URL of a probe name and allows the folder that
URL is in. Computed once per storage instance (Django makes a new one only when STORAGES
changes), so a page pays a dictionary lookup for it; a system check builds it once at
start, so a storage that cannot make URLs stops `manage.py check` rather than every page.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.files.storage import Storage, storages
from django.middleware import csp

# Any file name will do: only the folder of its URL is kept.
PROBE_NAME = "csp-probe"
# Characters that would end or split a CSP source expression; a path holding one (never
# seen from S3 or FileSystemStorage, which percent-encode them) falls back to the origin.
SOURCE_BREAKERS = frozenset(" \t\n\r;,'\"")

_cached: tuple[Storage, dict, dict] | None = None


def media_source(storage: Storage) -> str | None:
    """The CSP source that allows `storage`'s public files, or None when its URLs are
    relative (the pages' own origin, which 'self' already allows).

    The source is the origin and the folder of the probe's URL ("http://127.0.0.1:9000/
    bucket/media/"): on a host that serves many buckets (path-style S3), other buckets
    stay disallowed. A signed URL's query is dropped; a protocol-relative URL gives a
    source without a scheme, which browsers match against the page's own.
    """
    url = urlsplit(storage.url(PROBE_NAME))
    if not url.netloc:
        return None
    origin = f"{url.scheme}://{url.netloc}" if url.scheme else url.netloc
    folder = url.path.rpartition("/")[0] + "/"
    if SOURCE_BREAKERS.intersection(folder):
        return origin
    return origin + folder


def with_media_source(policy: dict, storage: Storage) -> dict:
    """`policy` with `storage`'s media source added to img-src (a new dict)."""
    source = media_source(storage)
    images = list(policy.get("img-src", []))
    if source is None or source in images:
        return policy
    return {**policy, "img-src": [*images, source]}


def site_csp() -> dict:
    """settings.SECURE_CSP with the default storage's media source: the site's policy."""
    # One memo per process; replacing the tuple whole keeps it consistent across threads.
    global _cached
    storage, policy = storages["default"], settings.SECURE_CSP
    cached = _cached
    if cached is None or cached[0] is not storage or cached[1] is not policy:
        cached = _cached = (storage, policy, with_media_source(policy, storage))
    return cached[2]


def check_media_source(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A system check (registered in conference.apps): the policy can be built at start.

    Otherwise a media storage that cannot make URLs (FileSystemStorage without a base URL,
    an S3 endpoint botocore refuses) would fail every page, not `manage.py check`, `serve`
    or `migrate`.
    """
    try:
        site_csp()
    except ValueError as error:  # what storages raise for a URL they cannot make
        return [
            checks.Error(
                f"The media storage cannot make the URL the Content-Security-Policy needs: {error}",
                hint="Check MEDIA_URL, or the AWS_S3_* variables (docs/deploy.md).",
                id="conference.E001",
            )
        ]
    return []


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's CSP middleware sending site_csp() where a view set no policy of its own.

    A per-response policy (django.views.decorators.csp.csp_override, the talk page's video
    player) is built from site_csp() too (talks/video.py), so it keeps the media source.
    """

    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            response._csp_config = site_csp()
        return super().process_response(request, response)
