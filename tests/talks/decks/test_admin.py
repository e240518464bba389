"""The admin's slide decks: an upload becomes a read deck, a non-PDF is refused, and the
talk's form shows how its slides went."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talks.decks.models import DeckStatus, SlideDeck, SlideImage
from talks.decks.services import upload_slides
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = pytest.mark.django_db


def test_upload_in_the_admin_reads_the_deck(organiser_client, django_capture_on_commit_callbacks):
    talk = TalkFactory()
    pdf = SimpleUploadedFile("any name.pdf", deck("admin words"), "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:talks_slidedeck_add"), {"talk": talk.pk, "upload": pdf}
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    slide_deck = SlideDeck.objects.get(talk=talk)
    assert slide_deck.status == DeckStatus.READY
    assert "admin words" in slide_deck.pages.get(number=2).text
    page = organiser_client.get(reverse("admin:talks_talk_change", args=[talk.pk]))
    assert "Ready" in page.content.decode()


def test_admin_refuses_a_file_that_is_not_a_pdf(organiser_client):
    talk = TalkFactory()
    html = SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>")
    response = organiser_client.post(
        reverse("admin:talks_slidedeck_add"), {"talk": talk.pk, "upload": html}
    )

    assert response.status_code == 200
    assert "is not a PDF file" in response.content.decode()
    assert not SlideDeck.objects.exists()


def test_failed_deck_shows_its_message_in_the_list(organiser_client):
    SlideDeck.objects.create(
        talk=TalkFactory(), status=DeckStatus.FAILED, message="The PDF has no pages."
    )
    response = organiser_client.get(reverse("admin:talks_slidedeck_changelist"))

    assert response.status_code == 200
    assert "Failed" in response.content.decode()


def test_deck_deleted_in_the_admin_leaves_no_files(
    organiser_client, settings, django_capture_on_commit_callbacks
):
    talk = TalkFactory()
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(deck("deleted words")))
    slide_deck = SlideDeck.objects.get(talk=talk)
    assert SlideImage.objects.filter(page__deck=slide_deck).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:talks_slidedeck_delete", args=[slide_deck.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not SlideDeck.objects.exists()
    stored = [
        path
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
        for path in root.rglob("*")
        if path.is_file()
    ]
    assert stored == []
