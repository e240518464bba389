"""A talk's slides as the public sees them: the deck's pages with their images and text,
and the kept PDF for the download.

A deck is public when its talk is public (TALK_IS_PUBLIC), it is ready (read without
error) and its pages have their images: the images exist only while the talk is public
(talks.decks.services.refresh_public_slides), so a draft's deck, a pending or failed one,
and one whose images are still being drawn show nothing, and the talk page falls back to
the slides link it had before.

The talk page reads its deck inside its own statement (DECK, an extra column of
talks.readers.talk_page.find_talk): one JSON value, so the page's query count stays what
it was, whatever the number of pages. public_deck() builds the models from it.
"""

from dataclasses import dataclass

from conference.db.raw_rows import fetch_all, instance, json_object
from photos.choices import RenditionFormat
from talks.decks.models import DeckStatus, SlideDeck, SlideImage, SlideImageKind, SlidePage
from talks.readers.visibility import TALK_IS_PUBLIC

DECK_FIELDS = ("id", "talk_id", "page_count", "size_bytes")
PAGE_FIELDS = ("id", "number", "text", "width", "height")
IMAGE_FIELDS = ("id", "kind", "format", "width", "height", "file")

# Whose deck may be shown: the talk `talk` (with its edition `edition`) is public, and
# its deck `deck` was read and kept its file.
DECK_IS_PUBLIC = f"""deck.talk_id = talk.id AND deck.status = '{DeckStatus.READY.value}'
    AND deck.page_count > 0 AND deck.pdf <> '' AND {TALK_IS_PUBLIC}"""

# The talk's public deck as one JSON object (DECK_FIELDS, and "pages": its pages in order,
# each with PAGE_FIELDS and "images"), or null: for a statement over `talk` and `edition`.
_IMAGES = f"""(SELECT json_agg({json_object(SlideImage, "image", IMAGE_FIELDS)}
        ORDER BY image.kind, image.format)
    FROM talks_slideimage AS image WHERE image.page_id = page.id)"""  # noqa: S608 -- constant
_PAGES = f"""(SELECT json_agg({json_object(SlidePage, "page", PAGE_FIELDS, images=_IMAGES)}
        ORDER BY page.number)
    FROM talks_slidepage AS page WHERE page.deck_id = deck.id)"""  # noqa: S608 -- constant
DECK = f"""(
    SELECT {json_object(SlideDeck, "deck", DECK_FIELDS, pages=_PAGES)}
    FROM talks_slidedeck AS deck
    WHERE {DECK_IS_PUBLIC}
)"""  # noqa: S608 -- constant fragments of this module and talks.readers.visibility

# The kept PDF of the public deck of the talk at %(edition)s/%(slug)s.
PDF = f"""
SELECT talk.slug, deck.pdf, deck.size_bytes
FROM talks_talk AS talk
JOIN conference_edition AS edition ON edition.id = talk.edition_id
JOIN talks_slidedeck AS deck ON {DECK_IS_PUBLIC}
WHERE edition.slug = %(edition)s AND talk.slug = %(slug)s
"""  # noqa: S608 -- constant fragments, every request value a parameter

# Every public talk's deck (DECK), for the public data dump (conference/dump/).
PUBLIC_DECKS = f"""
SELECT talk.id, {DECK}
FROM talks_talk AS talk
JOIN conference_edition AS edition ON edition.id = talk.edition_id
WHERE EXISTS (SELECT 1 FROM talks_slidedeck AS deck WHERE {DECK_IS_PUBLIC})
ORDER BY talk.id
"""  # noqa: S608 -- constant fragments of this module and talks.readers.visibility

# The viewer's large page: the formats drawn at both sizes (AVIF is thumbnails only, and
# a <source> of thumbnails alone would give every AVIF browser a 320 px page).
LARGE_FORMATS = (RenditionFormat.WEBP, RenditionFormat.JPEG)


@dataclass
class PageImages:
    """What photos.templatetags.photos_tags.picture takes for a page: its images as
    `public_renditions` (objects with .format, .width, .height and .file)."""

    public_renditions: list[SlideImage]


def public_deck(values: dict | None) -> SlideDeck | None:
    """The deck of DECK's JSON `values` (None: no public deck), with .public_pages: its
    pages in order, each with .thumbnail and .large (PageImages) for the strip and the
    viewer. None too when a page has no image yet (its images are being drawn)."""
    if not values:
        return None
    deck = instance(SlideDeck, values)
    pages = []
    for page_values in values["pages"] or []:
        images = [instance(SlideImage, image) for image in page_values["images"] or []]
        thumbs = [image for image in images if image.kind == SlideImageKind.THUMBNAIL]
        large = [image for image in images if image.format in LARGE_FORMATS]
        if not thumbs or not any(image.kind == SlideImageKind.LARGE for image in large):
            return None
        page = instance(SlidePage, {**page_values, "deck_id": deck.pk})
        page.thumbnail, page.large = PageImages(thumbs), PageImages(large)
        pages.append(page)
    if len(pages) != deck.page_count:
        return None
    deck.public_pages = pages
    return deck


def public_decks() -> dict[int, SlideDeck]:
    """Each public talk's public deck, by talk id: the decks the talk pages show
    (public_deck's rule), with .public_pages."""
    decks = {}
    for talk_id, values in fetch_all(PUBLIC_DECKS, {}):
        if (deck := public_deck(values)) is not None:
            decks[talk_id] = deck
    return decks


def deck_pdf(*, edition_slug: str, slug: str) -> tuple[str, str, int] | None:
    """(talk slug, the PDF's name in its storage, its size) of the public deck of the talk
    at edition_slug/slug, or None."""
    rows = fetch_all(PDF, {"edition": edition_slug, "slug": slug})
    return rows[0] if rows else None
