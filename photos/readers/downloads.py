"""The photos of a download: a gallery's, a talk's or a speaker's public photos, each with
the one rendition a zip carries (photos.zips builds the archive from these rows).

A download takes what the public may see and nothing else: photos.visibility's
PHOTO_IS_PUBLIC, and only photos whose renditions exist (originals are private and never
leave the storage). Of a photo's renditions it takes the widest in the first format of
JPEG, WebP, AVIF that it has, as the gallery page's "Download JPEG" link does: JPEG opens
everywhere.

The sets are those the pages show: a gallery's published photos; a talk's, those tagged
with the talk or in a gallery of the talk (what talks.readers.talk_page's has_photos
asks); a speaker's, those of photos_of_speaker() (photos.readers.photos). A download is
cut into parts of at most settings.PHOTO_ZIP_MAX_PHOTOS photos, in the pages' order:
download_parts() says how many photos and bytes each part holds, in one statement, and
download_photos() reads the photos of one part, in one statement.
"""

from dataclasses import dataclass

from django.conf import settings

from conference.db.raw_rows import column_list, fetch_all, instance, split_row
from conference.models import Edition
from photos.choices import RenditionFormat
from photos.models import Gallery, Photo, Rendition
from photos.readers.photos import SHOWS_SPEAKER
from photos.visibility import PHOTO_IS_PUBLIC
from talks.models import Speaker, Talk
from talks.readers.visibility import talk_is_public

# Public photos with renditions, with their gallery, edition and chosen rendition; `where`
# picks the download's photos, `order` sorts before the gallery order (ends with ", ").
_FROM = (
    """
FROM photos_photo AS photo
JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
JOIN LATERAL (
    SELECT * FROM photos_rendition AS rendition WHERE rendition.photo_id = photo.id
    ORDER BY rendition.format = '{jpeg}' DESC, rendition.format = '{webp}' DESC,
             rendition.width DESC
    LIMIT 1
) AS rendition ON TRUE
WHERE {where} AND {is_public}
""".replace("{is_public}", PHOTO_IS_PUBLIC)
    .replace(  # photos.visibility's rule, written once
        "{jpeg}", RenditionFormat.JPEG.value
    )
    .replace("{webp}", RenditionFormat.WEBP.value)
)
_ORDER = "{order}gallery.position, photo.gallery_id, photo.position, photo.taken_at, photo.id"

# The photos of one part, with the title of the public talk they are of (the photo's
# own, else its gallery's), for their file names.
PHOTOS_SQL = (
    """
SELECT {photo}, {gallery}, {edition}, {rendition},
       (SELECT talk.title FROM talks_talk AS talk
        JOIN conference_edition AS talk_edition ON talk_edition.id = talk.edition_id
        WHERE talk.id = COALESCE(photo.talk_id, gallery.talk_id) AND {talk_is_public})
{from}
ORDER BY {photo_order}
LIMIT %(limit)s OFFSET %(offset)s
""".replace("{from}", _FROM)
    .replace("{photo_order}", _ORDER)
    .replace("{talk_is_public}", talk_is_public("talk", "talk_edition"))
)
# How many photos, and bytes of their renditions, each part holds.
PARTS_SQL = """
SELECT numbered.part, count(*), COALESCE(sum(numbered.size_bytes), 0)
FROM (SELECT (row_number() OVER (ORDER BY {photo_order}) - 1) / %(per_part)s AS part,
             rendition.size_bytes
      {from}) AS numbered
GROUP BY numbered.part ORDER BY numbered.part
""".replace("{from}", _FROM).replace("{photo_order}", _ORDER)

IN_GALLERY = "photo.gallery_id = %(gallery)s"
OF_TALK = "(photo.talk_id = %(talk)s OR gallery.talk_id = %(talk)s)"
NEWEST_EDITION_FIRST = "edition.start_date DESC, "


