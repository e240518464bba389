"""Gallery cards: published galleries with their edition, their published-photo count, their
cover photo and their talk, read by one statement of constant SQL (GALLERIES_SQL).

Every consumer of a gallery reads it here: the home, edition and talk pages and the photo
archive (cards), the gallery page and the API's gallery (find_gallery), the API's gallery
list and the gallery feed. Compiling the queryset these statements replaced (annotations
for the count and the cover, a JSON subquery for the cover's renditions) cost the pages
that list cards more than PostgreSQL's work, and the queryset and the statement, kept side
by side, were two rules of what a cover is. tests/talks/test_talk_page.py holds the
statement to that queryset, written in the test.

What is public is photos.visibility's GALLERY_IS_PUBLIC (a published gallery of a
published edition); the count and the cover take published photos only, and a gallery's
talk is given only while it is public (talks.readers.visibility).
"""

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from conference.models import Edition
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.readers.photos import RENDITIONS_JSON, renditions_from_rows
from photos.visibility import GALLERY_IS_PUBLIC
from talks.models import Talk
from talks.readers.visibility import talk_is_public

# What a gallery card shows of its cover photo, and a gallery page of the gallery's talk.
COVER_FIELDS = (
    "id",
    "caption_en",
    "caption_ru",
    "alt_text_en",
    "alt_text_ru",
    "width",
    "height",
    "placeholder_color",
)
TALK_FIELDS = ("id", "edition_id", "slug", "title", "language")

# The orders of galleries: inside an edition; newest edition first (the photo archive, the
# API); newest gallery first (the feed).
GALLERY_ORDER = "gallery.position, gallery.title_en, gallery.title_ru, gallery.id"
NEWEST_EDITION_FIRST = f"edition.start_date DESC, edition.id DESC, {GALLERY_ORDER}"
NEWEST_FIRST = "gallery.created_at DESC, gallery.id DESC"

# Published galleries of a published edition (those `where` picks), in `order`, with the
# count of published photos, the cover as a JSON object (the chosen cover when it is a
# published photo of the gallery with renditions, else the first such photo) and the
# gallery's talk as a JSON object while that talk is public. LIMIT NULL is no limit.
GALLERIES_SQL = """
SELECT {gallery}, {edition},
       (SELECT count(*) FROM photos_photo AS counted
        WHERE counted.gallery_id = gallery.id AND counted.status = %(published)s),
       cover.row,
       (SELECT {talk} FROM talks_talk AS talk
        JOIN conference_edition AS talk_edition ON talk_edition.id = talk.edition_id
        WHERE talk.id = gallery.talk_id AND {talk_is_public})
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
ORDER BY {order}
LIMIT %(limit)s OFFSET %(offset)s
""".replace("{is_public}", GALLERY_IS_PUBLIC).replace(  # the visibility rules, written once
    "{talk_is_public}", talk_is_public("talk", "talk_edition")
)
# How many galleries GALLERIES_SQL gives for the same `where`, for the API's pages.
COUNT_SQL = """
SELECT count(*) FROM photos_gallery AS gallery
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
WHERE {where} AND {is_public}
""".replace("{is_public}", GALLERY_IS_PUBLIC)

IN_EDITION = "gallery.edition_id = %(edition)s"
OF_TALK = "gallery.talk_id = %(talk)s"
IN_EDITION_AT = "edition.slug = %(edition_slug)s"
AT_SLUG = "edition.slug = %(edition_slug)s AND gallery.slug = %(slug)s"
EVERY = "TRUE"


def galleries_for_edition(edition: Edition, *, limit: int | None = None) -> list[Gallery]:
    """An edition's published galleries, the first `limit` of them (None: all), as cards
    (none while the edition is a draft)."""
    return _galleries(IN_EDITION, {"edition": edition.pk}, limit=limit)


def galleries_for_talk(talk: Talk) -> list[Gallery]:
    """The published galleries tagged with `talk`, as cards."""
    return _galleries(OF_TALK, {"talk": talk.pk})


