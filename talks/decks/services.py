"""What the admin, the schedule import, the commands and publishing call for slide decks.

Each function is keyword-only, says its side effects, and enqueues its background work
once the surrounding transaction commits (a worker must find the rows; with the immediate
backend the work runs right then). The rule for public images is photos' rule for
renditions: they exist only while the talk is public, so everything that changes who may
see a talk ends in refresh_public_slides.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from conference.db.stored_files import delete_on_commit
from conference.publication import flip_published
from conference.web.archive_version import ArchiveVersion
from talks.decks.models import DeckStatus, SlideDeck, SlideImage
from talks.decks.storing import delete_deck_files_on_commit, store_pdf
from talks.decks.tasks import enqueue_extraction, enqueue_fetch
from talks.models import Talk


def upload_slides(*, talk: Talk, file) -> SlideDeck:
    """Keep `file` (a PDF, checked by the caller) as `talk`'s deck and read it.

    Side effects: creates the deck if the talk has none; stores the file (see
    talks.decks.storing.store_pdf); enqueues its extraction once committed, unless it
    holds the same bytes and is ready already.
    """
    deck, _created = SlideDeck.objects.get_or_create(talk=talk)
    if store_pdf(deck=deck, file=file) or deck.status != DeckStatus.READY:
        transaction.on_commit(partial(enqueue_extraction, deck.pk), robust=True)
    return deck


def request_fetches(*, talks, force: bool = False) -> int:
    """Enqueue a fetch of the slides URL of each of `talks` that has one; return how many.

    Idempotent: a talk whose deck is ready, fetched from its current URL or uploaded, or
    whose deck is waiting already ("pending"), is skipped unless `force`. Side effects:
    creates missing decks ("pending"), marks the fetched ones "pending", enqueues one
    fetch each once committed.
    """
    queued = 0
    with transaction.atomic():
        for talk in talks:
            if not talk.slides_url:
                continue
            deck, created = SlideDeck.objects.get_or_create(talk=talk)
            # Ready from this link, or from an upload (an organiser's file wins over a link).
            kept = deck.pdf and deck.source_url in ("", talk.slides_url)
            if not (force or created) and (
                (kept and deck.status == DeckStatus.READY) or deck.status == DeckStatus.PENDING
            ):
                continue  # done, or queued already (a fetch that never ran: see --force)
            SlideDeck.objects.filter(pk=deck.pk).update(
                status=DeckStatus.PENDING, message="", updated_at=timezone.now()
            )
            transaction.on_commit(partial(enqueue_fetch, deck.pk), robust=True)
            queued += 1
    return queued


def reprocess_decks(*, decks) -> int:
    """Read `decks` again (the admin's "re-run"): those with a PDF are marked "pending"
    and their extraction is enqueued once committed; those without one but with a slides
    link are fetched again. Returns how many were queued."""
    queued = 0
    with transaction.atomic():
        for deck in decks:
            if deck.pdf:
                SlideDeck.objects.filter(pk=deck.pk).update(
                    status=DeckStatus.PENDING, message="", updated_at=timezone.now()
                )
                transaction.on_commit(partial(enqueue_extraction, deck.pk), robust=True)
                queued += 1
            else:
                queued += request_fetches(talks=[deck.talk], force=True)
    return queued


def refresh_public_slides(*, talk_ids) -> tuple[int, int]:
    """Give the decks of the talks `talk_ids` public images if the talk is public, else none.

    Called by everything that changes who may see a talk (its publication, its edition's;
    see conference.services.refresh_edition_renditions and talks.services). Side effects,
    in one transaction: the images of non-public talks' decks are deleted (rows now, files
    once committed); ready decks of public talks without images get their extraction
    enqueued once committed. Returns (image rows withdrawn, extractions enqueued).
    """
    talk_ids = list(talk_ids)
    with transaction.atomic():
        ArchiveVersion.lock_for_write()
        public = set(Talk.objects.published().filter(pk__in=talk_ids).values_list("pk", flat=True))
        hidden = [pk for pk in talk_ids if pk not in public]
        withdrawn = withdraw_slide_images(talk_ids=hidden)
        missing = SlideDeck.objects.filter(
            talk_id__in=public, status=DeckStatus.READY, page_count__gt=0
        ).exclude(pages__images__isnull=False)
        deck_ids = list(missing.values_list("pk", flat=True).distinct())
        for deck_id in deck_ids:
            transaction.on_commit(partial(enqueue_extraction, deck_id), robust=True)
    return withdrawn, len(deck_ids)


def set_talks_published(*, talks, is_published: bool) -> int:
    """Publish or unpublish `talks` (talks or a queryset); return how many changed.

    The admin's publish actions on talks. Side effects, in one transaction: one UPDATE of
    the talks not yet in that state (see conference.publication.flip_published); their
    decks' public images follow (see refresh_public_slides).
    """
    with transaction.atomic():
        changing = flip_published(Talk, ids=[talk.pk for talk in talks], is_published=is_published)
        refresh_public_slides(talk_ids=changing)
    return len(changing)


def follow_talk_change(*, talk: Talk, changed) -> None:
    """What a saved talk's changed fields (`changed`: field names, as a form names them)
    mean for its slides. Called by talks.services.save_talk, in its transaction.

    A new slides file becomes a new deck: the old deck goes with its pages and, once
    committed, its PDF and page images (delete_decks), so nothing of the replaced slides
    stays public or searchable even if the new file cannot be read. A new slides link is
    fetched into the deck (request_fetches) unless the talk has a slides file (the
    organiser's file wins); a cleared file whose talk still has a link is replaced by a
    fetch from it. With neither a file nor a link left, the deck is deleted. A change of
    publication or edition brings or withdraws the deck's public images
    (refresh_public_slides).
    """
    changed = set(changed)
    sources = {"slides_file", "slides_url"} & changed
    if talk.slides_file and "slides_file" in sources:
        delete_decks(talk_ids=[talk.pk])
        with talk.slides_file.open("rb") as pdf:
            upload_slides(talk=talk, file=pdf)
    elif sources and not talk.slides_file:
        if "slides_file" in sources or not talk.slides_url:
            delete_decks(talk_ids=[talk.pk])  # the cleared file's deck, or no source left
        if talk.slides_url:
            request_fetches(talks=[talk], force=True)
    if {"is_published", "edition"} & changed:
        refresh_public_slides(talk_ids=[talk.pk])


def delete_decks(*, talk_ids) -> int:
    """Delete the decks of the talks `talk_ids` with their pages; return how many decks.

    Side effects, in one transaction: the deck, page and image rows (the talks' search
    documents lose the slides' text); once committed, the decks' PDFs and page images
    leave storage (talks.decks.storing.delete_deck_files_on_commit). If it rolls back,
    rows and files stay.
    """
    talk_ids = list(talk_ids)
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks of the delete: see its docstring
        decks = SlideDeck.objects.filter(talk_id__in=talk_ids)
        delete_deck_files_on_commit(talk_ids=talk_ids)
        count = decks.count()
        decks.delete()
    return count


def withdraw_slide_images(*, talk_ids) -> int:
    """Delete the page images of the talks `talk_ids`' decks, rows now and files once
    committed (their text and page count stay); return how many rows."""
    images = SlideImage.objects.filter(page__deck__talk_id__in=list(talk_ids))
    names = list(images.values_list("file", flat=True))
    deleted, _by_model = images.delete()
    delete_on_commit(SlideImage._meta.get_field("file").storage, names)
    return deleted
