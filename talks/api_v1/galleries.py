"""Photo galleries: published galleries of published editions, published photos only."""

from django.http import Http404
from ninja import Field, Query, Router

from conference.bilingual import values_of
from photos.readers.galleries import count_galleries, find_gallery, gallery_list
from photos.readers.photos import photos_in_gallery
from talks.api_v1.base import SAFE_METHODS, Error, PageParams, absolute, paginate
from talks.api_v1.schemas import GalleryDetail, GalleryPage
from talks.readers.rows import Counted

router = Router(tags=["galleries"])


class GalleryParams(PageParams):
    edition: str | None = Field(None, description="edition slug")


def gallery_data(request, gallery) -> dict:
    return {
        "edition": gallery.edition,  # a Ref: the schema reads its slug, name and page
        "slug": gallery.slug,
        **values_of(gallery, "title"),
        "description": gallery.description,
        "photo_count": gallery.photo_count,
        "url": absolute(request, gallery.get_absolute_url()),
    }


def photo_data(request, photo) -> dict:
    return {
        "id": photo.pk,
        **values_of(photo, "caption"),
        **values_of(photo, "alt_text"),
        "credit": photo.credit,
        "width": photo.width,
        "height": photo.height,
        "taken_at": photo.taken_at,
        "url": absolute(request, photo.get_absolute_url()),
        "renditions": [
            {
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format,
                "url": absolute(request, rendition.file.url),
            }
            for rendition in photo.public_renditions
        ],
    }


@router.api_operation(SAFE_METHODS, "/galleries", response={200: GalleryPage, 400: Error})
def list_galleries(request, params: Query[GalleryParams]):
    """Published galleries, newest edition first, in each edition's gallery order."""
    edition = params.edition or None
    page = gallery_list(edition_slug=edition, offset=params.start, limit=params.limit)
    rows = Counted(page, count_galleries(edition_slug=edition))
    return paginate(request, rows, params, lambda gallery: gallery_data(request, gallery))


@router.api_operation(
    SAFE_METHODS, "/galleries/{edition_slug}/{slug}", response={200: GalleryDetail, 404: Error}
)
def get_gallery(request, edition_slug: str, slug: str):
    """A published gallery with its published photos in order and their renditions."""
    gallery = find_gallery(edition_slug=edition_slug, slug=slug)
    if gallery is None:
        raise Http404
    photos = photos_in_gallery(gallery)
    for photo in photos:
        photo.gallery = gallery  # get_absolute_url needs the slugs; no query per photo
    return {**gallery_data(request, gallery), "photos": [photo_data(request, p) for p in photos]}