def find_gallery(*, edition_slug: str, slug: str) -> Gallery | None:
    """The published gallery at `slug` in the edition at `edition_slug`, as a card, or None:
    the gallery page's and the API's."""
    found = _galleries(AT_SLUG, {"edition_slug": edition_slug, "slug": slug})
    return found[0] if found else None


def photo_archive() -> list[Edition]:
    """Published editions that have published galleries, newest first, each with
    edition.public_galleries (cards, in gallery order)."""
    editions: dict[int, Edition] = {}
    for gallery in _galleries(EVERY, {}, order=NEWEST_EDITION_FIRST):
        edition = gallery.edition  # one instance per edition
        if edition.pk not in editions:
            editions[edition.pk] = edition
            edition.public_galleries = []
        edition.public_galleries.append(gallery)
    return list(editions.values())


def gallery_list(*, edition_slug: str | None = None, offset: int = 0, limit: int) -> list[Gallery]:
    """A page of the published galleries (of the edition at `edition_slug` if given), newest
    edition first, as cards: the API's list, whose count is count_galleries()."""
    where, params = _in_edition(edition_slug)
    return _galleries(where, params, order=NEWEST_EDITION_FIRST, limit=limit, offset=offset)


def count_galleries(*, edition_slug: str | None = None) -> int:
    """How many galleries gallery_list() pages through."""
    where, params = _in_edition(edition_slug)
    return fetch_all(COUNT_SQL.format(where=where), params)[0][0]


def _in_edition(edition_slug: str | None) -> tuple[str, dict]:
    if edition_slug is None:
        return EVERY, {}
    return IN_EDITION_AT, {"edition_slug": edition_slug}


def newest_galleries(limit: int) -> list[Gallery]:
    """The `limit` galleries added last, as cards: the gallery feed's."""
    return _galleries(EVERY, {}, order=NEWEST_FIRST, limit=limit)


def _galleries(
    where: str, params: dict, *, order: str = GALLERY_ORDER, limit: int | None = None, offset=0
) -> list[Gallery]:
    """GALLERIES_SQL's galleries with .edition (one instance per edition), .photo_count,
    .cover_photo (with .public_renditions, or None), .talk_is_public and, when it is,
    .talk (TALK_FIELDS; the others deferred). `where` and `order` are this module's
    constant fragments; every request value is in `params`."""
    gallery_columns = column_list(Gallery, "gallery")
    edition_columns = column_list(Edition, "edition")
    sql = GALLERIES_SQL.format(
        gallery=gallery_columns[1],
        edition=edition_columns[1],
        talk=json_object(Talk, "talk", TALK_FIELDS),
        cover=json_object(Photo, "photo", COVER_FIELDS, renditions=RENDITIONS_JSON),
        where=where,
        order=order,
    )
    params = {**params, "published": PhotoStatus.PUBLISHED, "limit": limit, "offset": offset}
    editions: dict[int, Edition] = {}
    galleries = []
    for row in fetch_all(sql, params):
        (gallery_values, edition_values), (photo_count, cover, talk) = split_row(
            row, gallery_columns, edition_columns
        )
        gallery = instance(Gallery, gallery_values)
        if edition_values["id"] not in editions:
            editions[edition_values["id"]] = instance(Edition, edition_values)
        gallery.edition = editions[edition_values["id"]]
        gallery.photo_count = photo_count
        gallery.cover_photo = _cover(gallery, cover)
        gallery.talk_is_public = talk is not None
        if talk is not None:
            gallery.talk = instance(Talk, talk)
        galleries.append(gallery)
    return galleries


def _cover(gallery: Gallery, row: dict | None) -> Photo | None:
    """The cover photo from its JSON object (COVER_FIELDS and its renditions), or None."""
    if not row:
        return None
    row = dict(row)
    renditions = row.pop("renditions")
    photo = instance(Photo, {**row, "gallery_id": gallery.pk})
    photo.gallery = gallery
    photo.public_renditions = renditions_from_rows(photo, renditions)
    return photo
