"""Previews of any photo for organisers, made from the private original on request.

Public rendition files exist only for photos the public may see (photos.visibility), so
the admin shows pending, rejected and unpublished photos through this view instead: it
needs the photos.view_photo permission (Organisers and Photographers have it), reads the
original from its private storage and answers a small, upright, metadata-free JPEG that
no cache shares. It never serves or links a public file, and never the original itself.
"""

import hashlib

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from PIL import Image

from conference.db.stored_files import STORAGE_ERRORS
from photos.choices import RenditionFormat
from photos.decoding import InvalidPhoto, open_image
from photos.exif import upright
from photos.imaging import encode, to_srgb
from photos.models import Photo, Rendition

# The widths served: the admin's thumbnails, and the narrowest public rendition's, to look
# closer at a photo before publishing it. Any other width is a 404, so that nobody can make
# the server decode originals into sizes of their choosing.
THUMBNAIL_WIDTH = 96
PREVIEW_WIDTHS = (THUMBNAIL_WIDTH, 480)


def preview_url(photo: Photo, width: int = THUMBNAIL_WIDTH) -> str:
    return reverse("photo-staff:photo-preview", kwargs={"pk": photo.pk, "width": width})


def thumbnail_html(photo: Photo, rendition_name: str | None):
    """The admin's <img> of a photo: its smallest public JPEG when it has one (a public
    photo), else its preview (never the original). None (a dash) for a photo without one."""
    if rendition_name:
        url = Rendition._meta.get_field("file").storage.url(rendition_name)
    elif photo.original:
        url = preview_url(photo)
    else:
        return None
    height = round(THUMBNAIL_WIDTH * photo.height / photo.width) if photo.width else None
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        url,
        THUMBNAIL_WIDTH,
        height or THUMBNAIL_WIDTH,
        photo.alt_text,
    )


def _etag(request, pk: int, width: int) -> str | None:
    # A new original is a new name (they are random), so the name and width identify
    # the bytes: a browser asking again gets a 304 without the original being decoded.
    name = Photo.objects.filter(pk=pk).values_list("original", flat=True).first()
    if not name:
        return None
    return hashlib.sha256(f"{name}:{width}".encode()).hexdigest()[:32]


@require_safe
@permission_required("photos.view_photo", raise_exception=True)
@cache_control(private=True, max_age=3600)
@condition(etag_func=_etag)
def photo_preview(request, pk: int, width: int):
    """A JPEG of photo `pk` at most `width` pixels wide (one of PREVIEW_WIDTHS).

    403 without the permission (also when signed out), 404 for another width or a photo
    that does not exist, 404 too when its original is missing or cannot be decoded.
    """
    if width not in PREVIEW_WIDTHS:
        raise Http404
    photo = get_object_or_404(Photo, pk=pk)
    try:
        image = _downscaled(photo, width)
    except (InvalidPhoto, *STORAGE_ERRORS) as error:
        raise Http404 from error
    return HttpResponse(encode(image, RenditionFormat.JPEG), content_type="image/jpeg")


def _downscaled(photo: Photo, width: int) -> Image.Image:
    with photo.original.open("rb") as original:
        image = open_image(original, at_least=width)
    image = to_srgb(upright(image))
    image.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
    return image
