"""Reads of galleries and photos for the public pages.

Only published photos of published galleries of published editions are ever returned:
every function starts from the models' published() methods. Photos are shown through
their Rendition rows only; Photo.original is private and never reaches a template.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.db.models.query import QuerySet

from conference.models import Edition
from conference.queries import count_rows
from photos.models import Gallery, Photo, Rendition
from talks.models import Speaker, Talk

PHOTO_ORDER = ("position", "taken_at", "pk")
# Photo blocks on talk and speaker pages show a few thumbnails, not whole galleries.
PHOTO_BLOCK_SIZE = 8


def renditions_prefetch(lookup: str = "renditions") -> Prefetch:
    """A photo's renditions, narrowest first, as photo.public_renditions."""
    return Prefetch(
        lookup, queryset=Rendition.objects.order_by("format", "width"), to_attr="public_renditions"
    )


def rendition_rows() -> ArraySubquery:
    """The renditions of the photo of the outer query, narrowest first, as an array of
    JSON objects (renditions_from_rows() turns them back into Rendition rows)."""
    renditions = (
        Rendition.objects.filter(photo=OuterRef("pk"))
        .order_by("format", "width")
        .values(
            row=JSONObject(id="pk", width="width", height="height", format="format", file="file")
        )
    )
    return ArraySubquery(renditions)


def renditions_from_rows(photo: Photo, rows: Iterable[dict | None]) -> list[Rendition]:
    return [Rendition(photo=photo, **row) for row in rows if row is not None]


def published_galleries() -> QuerySet[Gallery]:
    """Published galleries with their edition, a published-photo count and a cover photo id.

    The cover is the gallery's chosen cover if it is a published photo of this gallery
    with at least one rendition, else its first such photo; a draft photo is never a cover.
    """
    with_rendition = Exists(Rendition.objects.filter(photo=OuterRef("pk")))
    candidates = Photo.objects.published().filter(with_rendition, gallery=OuterRef("pk"))
    chosen = candidates.filter(pk=OuterRef("cover_id")).values("pk")[:1]
    first = candidates.order_by(*PHOTO_ORDER).values("pk")[:1]
    photos = Photo.objects.published().filter(gallery=OuterRef("pk"))
    return (
        Gallery.objects.published()
        .select_related("edition")
        .annotate(
            photo_count=count_rows(photos),
            cover_photo_id=Coalesce(Subquery(chosen), Subquery(first)),
        )
        .order_by("position", "title", "pk")
    )


def with_covers(galleries: QuerySet[Gallery]) -> QuerySet[Gallery]:
    """`galleries` (from published_galleries()) with their cover photo and its renditions
    as one JSON column, `cover_row`, for attach_covers().

    A gallery card needs a few fields of one photo and its renditions; as a column of the
    galleries' own query they cost no second and third query on the pages that list cards.
    """
    cover = Photo.objects.filter(pk=OuterRef("cover_photo_id")).values(
        row=JSONObject(
            id="pk",
            caption="caption",
            alt_text="alt_text",
            width="width",
            height="height",
            placeholder_color="placeholder_color",
            renditions=rendition_rows(),
        )
    )
    return galleries.annotate(cover_row=Subquery(cover))


def attach_covers(galleries: Iterable[Gallery]) -> None:
    """Set gallery.cover_photo (with its renditions, or None) from with_covers()'s
    cover_row; no query."""
    for gallery in galleries:
        row = dict(gallery.cover_row or {})
        if not row:
            gallery.cover_photo = None
            continue
        renditions = row.pop("renditions")
        gallery.cover_photo = photo = Photo(gallery=gallery, **row)
        photo.public_renditions = renditions_from_rows(photo, renditions)


def galleries_for_edition(edition: Edition) -> list[Gallery]:
    """An edition's published galleries with covers (none while the edition is a draft)."""
    galleries = list(with_covers(published_galleries().filter(edition=edition)))
    attach_covers(galleries)
    return galleries


def galleries_for_talk(talk: Talk) -> list[Gallery]:
    galleries = list(with_covers(published_galleries().filter(talk=talk)))
    attach_covers(galleries)
    return galleries


