"""The slides on a talk page: the reader of a talk's public deck (talks/readers/slides.py),
the viewer's markup in both languages, its fallback to the old links, and the PDF's
download (talks/slides_views.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks.decks.models import DeckStatus, SlideDeck, SlideImage
from talks.decks.services import set_talks_published, upload_slides
from talks.readers import talk_page
from talks.readers.slides import deck_pdf
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload
from tests.talks.decks.rows import add_pages, ready_deck

pytestmark = pytest.mark.django_db

WORDS = ("vacuum freezes tuples", "checkpoints spread writes", "replicas replay the WAL")


@pytest.fixture
def talk_with_slides(django_capture_on_commit_callbacks):
    """A public talk whose four-page deck (a title page, then WORDS) was read."""
    talk = TalkFactory(title="Inside the storage engine", slides_url="https://example.org/s.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(deck(*WORDS)))
    return talk


def find(talk):
    return talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug, slides=True)


def test_reader_gives_the_pages_in_order_with_their_images_and_text(talk_with_slides):
    slides = find(talk_with_slides).public_slides

    assert slides.page_count == 4
    assert [page.number for page in slides.public_pages] == [1, 2, 3, 4]
    assert [WORDS[n] in page.text for n, page in enumerate(slides.public_pages[1:])] == [True] * 3
    page = slides.public_pages[2]
    assert {(image.kind, image.format) for image in page.thumbnail.public_renditions} == {
        ("thumb", "avif"),
        ("thumb", "webp"),
        ("thumb", "jpeg"),
    }
    # The large view never offers a format drawn as thumbnails only.
    assert {image.format for image in page.large.public_renditions} == {"webp", "jpeg"}
    urls = [image.file.url for image in page.large.public_renditions]
    assert all(url.startswith(f"/media/slide-pages/{slides.pk}/") for url in urls)


def test_reader_costs_no_query_more_than_the_talk(talk_with_slides, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = find(talk_with_slides)
        urls = [img.file.url for page in found.public_slides.public_pages
                for img in page.large.public_renditions]  # fmt: skip
    assert len(urls) == 4 * 4  # webp and jpeg, each at both sizes


def test_reader_without_slides_asked_reads_no_deck(talk_with_slides):
    talk = talk_with_slides
    found = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug)
    assert not hasattr(found, "public_slides")


@pytest.mark.parametrize("status", [DeckStatus.PENDING, DeckStatus.FAILED])
def test_reader_shows_no_deck_that_is_not_ready(talk_with_slides, status):
    SlideDeck.objects.filter(talk=talk_with_slides).update(status=status)
    assert find(talk_with_slides).public_slides is None
    assert deck_pdf(edition_slug=talk_with_slides.edition.slug, slug=talk_with_slides.slug) is None


def test_reader_shows_no_deck_whose_images_are_missing(talk_with_slides):
    SlideImage.objects.filter(page__number=3).delete()
    assert find(talk_with_slides).public_slides is None


def test_reader_shows_no_deck_of_a_draft_to_a_preview(
    talk_with_slides, django_capture_on_commit_callbacks
):
    talk = talk_with_slides
    with django_capture_on_commit_callbacks(execute=True):
        set_talks_published(talks=[talk], is_published=False)
    # Pretend a rule were missing: the images are there, the talk is a draft.
    SlideDeck.objects.filter(talk=talk).update(status=DeckStatus.READY)
    preview = talk_page.find_talk(
        edition_slug=talk.edition.slug, slug=talk.slug, include_drafts=True, slides=True
    )
    assert preview.public_slides is None
    assert deck_pdf(edition_slug=talk.edition.slug, slug=talk.slug) is None


@pytest.mark.parametrize(
    ("prefix", "label", "text_label", "button"),
    [
        ("", "Slide 3 of 4", "Text of the slides", "Next slide"),
        ("/ru", "Слайд 3 из 4", "Текст слайдов", "Следующий слайд"),
    ],
)
def test_talk_page_shows_the_viewer(client, talk_with_slides, prefix, label, text_label, button):
    html = client.get(prefix + talk_with_slides.get_absolute_url()).content.decode()

    # Each page at its own fragment, as a lazy <picture> with its size and its alt text.
    assert re.search(r'<li class="slides-page" id="slide-3"[^>]*>\s*<picture>', html)
    images = re.findall(r'<img [^>]*alt="' + label + '"[^>]*>', html)
    assert len(images) == 2  # the page, and its thumbnail in the strip
    for image in images:
        assert 'loading="lazy"' in image
        assert re.search(r'width="\d+" height="\d+"', image)
    assert '<source type="image/avif"' in html  # the thumbnails
    assert html.count("data-slides-strip aria-label=") == 1
    assert text_label in html
    assert button in html
    assert WORDS[2] in html  # the text of the slides, for screen readers and search engines
    pdf = f"{talk_with_slides.get_absolute_url()}slides.pdf"
    assert f'href="{pdf}"' in html
    assert "js/slides.js" in html
    # The viewer replaces the old links to the file or the slides' site.
    assert "materials-heading" not in html


def test_talk_page_without_a_deck_keeps_the_old_link(client, talk_with_slides):
    SlideDeck.objects.filter(talk=talk_with_slides).update(status=DeckStatus.PENDING)

    html = client.get(talk_with_slides.get_absolute_url()).content.decode()

    assert "data-slides" not in html
    assert "js/slides.js" not in html
    assert 'href="https://example.org/s.pdf"' in html


def test_talk_page_without_slides_shows_nothing_of_them(client):
    html = client.get(TalkFactory().get_absolute_url()).content.decode()
    assert "data-slides" not in html
    assert "slides.js" not in html


def test_pdf_download_is_the_kept_file_as_an_attachment(client, talk_with_slides):
    talk = talk_with_slides
    response = client.get(f"{talk.get_absolute_url()}slides.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{talk.slug}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)  # the test client closes it once read
    with SlideDeck.objects.get(talk=talk).pdf.open("rb") as kept:
        assert body == kept.read()


def test_pdf_download_of_a_draft_or_a_talk_without_slides_is_404(
    client, talk_with_slides, django_capture_on_commit_callbacks
):
    assert client.get(f"{TalkFactory().get_absolute_url()}slides.pdf").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        set_talks_published(talks=[talk_with_slides], is_published=False)
    assert client.get(f"{talk_with_slides.get_absolute_url()}slides.pdf").status_code == 404


def test_talk_page_costs_the_same_queries_with_slides_of_any_length(client):
    def queries(talk) -> int:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(talk.get_absolute_url()).content.decode()
        return len(captured), html.count('class="slides-page"')

    plain, with_deck = TalkFactory(), TalkFactory()
    without = queries(plain)
    deck = ready_deck(with_deck, ["one"])
    one = queries(with_deck)
    add_pages(deck, [f"page {n}" for n in range(2, 31)])

    many = queries(with_deck)
    assert [without, one, many] == [(without[0], 0), (without[0], 1), (without[0], 30)]
