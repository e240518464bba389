"""A talk's deck follows its slides file and link, saved through talks.services.save_talk
(the admin's change form goes through it): a cleared source leaves no deck, rows or files;
a replaced file makes a new deck and nothing of the old one stays; an unpublished talk
keeps no public page images."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from talks.decks.models import DeckStatus, SlideDeck, SlideImage, SlidePage
from talks.decks.services import upload_slides
from talks.search import search_talks
from talks.services import save_talk
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import damaged, deck, upload
from tests.talks.test_admin import talk_form_data

pytestmark = pytest.mark.django_db


def stored(storage) -> set[str]:
    root = Path(storage.location)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def deck_files() -> tuple[set[str], set[str]]:
    """The slide files in storage: (page images in the media, deck PDFs in private)."""
    images = {name for name in stored(default_storage) if name.startswith("slide-pages/")}
    return images, stored(storages["private"])


def row_files() -> tuple[set[str], set[str]]:
    """The slide files the rows point at, in deck_files()'s shape."""
    images = set(SlideImage.objects.values_list("file", flat=True))
    return images, {name for name in SlideDeck.objects.values_list("pdf", flat=True) if name}


def talk_with_file(data: bytes, callbacks, **fields):
    """A public talk given the slides file `data` through save_talk; its deck is read."""
    talk = TalkFactory(**fields)
    talk.slides_file = ContentFile(data, name="slides.pdf")
    with callbacks(execute=True):
        save_talk(talk=talk)
    assert SlideDeck.objects.get(talk=talk).status == DeckStatus.READY
    assert SlideImage.objects.exists()
    return talk


def test_clearing_the_slides_file_deletes_the_deck_and_its_files(
    django_capture_on_commit_callbacks,
):
    talk = talk_with_file(deck("brontosaurus indexes"), django_capture_on_commit_callbacks)
    assert [hit.title for hit in search_talks("brontosaurus").talks] == [talk.title]

    talk.slides_file = None
    with django_capture_on_commit_callbacks(execute=True):
        save_talk(talk=talk)

    assert not SlideDeck.objects.exists()
    assert not SlidePage.objects.exists()
    assert deck_files() == (set(), set())
    assert search_talks("brontosaurus").talks == []


def test_clearing_the_slides_link_in_the_admin_deletes_its_deck(
    admin_client, django_capture_on_commit_callbacks
):
    # A deck fetched from the talk's link (its PDF given here as the fetch would keep it).
    talk = TalkFactory(slides_url="https://slides.example.org/talk.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(deck("fetched words")))
    assert SlideImage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:talks_talk_change", args=[talk.pk]), talk_form_data(talk, [])
        )

    assert response.status_code == 302
    assert not SlideDeck.objects.exists()
    assert deck_files() == (set(), set())


def test_replacing_the_slides_file_makes_a_new_deck_without_the_old_pages(
    admin_client, django_capture_on_commit_callbacks
):
    talk = talk_with_file(deck("old words"), django_capture_on_commit_callbacks)
    old_deck = SlideDeck.objects.get(talk=talk)
    data = talk_form_data(talk, [])
    data["slides_file"] = upload(deck("new words", "more new words"), "new.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 302
    new_deck = SlideDeck.objects.get(talk=talk)
    assert new_deck.pk != old_deck.pk
    assert new_deck.status == DeckStatus.READY
    texts = " ".join(new_deck.pages.values_list("text", flat=True))
    assert "new words" in texts
    assert "old words" not in texts
    assert deck_files() == row_files()
    assert not any(name.startswith(f"slide-pages/{old_deck.pk}/") for name in deck_files()[0])


def test_replacing_the_file_with_an_unreadable_one_leaves_nothing_of_the_old_deck(
    django_capture_on_commit_callbacks,
):
    talk = talk_with_file(deck("old words"), django_capture_on_commit_callbacks)

    talk.slides_file = ContentFile(damaged(), name="broken.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        save_talk(talk=talk)

    new_deck = SlideDeck.objects.get(talk=talk)
    assert new_deck.status == DeckStatus.FAILED
    assert not SlidePage.objects.exists()
    images, pdfs = deck_files()
    assert images == set()
    assert pdfs == {new_deck.pdf.name}  # the new file, kept for an organiser to look at
    assert search_talks("old words").talks == []


def test_a_new_link_does_not_replace_the_slides_file_s_deck(django_capture_on_commit_callbacks):
    talk = talk_with_file(deck("file words"), django_capture_on_commit_callbacks)
    kept = SlideDeck.objects.get(talk=talk)

    # A loopback address: were it fetched, the fetch would be refused and the deck fail.
    talk.slides_url = "https://127.0.0.1/other.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        save_talk(talk=talk)

    deck_now = SlideDeck.objects.get(talk=talk)
    assert (deck_now.pk, deck_now.status, deck_now.sha256) == (
        kept.pk,
        DeckStatus.READY,
        kept.sha256,
    )
    assert deck_files() == row_files()


def test_unpublishing_a_talk_by_save_talk_withdraws_its_slide_images(
    django_capture_on_commit_callbacks,
):
    talk = talk_with_file(deck("published words"), django_capture_on_commit_callbacks)

    talk.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        save_talk(talk=talk)

    assert not SlideImage.objects.exists()
    assert deck_files()[0] == set()
    assert SlidePage.objects.filter(deck__talk=talk).count() == 2  # the text waits


def test_unpublishing_a_talk_in_the_admin_form_withdraws_its_slide_images(
    admin_client, django_capture_on_commit_callbacks
):
    talk = talk_with_file(deck("published words"), django_capture_on_commit_callbacks)
    data = talk_form_data(talk, [])
    del data["is_published"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 302
    assert not SlideImage.objects.exists()
    assert deck_files()[0] == set()
