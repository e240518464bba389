"""Uploaded file names are never used as paths: portraits and slides get random names."""

import re

import pytest
from django.core.files.base import ContentFile

from tests.factories import SpeakerFactory, TalkFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "a\x00b.pdf",
    "x" * 300 + ".pdf",
    "Доклад о репликации.PDF",
    "/absolute/path.pdf",
    "<script>alert(1)</script>.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_slides_stored_under_random_folder_named_after_talk(name, settings):
    talk = TalkFactory(slug="logical-replication")

    talk.slides_file.save(name, ContentFile(b"%PDF-1.4 slides"))

    assert re.fullmatch(r"slides/[0-9a-f]{32}/logical-replication\.pdf", talk.slides_file.name)
    stored = settings.MEDIA_ROOT / talk.slides_file.name
    assert stored.read_bytes() == b"%PDF-1.4 slides"


@pytest.mark.parametrize("name", [re.sub(r"\.pdf$", ".jpg", n, flags=re.I) for n in HOSTILE_NAMES])
def test_speaker_portrait_stored_under_random_name(name, settings):
    speaker = SpeakerFactory()

    speaker.photo.save(name, ContentFile(jpeg_bytes()))

    assert re.fullmatch(r"speakers/[0-9a-f]{32}\.jpg", speaker.photo.name)
    assert (settings.MEDIA_ROOT / speaker.photo.name).is_file()


@pytest.mark.parametrize("name", ["no-extension", "weird.p d f", "dots...", "x.пдф", "a.\x00"])
def test_odd_extension_dropped(name):
    speaker = SpeakerFactory()
    speaker.photo.save(name, ContentFile(jpeg_bytes()))
    assert re.fullmatch(r"speakers/[0-9a-f]{32}", speaker.photo.name)


def test_two_uploads_of_one_name_never_collide():
    first, second = TalkFactory(slug="same"), TalkFactory(slug="same")
    first.slides_file.save("slides.pdf", ContentFile(b"one"))
    second.slides_file.save("slides.pdf", ContentFile(b"two"))
    assert first.slides_file.name != second.slides_file.name
    with first.slides_file.open("rb") as stored:
        assert stored.read() == b"one"
