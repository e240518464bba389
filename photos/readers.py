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

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from conference.models import Edition
from conference.readers import count_rows
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo, Rendition
from photos.visibility import GALLERY_IS_PUBLIC, PHOTO_IS_PUBLIC
from talks.models import Speaker, Talk

PHOTO_ORDER = ("position", "taken_at", "pk")
# Photo blocks on talk and speaker pages show a few thumbnails, not whole galleries.
PHOTO_BLOCK_SIZE = 8
# What a picture needs of each rendition, and a gallery card of its cover photo: the
# keys of the JSON objects both the querysets and the SQL below build.
RENDITION_FIELDS = ("id", "width", "height", "format", "file")
COVER_FIELDS = ("id", "caption", "alt_text", "width", "height", "placeholder_color")


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
        .values(row=JSONObject(**{name: name for name in RENDITION_FIELDS}))
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
        row=JSONObject(**{name: name for name in COVER_FIELDS}, renditions=rendition_rows())
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


# A published photo's renditions, narrowest first, as a JSON array of objects with the
# keys rendition_rows() gives (RENDITION_FIELDS; renditions_from_rows() reads either).
_RENDITIONS_JSON = """
COALESCE((
    SELECT json_agg({rendition} ORDER BY rendition.format, rendition.width)
    FROM photos_rendition AS rendition WHERE rendition.photo_id = photo.id
), '[]')
"""
RENDITIONS_JSON = _RENDITIONS_JSON.format(
    rendition=json_object(Rendition, "rendition", RENDITION_FIELDS)
)

# Published galleries of a published edition (those `where` picks), in gallery order,
# with what with_covers() adds: the count of published photos and the cover as a JSON
# object (the chosen cover when it is a published photo of the gallery with renditions,
# else the first such photo).
GALLERIES_SQL = """
SELECT {gallery}, {edition},
       (SELECT count(*) FROM photos_photo AS counted
        WHERE counted.gallery_id = gallery.id AND counted.status = %(published)s),
       cover.row
FROM photos_gallery AS gallery
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
LEFT JOIN LATERAL (
    SELECT {cover} AS row
    FROM photos_photo AS photo
    WHERE photo.gallery_id = gallery.id AND photo.status = %(published)s
      AND EXISTS (SELECT 1 FROM photos_rendition AS r WHERE r.photo_id = photo.id)
    ORDER BY photo.id IS NOT DISTINCT FROM gallery.cover_id DESC,
             photo.position, photo.taken_at, photo.id
    LIMIT 1
) AS cover ON TRUE
WHERE {where} AND {is_public}
ORDER BY gallery.position, gallery.title, gallery.id
""".replace("{is_public}", GALLERY_IS_PUBLIC)  # photos.visibility's rule, written once

# A photo block: the first public photos tagged with a talk or showing a speaker, with
# their gallery, edition and renditions (photos_for_talk(), photos_of_speaker()).
PHOTO_BLOCK_SQL = """
SELECT {photo}, {gallery}, {edition}, {renditions}
FROM photos_photo AS photo
JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
WHERE {where} AND {is_public}
ORDER BY {order}gallery.position, photo.gallery_id, photo.position, photo.taken_at, photo.id
LIMIT %(limit)s
""".replace("{is_public}", PHOTO_IS_PUBLIC)  # photos.visibility's rule, written once
TAGGED_WITH_TALK = "photo.talk_id = %(talk)s"

# Whether the talk of a statement's `talk` row has anything galleries_for_talk() or
# photos_for_talk() would show, under the same rules. The talk page reads it with the talk
# itself (talks.talk_page.find_talk) and skips both statements when it is false, as it is
# for most talks.
TALK_HAS_PHOTOS = f"""(
    EXISTS (SELECT 1 FROM photos_gallery AS gallery
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE gallery.talk_id = talk.id AND {GALLERY_IS_PUBLIC})
    OR EXISTS (SELECT 1 FROM photos_photo AS photo
            JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE photo.talk_id = talk.id AND {PHOTO_IS_PUBLIC})
)"""  # noqa: S608 -- photos.visibility's constant fragments only
SHOWS_SPEAKER = """photo.id IN (
    SELECT shown.photo_id FROM photos_photo_speakers AS shown
    WHERE shown.speaker_id = %(speaker)s)"""


