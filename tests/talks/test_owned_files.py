"""A talk's slides file and a speaker's portrait leave storage with them.

Deleted (the admin's delete page and "delete selected", the services), replaced or
cleared in the change form, or a duplicate speaker merged away: the file it had is
deleted once the transaction commits, and kept when it rolls back.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from talks.models import Speaker, Talk
from talks.services import delete_talks, merge_speakers
from tests.factories import SpeakerFactory, TalkFactory, jpeg_bytes
from tests.talks.test_admin import talk_form_data

pytestmark = pytest.mark.django_db


def media_files(settings) -> list[str]:
    """The media files but the page images of talks' slide decks (slide-pages/), which a
    new slides file brings along: their own tests are in tests/talks/decks/."""
    root = settings.MEDIA_ROOT
    files = (path.relative_to(root) for path in root.rglob("*") if path.is_file())
    return sorted(str(path) for path in files if path.parts[0] != "slide-pages")


def pdf_bytes() -> bytes:
    """A real (one-page) PDF, as slides are."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 255, 255)).save(buffer, "PDF")
    return buffer.getvalue()


def talk_with_slides(**fields) -> Talk:
    talk = TalkFactory(**fields)
    talk.slides_file.save("slides.pdf", ContentFile(pdf_bytes()))
    return talk


def speaker_with_portrait(**fields) -> Speaker:
    speaker = SpeakerFactory(**fields)
    speaker.photo.save("me.jpg", ContentFile(jpeg_bytes()))
    return speaker


def test_talk_deleted_in_admin_deletes_its_slides(
    admin_client, settings, django_capture_on_commit_callbacks
):
    talk, other = talk_with_slides(), talk_with_slides()
    assert media_files(settings) == sorted([talk.slides_file.name, other.slides_file.name])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:talks_talk_delete", args=[talk.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert media_files(settings) == [other.slides_file.name]


def test_talks_deleted_by_bulk_action_delete_their_slides(
    admin_client, settings, django_capture_on_commit_callbacks
):
    talks = [talk_with_slides(), talk_with_slides(), TalkFactory()]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:talks_talk_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [talk.pk for talk in talks],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not Talk.objects.exists()
    assert media_files(settings) == []


def test_talk_deletion_rolled_back_keeps_its_slides(settings, django_capture_on_commit_callbacks):
    talk = talk_with_slides()

    def delete_then_fail():
        with transaction.atomic():
            delete_talks(talks=[talk])
            raise RuntimeError("the surrounding transaction fails")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        delete_then_fail()

    assert Talk.objects.filter(pk=talk.pk).exists()
    assert media_files(settings) == [talk.slides_file.name]


def test_talk_slides_replaced_in_admin_old_file_deleted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    talk = talk_with_slides()
    old = talk.slides_file.name
    data = talk_form_data(talk, [])
    data["slides_file"] = SimpleUploadedFile("new.pdf", pdf_bytes(), "application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.slides_file.name != old
    assert media_files(settings) == [talk.slides_file.name]


def test_talk_slides_cleared_in_admin_file_deleted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    talk = talk_with_slides()
    data = {**talk_form_data(talk, []), "slides_file-clear": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.slides_file.name == ""
    assert media_files(settings) == []


def test_talk_saved_without_touching_slides_keeps_them(
    admin_client, settings, django_capture_on_commit_callbacks
):
    talk = talk_with_slides()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:talks_talk_change", args=[talk.pk]), talk_form_data(talk, [])
        )

    assert response.status_code == 302
    assert media_files(settings) == [talk.slides_file.name]


def test_speaker_deleted_in_admin_deletes_portrait(
    admin_client, settings, django_capture_on_commit_callbacks
):
    speaker, other = speaker_with_portrait(), speaker_with_portrait()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:talks_speaker_delete", args=[speaker.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert media_files(settings) == [other.photo.name]


def test_merged_speaker_portrait_deleted_unless_kept(settings, django_capture_on_commit_callbacks):
    keep, duplicate = speaker_with_portrait(), speaker_with_portrait()
    bare, taken_from = SpeakerFactory(), speaker_with_portrait()

    with django_capture_on_commit_callbacks(execute=True):
        merge_speakers(keep=keep, duplicate=duplicate)
        merge_speakers(keep=bare, duplicate=taken_from)

    bare.refresh_from_db()
    assert bare.photo.name == taken_from.photo.name  # taken over: the file stays
    assert media_files(settings) == sorted([keep.photo.name, bare.photo.name])
