"""A gallery's photos and the photo blocks of talk and speaker pages.

Only published photos of published galleries of published editions are ever returned:
the querysets start from Photo.objects.published(), the statements compose
photos.visibility's PHOTO_IS_PUBLIC, its rule in SQL. Photos are shown through their
Rendition rows only; Photo.original is private and never reaches a template.
"""

from collections.abc import Iterable

from django.db.models import Prefetch
from django.db.models.query import QuerySet

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from conference.models import Edition
from photos.models import Gallery, Photo, Rendition
from photos.visibility import GALLERY_IS_PUBLIC, PHOTO_IS_PUBLIC
from talks.models import Speaker, Talk
from talks.readers.visibility import talk_is_public

PHOTO_ORDER = ("position", "taken_at", "pk")
# Photo blocks on talk and speaker pages show a few thumbnails, not whole galleries.
PHOTO_BLOCK_SIZE = 8
# What a picture needs of each rendition: the keys of the JSON objects RENDITIONS_JSON
# builds, the fields of the Rendition rows renditions_prefetch() gives.
RENDITION_FIELDS = ("id", "width", "height", "format", "file")


def renditions_prefetch(lookup: str = "renditions") -> Prefetch:
    """A photo's renditions, narrowest first, as photo.public_renditions."""
    return Prefetch(
        lookup, queryset=Rendition.objects.order_by("format", "width"), to_attr="public_renditions"
    )


def renditions_from_rows(photo: Photo, rows: Iterable[dict | None]) -> list[Rendition]:
    """photo.public_renditions from RENDITIONS_JSON's objects, as renditions_prefetch()."""
    return [Rendition(photo=photo, **row) for row in rows if row is not None]


# A published photo's renditions, narrowest first, as a JSON array of objects with the
# RENDITION_FIELDS as keys, for renditions_from_rows().
_RENDITIONS_JSON = """
COALESCE((
    SELECT json_agg({rendition} ORDER BY rendition.format, rendition.width)
    FROM photos_rendition AS rendition WHERE rendition.photo_id = photo.id
), '[]')
"""
RENDITIONS_JSON = _RENDITIONS_JSON.format(
    rendition=json_object(Rendition, "rendition", RENDITION_FIELDS)
)

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

# Whether the talk of a statement's `talk` row has anything galleries_for_talk()
# (photos.readers.galleries) or photos_for_talk() would show, under the same rules. The
# talk page reads it with the talk itself (talks.readers.talk_page.find_talk) and skips
# both statements when it is false, as it is for most talks.
TALK_HAS_PHOTOS = f"""(
    EXISTS (SELECT 1 FROM photos_gallery AS gallery
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE gallery.talk_id = talk.id AND {GALLERY_IS_PUBLIC})
    OR EXISTS (SELECT 1 FROM photos_photo AS photo
            JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE photo.talk_id = talk.id AND {PHOTO_IS_PUBLIC})
)"""  # noqa: S608 -- photos.visibility's constant fragments only
# A speaker's photos: those tagged with the speaker, and those of the speaker's public
# talks (a confirmed talk, photos.placement, puts its photos on its speakers' pages too).
# One IN over a UNION ALL, each branch led by an index (the tags by speaker, the
# speaker's credits, the photos by talk): the two IN lists ORed made PostgreSQL read
# every photo to test both (a sequential scan that grows with the archive's photos).
_SPEAKER_TALKS = """SELECT given.talk_id FROM talks_talkspeaker AS given
    JOIN talks_talk AS talk ON talk.id = given.talk_id
    JOIN conference_edition AS talk_edition ON talk_edition.id = talk.edition_id
    WHERE given.speaker_id = {speaker} AND {talk_is_public}"""


def _speaker_talks(speaker: str) -> str:
    """SQL: the public talks of the speaker whose id is `speaker` (SQL)."""
    return _SPEAKER_TALKS.format(
        speaker=speaker, talk_is_public=talk_is_public("talk", "talk_edition")
    )


SHOWS_SPEAKER = f"""photo.id IN (
    SELECT shown.photo_id FROM photos_photo_speakers AS shown
    WHERE shown.speaker_id = %(speaker)s
    UNION ALL
    SELECT of_talk.id FROM photos_photo AS of_talk
    WHERE of_talk.talk_id IN ({_speaker_talks("%(speaker)s")}))"""  # noqa: S608 -- constant fragments only

# Whether the statement's `speaker` row has a photo photos_of_speaker() would show, under
# the same rules (SHOWS_SPEAKER, PHOTO_IS_PUBLIC): the speaker page reads it with the
# speaker (talks.readers.detail.find_speaker) and skips photos_of_speaker() when it is
# false, as it is for most speakers.
SPEAKER_HAS_PHOTOS = f"""(
    EXISTS (SELECT 1 FROM photos_photo_speakers AS shown
            JOIN photos_photo AS photo ON photo.id = shown.photo_id
            JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE shown.speaker_id = speaker.id AND {PHOTO_IS_PUBLIC})
    OR EXISTS (SELECT 1 FROM photos_photo AS photo
            JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
            JOIN conference_edition AS edition ON edition.id = gallery.edition_id
            WHERE photo.talk_id IN ({_speaker_talks("speaker.id")}) AND {PHOTO_IS_PUBLIC})
)"""  # noqa: S608 -- constant fragments of this code base only


def photos_in_gallery(gallery: Gallery) -> QuerySet[Photo]:
    """A gallery's published photos in order, with renditions: what the gallery page (a
    page of them) and the API's gallery show. photo.gallery needs no query."""
    return gallery.photos.published().prefetch_related(renditions_prefetch()).order_by(*PHOTO_ORDER)


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

    One statement of constant SQL, as the gallery cards (photos.readers.galleries). A photo
    is public only in a published gallery of a published edition, so a talk page never
    shows a pending photo or one from a draft gallery.
    """
    return _photo_block(TAGGED_WITH_TALK, "", {"talk": talk.pk}, limit)


def photos_of_speaker(speaker: Speaker, *, limit: int = PHOTO_BLOCK_SIZE) -> list[Photo]:
    """Public photos that show `speaker` or are of the speaker's public talks, newest
    edition first, renditions attached: one statement, as photos_for_talk()."""
    return _photo_block(SHOWS_SPEAKER, "edition.start_date DESC, ", {"speaker": speaker.pk}, limit)
