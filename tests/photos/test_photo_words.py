"""Words for photos (issue 21, item 4): captions and alt texts given once per upload in
English and Russian, default alt texts from the gallery and then the confirmed talk, the
photo page's heading in both languages; and the upload batch the files share."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conference.groups import PHOTOGRAPHERS
from photos.models import Photo, PhotoBatch
from photos.placement import confirm_proposals, propose_talks
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
)
from tests.photos.test_upload import image_bytes

pytestmark = pytest.mark.django_db

PAGE = reverse("photo-staff:upload")
FILE = reverse("photo-staff:upload-file")
WORDS = {
    "caption_en": "The main hall at the opening",
    "caption_ru": "Большой зал на открытии",
    "alt_text_en": "Rows of people facing a stage",
    "alt_text_ru": "Ряды людей лицом к сцене",
}


@pytest.fixture
def photographer(client):
    user = StaffFactory(groups=[PHOTOGRAPHERS])
    client.force_login(user)
    return user


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def edition_2016():
    return EditionFactory(name="PGConf.Russia 2016", name_ru="PGConf.Russia 2016 (Москва)")


def test_words_of_an_upload_go_to_every_photo_in_both_languages(client, photographer):
    gallery = GalleryFactory()

    response = client.post(
        PAGE, {"gallery": gallery.pk, "files": [upload("a.jpg"), upload("b.jpg")], **WORDS}
    )

    assert response.status_code == 200
    photos = Photo.objects.filter(gallery=gallery).order_by("pk")
    assert [{name: getattr(photo, name) for name in WORDS} for photo in photos] == [WORDS, WORDS]
    # One post, one batch, the photographer's.
    assert {photo.batch.uploaded_by for photo in photos} == {photographer}


def test_files_sent_one_by_one_share_the_pages_batch(client, photographer):
    gallery = GalleryFactory()
    token = uuid.uuid4()
    someone_elses = PhotoBatch.objects.create(uploaded_by=StaffFactory())

    for name in ("a.jpg", "b.jpg"):
        client.post(FILE, {"gallery": gallery.pk, "files": upload(name), "batch": token})
    client.post(
        FILE, {"gallery": gallery.pk, "files": upload("c.jpg"), "batch": someone_elses.token}
    )

    batches = list(
        Photo.objects.filter(gallery=gallery).order_by("pk").values_list("batch", flat=True)
    )
    assert batches[0] == batches[1] == PhotoBatch.objects.get(token=token).pk
    assert batches[2] not in (batches[0], someone_elses.pk)
    assert not someone_elses.photos.exists()


def test_without_alt_text_a_photo_names_its_gallery_in_both_languages(client, photographer):
    gallery = GalleryFactory(edition=edition_2016(), title="Day one", title_ru="День первый")

    client.post(FILE, {"gallery": gallery.pk, "files": upload("a.jpg")})

    photo = Photo.objects.get(gallery=gallery)
    assert (photo.alt_text_en, photo.alt_text_ru) == (
        "A photo from “Day one”, PGConf.Russia 2016",
        "Фотография из галереи «День первый», PGConf.Russia 2016 (Москва)",
    )


def test_confirmed_talk_names_its_speakers_on_the_photo_page_in_both_languages(client):
    first = SpeakerFactory(name_en="Valentine Gogichashvili", name_ru="Валентин Гогичашвили")
    second = SpeakerFactory(name_en="Ronan Dunklau", name_ru="")
    talk = TalkFactory(edition=edition_2016(), speakers=[first, second])
    gallery = GalleryFactory(edition=talk.edition, title="Day one", title_ru="День первый")
    photo = PhotoFactory(gallery=gallery, caption="", taken_at=talk.start, alt_text="")
    Photo.objects.filter(pk=photo.pk).update(alt_text_en="", alt_text_ru="")
    RenditionFactory(photo=photo)
    propose_talks(photo_ids=[photo.pk])
    confirm_proposals(photo_ids=[photo.pk])

    english = client.get(photo.get_absolute_url())
    russian = client.get("/ru" + photo.get_absolute_url())

    heading = '<h1 class="photo-title">{}</h1>'
    en = "Valentine Gogichashvili and Ronan Dunklau speaking at PGConf.Russia 2016"
    ru = "Валентин Гогичашвили и Ronan Dunklau выступают на PGConf.Russia 2016 (Москва)"
    assert heading.format(en) in english.text
    assert f'alt="{en}"' in english.text
    assert heading.format(ru) in russian.text
    assert f'alt="{ru}"' in russian.text


def test_photo_page_heading_is_the_caption_in_the_pages_language(client):
    gallery = GalleryFactory(edition=edition_2016())
    photo = PhotoFactory(gallery=gallery, caption="Opening", caption_ru="Открытие")
    RenditionFactory(photo=photo)

    english = client.get(photo.get_absolute_url())
    russian = client.get("/ru" + photo.get_absolute_url())

    assert '<h1 class="photo-title">Opening</h1>' in english.text
    assert '<h1 class="photo-title">Открытие</h1>' in russian.text
