"""A photo page's photo, in one statement of constant SQL: the photo with its gallery and
edition, its renditions, its talk while that talk is public, the public speakers it shows
and its place in its gallery (the previous and next published photo, its index, the
count).

As a queryset (select_related, two prefetches, then the gallery's photos in order for
the neighbours) it was four statements, which Django compiled anew on every request: at
4,000 photo pages (2,000 photos, both languages) the static export spent more Python
time compiling them than rendering the page (docs/performance.md, "Static export:
people, lists and photo pages, session 13"). tests/photos/test_photo_page_reader.py
holds this reader to the querysets it replaced.

Public is photos.visibility's PHOTO_IS_PUBLIC; the photo's talk and speakers follow
talks.readers.visibility's rules; the neighbours are the gallery's published photos in
PHOTO_ORDER (position, taken_at, id), as the gallery page shows them.
"""

from dataclasses import dataclass

from conference.bilingual import CONTENT_LANGUAGES, interface_language, localized_sql
from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from conference.models import Edition
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.readers.photos import RENDITIONS_JSON, renditions_from_rows
from photos.visibility import PHOTO_IS_PUBLIC
from talks.models import Speaker, Talk
from talks.readers.visibility import speaker_is_public, talk_is_public

# What the page shows of the photo's talk (a link: its edition's slug too) and speakers.
TALK_FIELDS = ("id", "edition_id", "slug", "title", "language")
SPEAKER_FIELDS = ("id", "name_en", "name_ru", "slug")

# {speakers_order} is the speakers' names as the page's language shows them
# (localized_sql), written in: one constant statement per content language.
PHOTO_PAGE_SQL = """
SELECT {photo}, {gallery}, {edition}, {renditions},
       (SELECT {talk} FROM talks_talk AS talk
        JOIN conference_edition AS talk_edition ON talk_edition.id = talk.edition_id
        WHERE talk.id = photo.talk_id AND {talk_is_public}),
       COALESCE((
           SELECT json_agg({speaker} ORDER BY {speakers_order}, speaker.id)
           FROM photos_photo_speakers AS shown
           JOIN talks_speaker AS speaker ON speaker.id = shown.speaker_id
           WHERE shown.photo_id = photo.id AND {speaker_is_public}
       ), '[]'),
       place.previous_id, place.next_id, place.index, place.total
FROM photos_photo AS photo
JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
LEFT JOIN LATERAL (
    SELECT placed.previous_id, placed.next_id, placed.index, placed.total
    FROM (
        SELECT sibling.id,
               lag(sibling.id) OVER in_order AS previous_id,
               lead(sibling.id) OVER in_order AS next_id,
               row_number() OVER in_order - 1 AS index,
               count(*) OVER () AS total
        FROM photos_photo AS sibling
        WHERE sibling.gallery_id = photo.gallery_id AND sibling.status = %(published)s
        WINDOW in_order AS (ORDER BY sibling.position, sibling.taken_at, sibling.id)
    ) AS placed
    WHERE placed.id = photo.id
) AS place ON TRUE
WHERE photo.id = %(pk)s AND edition.slug = %(edition_slug)s AND gallery.slug = %(gallery_slug)s
  AND {is_public}
"""


@dataclass
class PhotoPlace:
    """Where a photo sits in its gallery: its neighbours and its 0-based index of `total`."""

    previous: Photo | None
    next: Photo | None
    index: int
    total: int


def _statement(language: str) -> str:
    return PHOTO_PAGE_SQL.format(
        photo=column_list(Photo, "photo")[1],
        gallery=column_list(Gallery, "gallery")[1],
        edition=column_list(Edition, "edition")[1],
        renditions=RENDITIONS_JSON,
        talk=json_object(Talk, "talk", TALK_FIELDS, edition_slug="talk_edition.slug"),
        talk_is_public=talk_is_public("talk", "talk_edition"),
        speaker=json_object(Speaker, "speaker", SPEAKER_FIELDS),
        speakers_order=localized_sql("speaker.name", language),
        speaker_is_public=speaker_is_public(),
        is_public=PHOTO_IS_PUBLIC,
    )


# One statement per content language, built once.
STATEMENTS = {language: _statement(language) for language in CONTENT_LANGUAGES}


def find_photo(*, edition_slug: str, gallery_slug: str, pk: int) -> Photo | None:
    """The public photo `pk` of the gallery at `gallery_slug` in the edition at
    `edition_slug`, or None. It comes with .gallery.edition, .public_renditions,
    .talk_is_public and, while its talk is public, .talk (TALK_FIELDS, with
    .edition's slug), .public_speakers (the public speakers it shows, by name in the
    page's language) and .place (a PhotoPlace)."""
    params = {
        "pk": pk,
        "edition_slug": edition_slug,
        "gallery_slug": gallery_slug,
        "published": PhotoStatus.PUBLISHED,
    }
    found = fetch_all(STATEMENTS[interface_language()], params)
    if not found:
        return None
    columns = (column_list(Photo, "photo"), column_list(Gallery, "gallery"))
    columns += (column_list(Edition, "edition"),)
    (photo_values, gallery_values, edition_values), extra = split_row(found[0], *columns)
    renditions, talk, speakers, previous_id, next_id, index, total = extra
    photo = instance(Photo, photo_values)
    photo.gallery = instance(Gallery, gallery_values)
    photo.gallery.edition = instance(Edition, edition_values)
    photo.public_renditions = renditions_from_rows(photo, renditions)
    photo.talk_is_public = talk is not None
    if talk is not None:
        talk = dict(talk)
        edition_slug = talk.pop("edition_slug")
        photo.talk = instance(Talk, talk)
        photo.talk.edition = instance(Edition, {"id": talk["edition_id"], "slug": edition_slug})
    photo.public_speakers = [instance(Speaker, speaker) for speaker in speakers]
    photo.place = PhotoPlace(
        previous=_neighbour(photo, previous_id),
        next=_neighbour(photo, next_id),
        index=index,
        total=total,
    )
    return photo


def _neighbour(photo: Photo, pk: int | None) -> Photo | None:
    """A photo of the same gallery, enough for its address (get_absolute_url)."""
    if pk is None:
        return None
    neighbour = instance(Photo, {"id": pk, "gallery_id": photo.gallery_id})
    neighbour.gallery = photo.gallery
    return neighbour
