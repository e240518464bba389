"""The organisers' moderation page (photos.moderation_views): proposals confirmed per
talk, publish and reject one or many, speaker tagging by name, camera clocks; and who may."""

import datetime

import pytest
from django.urls import reverse

from conference.groups import PHOTOGRAPHERS
from photos.choices import PhotoStatus
from photos.models import Photo, PhotoBatch
from photos.placement import propose_talks
from photos.readers.photos import photos_for_talk, photos_of_speaker
from tests.factories import (
    GalleryFactory,
    PhotoFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("photo-staff:moderation")


@pytest.fixture
def photographer(client):
    user = StaffFactory(groups=[PHOTOGRAPHERS])
    client.force_login(user)
    return user


def placed(talk, count=2, **fields) -> list[Photo]:
    """Photos taken during `talk`, with it proposed."""
    gallery = GalleryFactory(edition=talk.edition)
    moment = talk.start + datetime.timedelta(minutes=10)
    photos = PhotoFactory.create_batch(
        count, gallery=gallery, taken_at=moment, status=PhotoStatus.PENDING, **fields
    )
    propose_talks(photo_ids=[photo.pk for photo in photos])
    return photos


def test_page_lists_pending_photos_and_proposals_by_talk(organiser_client):
    talk = TalkFactory(title="Logical replication at Zalando")
    photos = placed(talk)

    response = organiser_client.get(PAGE)

    assert response.status_code == 200
    assert [group.talk for group in response.context["proposals"]] == [talk]
    assert [photo.pk for photo in response.context["pending"]] == [photo.pk for photo in photos]
    assert "Confirm 2 photos of this talk" in response.text


def test_confirm_places_all_of_a_talks_photos_and_shows_them_on_its_pages(organiser_client):
    speaker = SpeakerFactory(name="Valentine Gogichashvili")
    talk = TalkFactory(speakers=[speaker])
    photos = placed(talk)
    other = placed(TalkFactory(edition=talk.edition, start=talk.start, room="Hall 2"), count=1)
    data = {
        "action": f"confirm:{talk.pk}",
        f"talk-{talk.pk}": [photo.pk for photo in photos],
        # A photo of another talk posted under this talk's name is not confirmed.
        f"talk-{talk.pk}-x": [other[0].pk],
    }

    response = organiser_client.post(PAGE, data)

    assert response.status_code == 302
    assert sorted(Photo.objects.filter(talk=talk).values_list("pk", flat=True)) == sorted(
        photo.pk for photo in photos
    )
    assert Photo.objects.get(pk=other[0].pk).talk is None
    # Published, they are on the talk's and the speaker's pages.
    Photo.objects.filter(talk=talk).update(status=PhotoStatus.PUBLISHED)
    assert {photo.pk for photo in photos_for_talk(talk)} == {photo.pk for photo in photos}
    assert {photo.pk for photo in photos_of_speaker(speaker)} == {photo.pk for photo in photos}


def test_publish_and_reject_one_and_many(organiser_client):
    photos = PhotoFactory.create_batch(4, status=PhotoStatus.PENDING)

    organiser_client.post(PAGE, {"action": f"publish:{photos[0].pk}"})
    organiser_client.post(PAGE, {"action": "reject", "photo": [photos[1].pk, photos[2].pk]})
    answer = organiser_client.post(
        PAGE, {"action": f"reject:{photos[3].pk}"}, headers={"Accept": "application/json"}
    )

    assert answer.json() == {"ok": True, "message": "1 photo rejected."}
    assert [Photo.objects.get(pk=photo.pk).status for photo in photos] == [
        PhotoStatus.PUBLISHED,
        PhotoStatus.REJECTED,
        PhotoStatus.REJECTED,
        PhotoStatus.REJECTED,
    ]


def test_tag_speaker_by_name_in_either_script(organiser_client):
    speaker = SpeakerFactory(name_en="Ronan Dunklau", name_ru="Ронан Дюнкло")
    photos = PhotoFactory.create_batch(2, status=PhotoStatus.PENDING)

    organiser_client.post(
        PAGE, {"action": "tag", "speaker": "ронан дюнкло", "photo": [p.pk for p in photos]}
    )
    unknown = organiser_client.post(
        PAGE,
        {"action": "tag", "speaker": "Nobody", "photo": [photos[0].pk]},
        headers={"Accept": "application/json"},
    )

    assert [list(photo.speakers.all()) for photo in photos] == [[speaker], [speaker]]
    assert unknown.status_code == 400
    assert unknown.json()["message"] == "No speaker is called “Nobody”."


def test_photographer_may_not_moderate(client, photographer):
    talk = TalkFactory()
    photos = placed(talk)

    page = client.get(PAGE)
    confirm = client.post(
        PAGE, {"action": f"confirm:{talk.pk}", f"talk-{talk.pk}": [p.pk for p in photos]}
    )
    publish = client.post(PAGE, {"action": f"publish:{photos[0].pk}"})

    assert (page.status_code, confirm.status_code, publish.status_code) == (403, 403, 403)
    assert (
        list(Photo.objects.filter(pk__in=[p.pk for p in photos]).values_list("talk", "status"))
        == [(None, PhotoStatus.PENDING)] * 2
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_photographer_sets_the_clock_of_their_own_batch_only(client, photographer):
    talk = TalkFactory()
    own = PhotoBatch.objects.create(uploaded_by=photographer)
    someone_elses = PhotoBatch.objects.create(uploaded_by=StaffFactory())
    slow = datetime.timedelta(minutes=20)
    photo = PhotoFactory(batch=own, gallery=GalleryFactory(edition=talk.edition),
                         taken_at=talk.start + datetime.timedelta(minutes=5) - slow)  # fmt: skip
    wall = (talk.start + datetime.timedelta(minutes=5)).astimezone(
        datetime.timezone(datetime.timedelta(hours=3))  # the edition's zone: Moscow
    )
    data = {"photo": photo.pk, "taken_at": wall.strftime("%Y-%m-%dT%H:%M")}

    mine = client.post(reverse("photo-staff:batch-clock", args=[own.pk]), data)
    theirs = client.post(reverse("photo-staff:batch-clock", args=[someone_elses.pk]), data)

    own.refresh_from_db()
    assert (mine.status_code, theirs.status_code) == (302, 403)
    assert own.clock_offset == slow
    assert Photo.objects.get(pk=photo.pk).proposed_talk == talk


def test_photographer_sees_the_clocks_of_their_own_batches(client, photographer):
    own = PhotoBatch.objects.create(uploaded_by=photographer)
    theirs = PhotoBatch.objects.create(uploaded_by=StaffFactory())
    moment = datetime.datetime(2016, 2, 3, 11, 5, tzinfo=datetime.UTC)
    PhotoFactory(batch=own, caption="Mine at the lectern", taken_at=moment)
    PhotoFactory(batch=theirs, caption="Someone else’s", taken_at=moment)

    response = client.get(reverse("photo-staff:batches"))

    assert response.status_code == 200
    assert response.context["batches"] == [own]
    assert "Mine at the lectern" in response.text
    assert "Someone else’s" not in response.text


def test_organiser_sees_every_batch(organiser_client):
    batches = [PhotoBatch.objects.create(uploaded_by=StaffFactory()) for _ in range(2)]
    for batch in batches:
        PhotoFactory(batch=batch)

    response = organiser_client.get(reverse("photo-staff:batches"))

    assert set(response.context["batches"]) == set(batches)


@pytest.mark.parametrize("count", [1, 4])
def test_page_queries_do_not_grow_with_photos(organiser_client, django_assert_num_queries, count):
    speaker = SpeakerFactory()
    talk = TalkFactory(speakers=[speaker])
    batch = PhotoBatch.objects.create()
    photos = placed(talk, count=count, batch=batch)
    for photo in photos:
        photo.speakers.add(speaker)

    # The session, the user and their permissions (two), the pending photos and their
    # speakers, the proposals and theirs, the batches and their timed photos, the names.
    with django_assert_num_queries(11):
        response = organiser_client.get(PAGE)

    assert len(response.context["pending"]) == count
