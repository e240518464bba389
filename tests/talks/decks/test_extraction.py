"""Reading a deck: page texts and images from a real PDF, limits and refusals, and the
rule that page images exist only for public talks."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from talks.decks.models import DeckStatus, SlideDeck, SlideImage, SlidePage
from talks.decks.services import upload_slides
from talks.decks.tasks import extract_slide_deck
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import damaged, deck, encrypted, upload

pytestmark = pytest.mark.django_db


def add_deck(talk, data: bytes, django_capture_on_commit_callbacks) -> SlideDeck:
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(data))
    return SlideDeck.objects.get(talk=talk)


def test_extraction_gives_each_page_its_text_and_images(django_capture_on_commit_callbacks):
    talk = TalkFactory()
    data = deck("checkpoints and vacuum", "logical decoding slots", "pg_upgrade in place")
    slide_deck = add_deck(talk, data, django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.READY, slide_deck.message
    assert slide_deck.page_count == 4
    pages = list(slide_deck.pages.order_by("number"))
    assert [page.number for page in pages] == [1, 2, 3, 4]
    assert "A deck for the tests" in pages[0].text
    assert "logical decoding slots" in pages[2].text
    assert "logical decoding" not in pages[1].text + pages[3].text
    assert (pages[0].width, pages[0].height) == (1600, 900)
    thumb = SlideImage.objects.get(page=pages[2], kind="thumb", format="jpeg")
    assert (thumb.width, thumb.height) == (320, 180)
    with default_storage.open(thumb.file.name) as file, Image.open(file) as image:
        assert image.size == (320, 180)
        # The title bar is drawn: the top left is the deck's navy, not a blank page.
        assert image.convert("RGB").getpixel((5, 5))[2] > 100
    kinds = set(SlideImage.objects.filter(page=pages[2]).values_list("kind", "format"))
    assert {("large", "webp"), ("large", "jpeg"), ("thumb", "webp"), ("thumb", "jpeg")} <= kinds


def test_extraction_run_twice_leaves_one_row_per_page_and_no_old_files(
    django_capture_on_commit_callbacks,
):
    talk = TalkFactory()
    slide_deck = add_deck(talk, deck("one", "two"), django_capture_on_commit_callbacks)
    first_files = set(SlideImage.objects.values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        extract_slide_deck.call(slide_deck.pk)

    assert SlidePage.objects.filter(deck=slide_deck).count() == 3
    images = SlideImage.objects.filter(page__deck=slide_deck)
    assert images.count() == len(first_files)
    assert not any(default_storage.exists(name) for name in first_files)
    assert all(default_storage.exists(name) for name in images.values_list("file", flat=True))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (encrypted(), "protected by a password"),
        (damaged(), "damaged and cannot be read"),
    ],
)
def test_unreadable_pdf_fails_with_a_clear_message(
    data, expected, django_capture_on_commit_callbacks
):
    slide_deck = add_deck(TalkFactory(), data, django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.FAILED
    assert expected in slide_deck.message
    assert not SlidePage.objects.exists()


def test_deck_over_the_page_limit_fails(settings, django_capture_on_commit_callbacks):
    settings.SLIDES_MAX_PAGES = 2
    slide_deck = add_deck(TalkFactory(), deck("a", "b", "c"), django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.FAILED
    assert slide_deck.message == "The PDF has 4 pages; at most 2 are read."
    assert not SlidePage.objects.exists()


def test_reader_out_of_memory_fails_the_deck_not_the_worker(
    settings, django_capture_on_commit_callbacks
):
    # 64 MB of address space cannot even load PDFium: the child dies, this process goes on.
    settings.SLIDES_MEMORY_MB = 64
    slide_deck = add_deck(TalkFactory(), deck("a"), django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.FAILED
    assert "Reading the PDF" in slide_deck.message
    assert not SlidePage.objects.exists()


def test_reader_past_its_time_is_stopped(settings, django_capture_on_commit_callbacks):
    settings.SLIDES_TIMEOUT_SECONDS = 0.01
    slide_deck = add_deck(TalkFactory(), deck("a"), django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.FAILED
    assert "took longer than" in slide_deck.message


def test_draft_talk_deck_gets_text_but_no_public_images(django_capture_on_commit_callbacks):
    talk = TalkFactory(is_published=False)
    slide_deck = add_deck(talk, deck("draft words"), django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.READY
    assert "draft words" in slide_deck.pages.get(number=2).text
    assert not SlideImage.objects.exists()
    assert _media_files() == []


def test_tall_page_is_drawn_within_the_pixel_limit(settings, django_capture_on_commit_callbacks):
    settings.SLIDES_MAX_PIXELS = 1600 * 400
    slide_deck = add_deck(TalkFactory(), deck("a"), django_capture_on_commit_callbacks)

    page = slide_deck.pages.get(number=1)
    assert page.width * page.height <= 1600 * 400
    assert page.width < 1600


def _media_files():
    root = Path(default_storage.location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