@dataclass(frozen=True)
class Download:
    """Whose photos a download holds: `where` and `order` are this module's constant
    fragments, `params` the request's values; `name` names the zip and its credits."""

    where: str
    order: str
    params: dict
    name: str


def gallery_download(gallery: Gallery) -> Download:
    name = f"{gallery.edition.slug}-{gallery.slug}-photos"
    return Download(IN_GALLERY, "", {"gallery": gallery.pk}, name)


def talk_download(talk: Talk) -> Download:
    name = f"{talk.edition.slug}-{talk.slug}-photos"
    return Download(OF_TALK, "", {"talk": talk.pk}, name)


def speaker_download(speaker: Speaker) -> Download:
    return Download(
        SHOWS_SPEAKER, NEWEST_EDITION_FIRST, {"speaker": speaker.pk}, f"{speaker.slug}-photos"
    )


@dataclass(frozen=True)
class Part:
    """One zip of a download: its 1-based number, its photos' numbers, their size."""

    number: int
    first: int
    last: int
    size_bytes: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def per_part() -> int:
    return max(1, settings.PHOTO_ZIP_MAX_PHOTOS)


def download_parts(download: Download) -> list[Part]:
    """The parts of `download`, in order; empty when it has no public photo."""
    sql = PARTS_SQL.format(where=download.where, order=download.order)
    size = per_part()
    return [
        Part(number=part + 1, first=part * size + 1, last=part * size + count, size_bytes=total)
        for part, count, total in fetch_all(sql, {**download.params, "per_part": size})
    ]


@dataclass(frozen=True)
class Summary:
    """What a "Download all photos" link says: how many photos, how many bytes, and the
    parts when there are several (else an empty list)."""

    count: int
    size_bytes: int
    parts: list[Part]
    per_part: int


def download_summary(download: Download) -> Summary | None:
    """The summary of `download`, None when it has no public photo (no link then)."""
    return summary_of(download_parts(download))


def summary_of(parts: list[Part]) -> Summary | None:
    """The summary of a download whose download_parts() are `parts`."""
    if not parts:
        return None
    return Summary(
        count=parts[-1].last,
        size_bytes=sum(part.size_bytes for part in parts),
        parts=parts if len(parts) > 1 else [],
        per_part=per_part(),
    )


def download_photos(download: Download, *, part: int = 1) -> list[Photo]:
    """The photos of part `part` (1-based) of `download`, in order, each with .gallery,
    .gallery.edition, .download_rendition (a Rendition) and .talk_title (of its public
    talk, or None)."""
    photo_columns = column_list(Photo, "photo")
    gallery_columns = column_list(Gallery, "gallery")
    edition_columns = column_list(Edition, "edition")
    rendition_columns = column_list(Rendition, "rendition")
    sql = PHOTOS_SQL.format(
        photo=photo_columns[1],
        gallery=gallery_columns[1],
        edition=edition_columns[1],
        rendition=rendition_columns[1],
        where=download.where,
        order=download.order,
    )
    size = per_part()
    params = {**download.params, "limit": size, "offset": (part - 1) * size}
    editions: dict[int, Edition] = {}
    galleries: dict[int, Gallery] = {}
    photos = []
    for row in fetch_all(sql, params):
        (photo_values, gallery_values, edition_values, rendition_values), (talk_title,) = split_row(
            row, photo_columns, gallery_columns, edition_columns, rendition_columns
        )
        if edition_values["id"] not in editions:
            editions[edition_values["id"]] = instance(Edition, edition_values)
        if gallery_values["id"] not in galleries:
            gallery = instance(Gallery, gallery_values)
            gallery.edition = editions[edition_values["id"]]
            galleries[gallery.pk] = gallery
        photo = instance(Photo, photo_values)
        photo.gallery = galleries[gallery_values["id"]]
        photo.download_rendition = instance(Rendition, rendition_values)
        photo.talk_title = talk_title
        photos.append(photo)
    return photos
