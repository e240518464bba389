"""The public gallery and photo pages for /sitemap.xml: each row with what its address needs
(slugs and ids) and .last_change, the newest change the page shows, and nothing else.

An archive holds tens of thousands of photos: a statement each, no model instance built
for a column the sitemap does not print, one gallery and edition instance shared by the
rows they hold. What is public is photos.visibility's rule in SQL.
"""

from conference.db.raw_rows import count_and_newest, fetch_page, instance
from conference.models import Edition
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.visibility import GALLERY_IS_PUBLIC, PHOTO_IS_PUBLIC

# A gallery page changes with the gallery and with its edition (its name is on the page).
# Its photos (how many, and their newest change) are .also_shows, which the static export
# adds to the page's stamp.
GALLERY_PAGES = f"""
SELECT gallery.id, gallery.slug, edition.id, edition.slug,
       GREATEST(gallery.updated_at, edition.updated_at),
       concat_ws(' ', shown.photos, shown.changed)
FROM photos_gallery AS gallery
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
LEFT JOIN (SELECT photo.gallery_id, count(*) AS photos, max(photo.updated_at) AS changed
           FROM photos_photo AS photo WHERE photo.status = '{PhotoStatus.PUBLISHED.value}'
           GROUP BY photo.gallery_id) AS shown ON shown.gallery_id = gallery.id
WHERE {GALLERY_IS_PUBLIC}
ORDER BY gallery.id
"""  # noqa: S608 -- photos.visibility's constant fragment only

# A photo page changes with the photo and with its gallery.
PHOTO_PAGES = f"""
SELECT photo.id, gallery.id, gallery.slug, edition.id, edition.slug,
       GREATEST(photo.updated_at, gallery.updated_at)
FROM photos_photo AS photo
JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
JOIN conference_edition AS edition ON edition.id = gallery.edition_id
WHERE {PHOTO_IS_PUBLIC}
ORDER BY photo.id
"""  # noqa: S608 -- photos.visibility's constant fragment only


class _Shared:
    """One Edition and one Gallery instance per id (id and slug only) for all the rows."""

    def __init__(self):
        self.editions: dict[int, Edition] = {}
        self.galleries: dict[int, Gallery] = {}

    def edition(self, pk: int, slug: str) -> Edition:
        if pk not in self.editions:
            self.editions[pk] = instance(Edition, {"id": pk, "slug": slug})
        return self.editions[pk]

    def gallery(self, pk: int, slug: str, edition: Edition) -> Gallery:
        if pk not in self.galleries:
            gallery = instance(Gallery, {"id": pk, "slug": slug, "edition_id": edition.pk})
            gallery.edition = edition
            self.galleries[pk] = gallery
        return self.galleries[pk]


# Each reader below gives every row, or with a limit a slice of them (`limit` rows from
# `offset`, in the same order): a sitemap file reads only the rows it lists.


def gallery_pages(offset: int = 0, limit: int | None = None) -> list[Gallery]:
    """Every public gallery with .edition, .last_change and .also_shows, by id."""
    shared = _Shared()
    galleries = []
    rows = fetch_page(GALLERY_PAGES, offset, limit)
    for pk, slug, edition_id, edition_slug, last_change, also_shows in rows:
        gallery = shared.gallery(pk, slug, shared.edition(edition_id, edition_slug))
        gallery.last_change, gallery.also_shows = last_change, also_shows
        galleries.append(gallery)
    return galleries


def photo_pages(offset: int = 0, limit: int | None = None) -> list[Photo]:
    """Every public photo with .gallery.edition and .last_change, by id."""
    shared = _Shared()
    photos = []
    rows = fetch_page(PHOTO_PAGES, offset, limit)
    for pk, gallery_id, gallery_slug, edition_id, edition_slug, last_change in rows:
        edition = shared.edition(edition_id, edition_slug)
        photo = instance(Photo, {"id": pk, "gallery_id": gallery_id})
        photo.gallery = shared.gallery(gallery_id, gallery_slug, edition)
        photo.last_change = last_change
        photos.append(photo)
    return photos


# Each section's count of pages and newest .last_change, for the sitemap index: the
# column of .last_change in the section's statement.
def gallery_pages_summary() -> tuple:
    return count_and_newest(GALLERY_PAGES, 5)


def photo_pages_summary() -> tuple:
    return count_and_newest(PHOTO_PAGES, 6)