def galleries_for_edition(edition: Edition) -> list[Gallery]:
    """An edition's published galleries with covers (none while the edition is a draft)."""
    return _galleries("gallery.edition_id = %(edition)s", {"edition": edition.pk})


def galleries_for_talk(talk: Talk) -> list[Gallery]:
    """The published galleries tagged with `talk`, covers attached, as
    galleries_for_edition() gives an edition's."""
    return _galleries("gallery.talk_id = %(talk)s", {"talk": talk.pk})


def _galleries(where: str, params: dict) -> list[Gallery]:
    """GALLERIES_SQL's galleries with .edition, .photo_count and .cover_photo: what
    with_covers(published_galleries()) gives, in one statement of constant SQL. The home,
    edition and talk pages show gallery cards; compiling that queryset cost them far more
    than running it (docs/performance.md, "Readers, search and suggestions")."""
    gallery_columns = column_list(Gallery, "gallery")
    edition_columns = column_list(Edition, "edition")
    sql = GALLERIES_SQL.format(
        gallery=gallery_columns[1],
        edition=edition_columns[1],
        cover=json_object(Photo, "photo", COVER_FIELDS, renditions=RENDITIONS_JSON),
        where=where,
    )
    galleries = []
    for row in fetch_all(sql, {**params, "published": PhotoStatus.PUBLISHED}):
        (gallery_values, edition_values), (photo_count, cover_row) = split_row(
            row, gallery_columns, edition_columns
        )
        gallery = instance(Gallery, gallery_values)
        gallery.edition = instance(Edition, edition_values)
        gallery.photo_count = photo_count
        gallery.cover_row = cover_row
        galleries.append(gallery)
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


def _photo_block(where: str, order: str, params: dict, limit: int) -> list[Photo]:
    """PHOTO_BLOCK_SQL's photos as Photo rows with .gallery.edition and .public_renditions;
    `order` is what sorts before gallery order, ending with ", " (or empty)."""
    photo_columns = column_list(Photo, "photo")
    gallery_columns = column_list(Gallery, "gallery")
    edition_columns = column_list(Edition, "edition")
    sql = PHOTO_BLOCK_SQL.format(
        photo=photo_columns[1],
        gallery=gallery_columns[1],
        edition=edition_columns[1],
        renditions=RENDITIONS_JSON,
        where=where,
        order=order,
    )
    params = {**params, "limit": limit}
    photos = []
    for row in fetch_all(sql, params):
        (photo_values, gallery_values, edition_values), (renditions,) = split_row(
            row, photo_columns, gallery_columns, edition_columns
        )
        photo = instance(Photo, photo_values)
        photo.gallery = instance(Gallery, gallery_values)
        photo.gallery.edition = instance(Edition, edition_values)
        photo.public_renditions = renditions_from_rows(photo, renditions)
        photos.append(photo)
    return photos


def photos_for_talk(talk: Talk, *, limit: int = PHOTO_BLOCK_SIZE) -> list[Photo]:
    """The first public photos tagged with `talk`, in gallery order, renditions attached.

    One statement of constant SQL, for the same reason as galleries_for_talk(). A photo
    is public only in a published gallery of a published edition, so a talk page never
    shows a pending photo or one from a draft gallery.
    """
    return _photo_block(TAGGED_WITH_TALK, "", {"talk": talk.pk}, limit)


def photos_of_speaker(speaker: Speaker, *, limit: int = PHOTO_BLOCK_SIZE) -> list[Photo]:
    """Public photos that show `speaker`, newest edition first, renditions attached: one
    statement, as photos_for_talk()."""
    return _photo_block(SHOWS_SPEAKER, "edition.start_date DESC, ", {"speaker": speaker.pk}, limit)
