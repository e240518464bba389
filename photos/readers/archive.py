"""Every public photo of the archive at once, with what its page shows: for the public data
dump (conference/dump/), which writes the whole archive and would otherwise read each
gallery's photos, renditions and speakers one gallery at a time.

One statement of constant SQL. A photo is public by photos.visibility's PHOTO_IS_PUBLIC;
of the speakers it shows only the public ones are given (the photo page's
Speaker.objects.published(), in SQL by talks.readers.visibility), and its talk only while
that talk is public. Never the original: its column is not even selected, so its private
storage name cannot reach anything built from these rows.
"""

from conference.db.raw_rows import column_list, fetch_all, instance, split_row
from photos.models import Photo
from photos.readers.galleries import NEWEST_EDITION_FIRST
from photos.readers.photos import RENDITIONS_JSON, renditions_from_rows
from photos.visibility import PHOTO_IS_PUBLIC
from talks.readers.visibility import speaker_is_public, talk_is_public

# What a photo page shows of a photo (and its place in the gallery's order); the other
# fields (the original, its uploader, moderation and build states) stay in the database.
SHOWN = (
    "id",
    "gallery_id",
    "caption_en",
    "caption_ru",
    "alt_text_en",
    "alt_text_ru",
    "credit",
    "taken_at",
    "width",
    "height",
    "placeholder_color",
    "position",
)
HIDDEN = frozenset(field.attname for field in Photo._meta.concrete_fields) - set(SHOWN)

PUBLIC_PHOTOS = """
SELECT {photo}, {renditions},
       COALESCE((SELECT json_agg(shown.speaker_id ORDER BY shown.speaker_id)
                 FROM photos_photo_speakers AS shown
                 JOIN talks_speaker AS speaker ON speaker.id = shown.speaker_id
                 WHERE shown.photo_id = photo.id AND {speaker_is_public}), '[]'),
       (SELECT talk.id FROM talks_talk AS talk
        JOIN conference_edition AS talk_edition ON talk_edition.id = talk.edition_id
        WHERE talk.id = photo.talk_id AND {talk_is_public})
FROM photos_photo AS photo
JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
WHERE {photo_is_public}
ORDER BY {gallery_order}, photo.position, photo.taken_at, photo.id
"""


def public_photos() -> list[Photo]:
    """Every public photo, newest edition first, in gallery order and then in each
    gallery's photo order (photos.readers.photos.PHOTO_ORDER), each with
    .public_renditions (narrowest first), .public_speaker_ids (the public speakers it
    shows, by id) and .public_talk_id (its talk while public, else None). Only the fields
    of SHOWN are loaded."""
    columns = column_list(Photo, "photo", HIDDEN)
    sql = PUBLIC_PHOTOS.format(
        photo=columns[1],
        renditions=RENDITIONS_JSON,
        speaker_is_public=speaker_is_public("speaker"),
        talk_is_public=talk_is_public("talk", "talk_edition"),
        photo_is_public=PHOTO_IS_PUBLIC,
        gallery_order=NEWEST_EDITION_FIRST,
    )
    photos = []
    for row in fetch_all(sql, {}):
        (values,), (renditions, speaker_ids, talk_id) = split_row(row, columns)
        photo = instance(Photo, values)
        photo.public_renditions = renditions_from_rows(photo, renditions)
        photo.public_speaker_ids = list(speaker_ids)
        photo.public_talk_id = talk_id
        photos.append(photo)
    return photos
