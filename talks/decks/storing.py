"""Putting a PDF into a deck: the one write shared by the admin's upload and a fetch.

store_pdf keeps the new file in the private storage and the deck's row pointing at it in
one transaction; the file it replaces goes once that commits. The same bytes again (a
fetch that brings an unchanged file) change nothing, so fetching is idempotent.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from conference.db.stored_files import delete_on_commit, delete_quietly
from talks.decks.models import DeckStatus, SlideDeck, SlideImage


def file_digest(file) -> tuple[str, int]:
    """The SHA-256 and size of `file` (a Django File), read from its start; left at its start."""
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def store_pdf(*, deck: SlideDeck, file, source_url: str = "") -> bool:
    """Keep `file` (checked as a PDF by the caller) as `deck`'s PDF; return whether it changed.

    Side effects: unless the deck already holds the same bytes, writes the file to the
    private storage and, in one transaction, saves the deck with it (size, digest,
    source_url, fetched_at for a fetch, status "pending" and no message), deleting the
    previous PDF once committed; the new file is deleted if that fails. With the same
    bytes, only source_url and fetched_at are updated.
    """
    sha256, size = file_digest(file)
    now = timezone.now()
    if deck.pk and deck.sha256 == sha256 and deck.pdf:
        deck.source_url, deck.fetched_at = (
            source_url or deck.source_url,
            now if source_url else deck.fetched_at,
        )
        deck.save(update_fields=["source_url", "fetched_at", "updated_at"])
        return False
    storage = deck._meta.get_field("pdf").storage
    previous = deck.pdf.name if deck.pk else ""
    deck.pdf.save("slides.pdf", file, save=False)
    try:
        with transaction.atomic():
            deck.size_bytes, deck.sha256 = size, sha256
            deck.source_url = source_url
            deck.fetched_at = now if source_url else None
            deck.status, deck.message = DeckStatus.PENDING, ""
            deck.save()
            if previous and previous != deck.pdf.name:
                delete_on_commit(storage, [previous])
    except BaseException:
        delete_quietly(storage, [deck.pdf.name])
        raise
    return True


def record_failure(deck_id: int, message: str) -> None:
    """Mark the deck failed with `message` for the admin (its own transaction: the work's
    rolled back, this must stay). Its pages, if any from an earlier run, stay."""
    with transaction.atomic():
        SlideDeck.objects.filter(pk=deck_id).update(
            status=DeckStatus.FAILED, message=message[:2000], updated_at=timezone.now()
        )


def delete_deck_files_on_commit(*, talk_ids) -> None:
    """Once the deletion of the talks `talk_ids` commits, delete their decks' files
    (PDFs and page images): a deleted talk leaves no file behind."""
    decks = SlideDeck.objects.filter(talk_id__in=list(talk_ids))
    pdfs = [name for name in decks.values_list("pdf", flat=True) if name]
    images = SlideImage.objects.filter(page__deck__in=decks).values_list("file", flat=True)
    delete_on_commit(SlideDeck._meta.get_field("pdf").storage, pdfs)
    delete_on_commit(SlideImage._meta.get_field("file").storage, list(images))
