"""Downloads: a gallery's, a talk's or a speaker's public photos as one zip (photos.zips).

Each view finds its gallery, talk or speaker through the reader its page uses (404 when
the public may not see it), then reads the download's parts and the photos of one part
(photos.readers.downloads): three queries, whatever the number of photos, and none while
the archive streams. A download of more than settings.PHOTO_ZIP_MAX_PHOTOS photos comes
in parts (?part=2); its address without a part answers a page that lists them.

Every request may send hundreds of megabytes: a few a minute per client
(settings.RATE_LIMITS["photo_zip"], counted by RateLimitMiddleware before the view, the
one mechanism search's limit uses too), then 429 with a message.
"""

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from conference.web.ratelimit import rate_limited
from photos import zips
from photos.models import Rendition
from photos.readers import downloads, galleries
from talks.readers import detail, talk_page


@rate_limited("photo_zip")
@require_safe
def gallery_zip(request, edition_slug: str, slug: str):
    gallery = galleries.find_gallery(edition_slug=edition_slug, slug=slug)
    if gallery is None:
        raise Http404(_("No gallery found at this address."))
    title = f"{gallery.title} — {gallery.edition.name}"
    return _zip(request, downloads.gallery_download(gallery), title, gallery.get_absolute_url())


@rate_limited("photo_zip")
@require_safe
def talk_zip(request, edition_slug: str, slug: str):
    talk = talk_page.find_talk(edition_slug=edition_slug, slug=slug)
    if talk is None or not talk.has_photos:
        raise Http404(_("This talk has no photos to download."))
    title = f"{talk.title} — {talk.edition.name}"
    return _zip(request, downloads.talk_download(talk), title, talk.get_absolute_url())


@rate_limited("photo_zip")
@require_safe
def speaker_zip(request, slug: str):
    speaker = detail.find_speaker(slug)
    if speaker is None:
        raise Http404(_("No speaker found at this address."))
    return _zip(
        request, downloads.speaker_download(speaker), speaker.name, speaker.get_absolute_url()
    )


def _zip(request, download: downloads.Download, title: str, page: str):
    """The zip of one part of `download`, or the page listing its parts."""
    parts = downloads.download_parts(download)
    if not parts:
        raise Http404(_("There are no published photos to download here."))
    number = _part_number(request, len(parts))
    if number is None:
        summary = downloads.summary_of(parts)
        context = {"title": title, "page": page, "download": summary, "url": request.path}
        return render(request, "photos/download_parts.html", context)
    part = parts[number - 1]
    photos = downloads.download_photos(download, part=number)
    entries = zips.entries(
        photos, first=part.first, total=parts[-1].last, absolute=request.build_absolute_uri
    )
    credits = {
        "title": title,
        "source_url": request.build_absolute_uri(page),
        "licence": _licence(),
        "part": part,
        "part_count": len(parts),
    }
    storage = Rendition._meta.get_field("file").storage
    stream = zips.zip_chunks(
        entries, storage=storage, credits_context=credits, language=get_language()
    )
    response = StreamingHttpResponse(stream, content_type="application/zip")
    name = download.name if len(parts) == 1 else f"{download.name}-{number}-of-{len(parts)}"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.zip")
    # The photos of the moment: a copy kept elsewhere would miss the next ones published.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _part_number(request, count: int) -> int | None:
    """The part asked for (?part=N, 1-based); the only one when there is one; None when
    there are several and none was asked for. 404 for a part that does not exist."""
    asked = request.GET.get("part")
    if asked is None:
        return 1 if count == 1 else None
    if not asked.isascii() or not asked.isdigit() or not 1 <= int(asked) <= count:
        raise Http404(_("This download has no such part."))
    return int(asked)


def _licence() -> str:
    return settings.PHOTO_LICENCE or _(
        "all rights reserved by the photographer; ask the organisers before using a photo "
        "for anything but your own keeping."
    )
