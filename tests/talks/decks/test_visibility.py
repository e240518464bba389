"""Slide page images are public files: they exist only while their talk is public, and a
deleted talk leaves no slides file behind (as photos' renditions, photos.visibility)."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages

from conference.services import set_editions_published
from talks.decks.models import SlideDeck, SlideImage
from talks.decks.services import set_talks_published, upload_slides
from talks.services import delete_talks
from tests.factories import TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = pytest.mark.django_db


def files(storage) -> list[Path]:
    root = Path(storage.location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def public_talk_with_slides(django_capture_on_commit_callbacks):
    talk = TalkFactory()
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(deck("published words")))
    assert SlideImage.objects.filter(page__deck__talk=talk).exists()
    return talk


def test_unpublishing_a_talk_withdraws_its_slide_images(
    public_talk_with_slides, django_capture_on_commit_callbacks
):
    talk = public_talk_with_slides
    with django_capture_on_commit_callbacks(execute=True):
        set_talks_published(talks=[talk], is_published=False)

    assert not SlideImage.objects.exists()
    assert files(default_storage) == []
    # The text stays for when it is published again; nothing of it is public meanwhile.
    assert SlideDeck.objects.get(talk=talk).pages.count() == 2


def test_publishing_again_rebuilds_the_images(
    public_talk_with_slides, django_capture_on_commit_callbacks
):
    talk = public_talk_with_slides
    with django_capture_on_commit_callbacks(execute=True):
        set_talks_published(talks=[talk], is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        set_talks_published(talks=[talk], is_published=True)

    assert SlideImage.objects.filter(page__deck__talk=talk).exists()
    names = SlideImage.objects.values_list("file", flat=True)
    assert all(default_storage.exists(name) for name in names)


def test_unpublishing_the_edition_withdraws_its_talks_slide_images(
    public_talk_with_slides, django_capture_on_commit_callbacks
):
    talk = public_talk_with_slides
    with django_capture_on_commit_callbacks(execute=True):
        set_editions_published(editions=[talk.edition], is_published=False)

    assert not SlideImage.objects.exists()
    assert files(default_storage) == []


def test_deleting_a_talk_deletes_its_deck_files(
    public_talk_with_slides, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delete_talks(talks=[public_talk_with_slides])

    assert not SlideDeck.objects.exists()
    assert files(default_storage) == []
    assert files(storages["private"]) == []
