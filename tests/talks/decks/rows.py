"""A ready deck made directly as rows, without reading a PDF (as RenditionFactory makes a
photo's renditions): for tests that need decks quickly (the query budget), or a deck a
rule would never give images (a draft's, in the leak walk)."""

from django.core.files.base import ContentFile

from talks.decks.models import (
    DeckStatus,
    SlideDeck,
    SlideImage,
    SlideImageKind,
    SlidePage,
    slide_image_upload_to,
)

# What the extraction stores per page: thumbnails in three formats, large pages in two.
IMAGES = (
    (SlideImageKind.THUMBNAIL, "avif", 320, 180),
    (SlideImageKind.THUMBNAIL, "webp", 320, 180),
    (SlideImageKind.THUMBNAIL, "jpeg", 320, 180),
    (SlideImageKind.LARGE, "webp", 1600, 900),
    (SlideImageKind.LARGE, "jpeg", 1600, 900),
)


def ready_deck(talk, texts: list[str], *, pdf: bytes = b"") -> SlideDeck:
    """`talk`'s deck, ready, with one page per item of `texts` and the page's images (the
    file names only: no image file is written); its PDF stored only if `pdf` is given."""
    deck = SlideDeck(talk=talk, status=DeckStatus.READY, size_bytes=len(pdf) or 1000)
    if pdf:
        deck.pdf.save("slides.pdf", ContentFile(pdf), save=False)
    else:
        deck.pdf = f"slide-decks/{talk.slug}.pdf"
    deck.save()
    add_pages(deck, texts)
    return deck


def add_pages(deck: SlideDeck, texts: list[str]) -> None:
    """Add a page with its images to `deck` for each of `texts`, after its last page."""
    for text in texts:
        deck.page_count += 1
        page = SlidePage.objects.create(
            deck=deck, number=deck.page_count, text=text, width=1600, height=900
        )
        images = [
            SlideImage(page=page, kind=kind, format=fmt, width=width, height=height)
            for kind, fmt, width, height in IMAGES
        ]
        for image in images:
            image.file = slide_image_upload_to(image, "")  # the name the extraction gives
        SlideImage.objects.bulk_create(images)
    deck.save(update_fields=["page_count"])
