"""The public gallery and photo pages for /sitemap.xml: each row with what its address needs
(slugs and ids) and .last_change, the newest change the page shows, and nothing else.

An archive holds tens of thousands of photos: a statement each, and rows that are no
model instances (what the address needs, the model's own get_absolute_url), one gallery
and edition shared by the rows they hold. What is public is photos.visibility's rule in SQL.
"""

import datetime
from typing import NamedTuple

from conference.db.raw_rows import count_and_newest, fetch_page
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


class Named(NamedTuple):
    """An edition as a page's address names it."""

    pk: int
    slug: str


# A page's row: what its model's get_absolute_url reads (the model's own, so the address
# has one rule) and .last_change; not a model instance (talks.readers.sitemap says why).
class GalleryPage(NamedTuple):
    """A public gallery's page, with .also_shows (see GALLERY_PAGES)."""

    pk: int
    slug: str
    edition: Named
    last_change: datetime.datetime | None = None
    also_shows: str = ""

    get_absolute_url = Gallery.get_absolute_url


class PhotoPage(NamedTuple):
    pk: int
    gallery: GalleryPage
    last_change: datetime.datetime

    get_absolute_url = Photo.get_absolute_url


# Each reader below gives every row, or with a limit a slice of them (`limit` rows from
# `offset`, in the same order): a sitemap file reads only the rows it lists.


def gallery_pages(offset: int = 0, limit: int | None = None) -> list[GalleryPage]:
    """Every public gallery with .edition, .last_change and .also_shows, by id."""
    editions: dict[int, Named] = {}
    galleries = []
    rows = fetch_page(GALLERY_PAGES, offset, limit)
    for pk, slug, edition_id, edition_slug, last_change, also_shows in rows:
        edition = editions.setdefault(edition_id, Named(edition_id, edition_slug))
        galleries.append(GalleryPage(pk, slug, edition, last_change, also_shows))
    return galleries


def photo_pages(offset: int = 0, limit: int | None = None) -> list[PhotoPage]:
    """Every public photo with .gallery (and its .edition) and .last_change, by id."""
    editions: dict[int, Named] = {}
    # A photo's gallery as its address names it, shared by the gallery's photos (its own
    # page's row, with its changes, is gallery_pages').
    galleries: dict[int, GalleryPage] = {}
    photos = []
    rows = fetch_page(PHOTO_PAGES, offset, limit)
    for pk, gallery_id, gallery_slug, edition_id, edition_slug, last_change in rows:
        gallery = galleries.get(gallery_id)
        if gallery is None:
            edition = editions.setdefault(edition_id, Named(edition_id, edition_slug))
            gallery = galleries[gallery_id] = GalleryPage(gallery_id, gallery_slug, edition)
        photos.append(PhotoPage(pk, gallery, last_change))
    return photos


# Each section's count of pages and newest .last_change, for the sitemap index: the
# column of .last_change in the section's statement.
def gallery_pages_summary() -> tuple:
    return count_and_newest(GALLERY_PAGES, 5)


def photo_pages_summary() -> tuple:
    return count_and_newest(PHOTO_PAGES, 6)