def photo_archive() -> list[Edition]:
    """Published editions that have published galleries, newest first, each with
    edition.public_galleries (covers attached)."""
    editions = list(
        Edition.objects.published()
        .filter(Exists(Gallery.objects.published().filter(edition=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "galleries",
                queryset=with_covers(published_galleries()),
                to_attr="public_galleries",
            )
        )
        .order_by("-start_date", "-pk")
    )
    attach_covers(gallery for edition in editions for gallery in edition.public_galleries)
    return editions


def gallery_detail_queryset(*, edition_slug: str) -> QuerySet[Gallery]:
    """The queryset a gallery page picks its gallery from (by slug)."""
    public_talk = Exists(Talk.objects.published().filter(pk=OuterRef("talk_id")))
    return (
        Gallery.objects.published()
        .filter(edition__slug=edition_slug)
        .select_related("edition", "talk")
        .annotate(talk_is_public=public_talk)
    )


def photos_in_gallery(gallery: Gallery) -> QuerySet[Photo]:
    """A gallery's published photos in order, with renditions; photo.gallery needs no query."""
    return gallery.photos.published().prefetch_related(renditions_prefetch()).order_by(*PHOTO_ORDER)


def photo_detail_queryset(*, edition_slug: str, gallery_slug: str) -> QuerySet[Photo]:
    """The queryset a photo page picks its photo from (by pk), with everything it shows."""
    public_talk = Exists(Talk.objects.published().filter(pk=OuterRef("talk_id")))
    return (
        Photo.objects.published()
        .filter(gallery__edition__slug=edition_slug, gallery__slug=gallery_slug)
        .select_related("gallery__edition", "talk__edition")
        .annotate(talk_is_public=public_talk)
        .prefetch_related(
            renditions_prefetch(),
            Prefetch(
                "speakers",
                queryset=Speaker.objects.published().order_by("name"),
                to_attr="public_speakers",
            ),
        )
    )


@dataclass
class PhotoPlace:
    """Where a photo sits in its gallery: its neighbours and its 0-based index of `total`."""

    previous: Photo | None
    next: Photo | None
    index: int
    total: int


def photo_place(photo: Photo) -> PhotoPlace:
    """The previous and next published photo of the same gallery, in gallery order."""
    siblings = list(
        Photo.objects.published()
        .filter(gallery_id=photo.gallery_id)
        .order_by(*PHOTO_ORDER)
        .only("pk", "gallery_id", "caption")
    )
    for sibling in siblings:
        sibling.gallery = photo.gallery  # get_absolute_url needs the slugs; no query per row
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == photo.pk), None)
    if index is None:  # unpublished between the two queries
        return PhotoPlace(previous=None, next=None, index=0, total=len(siblings))
    return PhotoPlace(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
        index=index,
        total=len(siblings),
    )


# --- Photo blocks on talk and speaker pages ----------------------------------------


def with_inline_renditions(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    """`photos` with their renditions as one array column, for attach_inline_renditions().

    A Prefetch would be a second query; these blocks share a page with many others, so
    they fetch photos and renditions together (PostgreSQL builds the array per row).
    """
    return photos.annotate(rendition_rows=rendition_rows())


def attach_inline_renditions(photos: Iterable[Photo]) -> list[Photo]:
    """Set photo.public_renditions (as renditions_prefetch() would) from rendition_rows."""
    photos = list(photos)
    for photo in photos:
        photo.public_renditions = renditions_from_rows(photo, photo.rendition_rows)
    return photos


def _photo_block(photos: QuerySet[Photo], order: tuple[str, ...], limit: int) -> list[Photo]:
    photos = with_inline_renditions(photos.select_related("gallery__edition"))
    return attach_inline_renditions(photos.order_by(*order)[:limit])


def photos_for_talk(talk: Talk, *, limit: int = PHOTO_BLOCK_SIZE) -> list[Photo]:
    """The first public photos tagged with `talk`, in gallery order, renditions attached.

    One query. A photo is public only in a published gallery of a published edition, so a
    talk page never shows a pending photo or one from a draft gallery.
    """
    order = ("gallery__position", "gallery_id", *PHOTO_ORDER)
    return _photo_block(Photo.objects.published().filter(talk=talk), order, limit)


def photos_of_speaker(speaker: Speaker, *, limit: int = PHOTO_BLOCK_SIZE) -> list[Photo]:
    """Public photos that show `speaker`, newest edition first, renditions attached. One query."""
    order = ("-gallery__edition__start_date", "gallery__position", "gallery_id", *PHOTO_ORDER)
    return _photo_block(Photo.objects.published().filter(speakers=speaker), order, limit)
