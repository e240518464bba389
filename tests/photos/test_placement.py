"""Photos placed on their talks (photos.placement): a camera's clock offset, set once per
batch, and the talk on stage at each photo's moment, on a made schedule in New York."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from photos.models import Photo, PhotoBatch
from photos.placement import (
    confirm_proposals,
    dismiss_proposals,
    propose_talks,
    set_clock_offset,
)
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
DAY = datetime.date(2024, 6, 10)
# The camera's clock is 12 min 30 s slow: it shows the venue's time minus this.
SLOW = datetime.timedelta(minutes=12, seconds=30)


def at(hour: int, minute: int, day: datetime.date = DAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=NEW_YORK)


@pytest.fixture
def schedule():
    """Two rooms, two talks each; Hall 2's first talk ends at 10:30."""
    edition = EditionFactory(
        name="PGConf.NYC 2024", start_date=DAY, end_date=DAY + datetime.timedelta(days=1)
    )
    edition.time_zone = "America/New_York"
    edition.save()
    main, hall = RoomFactory(edition=edition, name_en="Main hall"), RoomFactory(edition=edition)

    def talk(slug, room, hour, minutes=45):
        return TalkFactory(
            edition=edition,
            slug=slug,
            room=room,
            start=at(hour, 0),
            duration=datetime.timedelta(minutes=minutes),
        )

    return {
        "edition": edition,
        "main": main,
        "hall": hall,
        "a": talk("a", main, 10),
        "b": talk("b", main, 11),
        "c": talk("c", hall, 10, minutes=30),
        "d": talk("d", hall, 11),
    }


def shot(gallery, batch, hour, minute, day=DAY) -> Photo:
    """A photo taken at hour:minute by the venue's clock, with the slow camera."""
    return PhotoFactory(gallery=gallery, batch=batch, taken_at=at(hour, minute, day) - SLOW)


def proposals(photos) -> list[str | None]:
    found = Photo.objects.in_bulk([photo.pk for photo in photos])
    return [
        found[photo.pk].proposed_talk.slug if found[photo.pk].proposed_talk else None
        for photo in photos
    ]


def test_offset_from_one_photo_places_photos_before_during_between_and_after(schedule):
    gallery = GalleryFactory(edition=schedule["edition"], room=schedule["main"])
    batch = PhotoBatch.objects.create()
    times = [(9, 40), (10, 20), (10, 50), (11, 30), (12, 10)]
    photos = [shot(gallery, batch, hour, minute) for hour, minute in times]

    propose_talks(photo_ids=[photo.pk for photo in photos])
    # The camera's own clock puts 10:50 (between talks) 12 minutes earlier, into talk A.
    assert proposals(photos) == [None, "a", "a", "b", None]

    # "This photo was taken at 10:20", read in New York's zone, not Moscow's.
    count = set_clock_offset(
        batch=batch, photo=photos[1], wall_time=datetime.datetime(2024, 6, 10, 10, 20)
    )

    batch.refresh_from_db()
    assert batch.clock_offset == SLOW
    assert count == 2
    assert proposals(photos) == [None, "a", None, "b", None]


def test_rooms_decide_between_parallel_talks(schedule):
    batch = PhotoBatch.objects.create(clock_offset=SLOW)
    edition = schedule["edition"]
    main_hall = GalleryFactory(edition=edition, room=schedule["main"])
    hall_2 = GalleryFactory(edition=edition, room=schedule["hall"])
    anywhere = GalleryFactory(edition=edition)
    photos = [
        shot(main_hall, batch, 10, 20),
        shot(hall_2, batch, 10, 20),
        shot(hall_2, batch, 10, 40),  # Hall 2's talk ended at 10:30
        shot(anywhere, batch, 10, 20),  # A and C at once: no guess
        shot(anywhere, batch, 10, 40),  # only A is on
    ]

    propose_talks(photo_ids=[photo.pk for photo in photos])

    assert proposals(photos) == ["a", "c", None, None, "a"]


def test_gallery_day_and_talk_narrow_proposals(schedule):
    batch = PhotoBatch.objects.create(clock_offset=SLOW)
    edition = schedule["edition"]
    second_day = GalleryFactory(edition=edition, day=DAY + datetime.timedelta(days=1))
    of_talk_b = GalleryFactory(edition=edition, talk=schedule["b"])
    photos = [
        shot(second_day, batch, 10, 40),
        shot(of_talk_b, batch, 10, 40),
        shot(of_talk_b, batch, 11, 20),
    ]

    propose_talks(photo_ids=[photo.pk for photo in photos])

    assert proposals(photos) == [None, None, "b"]


def test_confirmed_talk_never_overwritten_by_a_proposal(schedule):
    batch = PhotoBatch.objects.create()
    gallery = GalleryFactory(edition=schedule["edition"], room=schedule["main"])
    tagged = shot(gallery, batch, 10, 20)
    tagged.talk = schedule["b"]
    tagged.save()
    other = shot(gallery, batch, 11, 20)

    set_clock_offset(batch=batch, photo=other, wall_time=datetime.datetime(2024, 6, 10, 10, 20))

    tagged.refresh_from_db()
    assert (tagged.talk, tagged.proposed_talk) == (schedule["b"], None)
    assert proposals([other]) == ["a"]


def test_dismissed_proposal_never_comes_back_another_talk_still_may(schedule):
    gallery = GalleryFactory(edition=schedule["edition"], room=schedule["main"])
    batch = PhotoBatch.objects.create(clock_offset=SLOW)
    photo = shot(gallery, batch, 10, 20)
    propose_talks(photo_ids=[photo.pk])
    assert proposals([photo]) == ["a"]

    assert dismiss_proposals(photo_ids=[photo.pk]) == 1
    assert proposals([photo]) == [None]

    # The clock set again to the same offset: talk A is found again, and not proposed.
    set_clock_offset(batch=batch, photo=photo, wall_time=datetime.datetime(2024, 6, 10, 10, 20))
    assert proposals([photo]) == [None]
    # An offset that puts the photo into talk B proposes B.
    set_clock_offset(batch=batch, photo=photo, wall_time=datetime.datetime(2024, 6, 10, 11, 20))
    assert proposals([photo]) == ["b"]


def test_offset_needs_a_photo_of_the_batch_with_a_time(schedule):
    gallery = GalleryFactory(edition=schedule["edition"])
    batch, other_batch = PhotoBatch.objects.create(), PhotoBatch.objects.create()
    untimed = PhotoFactory(gallery=gallery, batch=batch, taken_at=None)
    stranger = shot(gallery, other_batch, 10, 20)
    noon = datetime.datetime(2024, 6, 10, 12, 0)

    with pytest.raises(ValidationError):
        set_clock_offset(batch=batch, photo=untimed, wall_time=noon)
    with pytest.raises(ValidationError):
        set_clock_offset(batch=batch, photo=stranger, wall_time=noon)
    batch.refresh_from_db()
    assert batch.clock_offset is None


def test_confirming_writes_the_talks_words_in_both_languages(schedule):
    talk = schedule["a"]
    speaker = SpeakerFactory(name_en="Valentine Gogichashvili", name_ru="Валентин Гогичашвили")
    talk.speakers.through.objects.create(talk=talk, speaker=speaker, position=0)
    edition = schedule["edition"]
    edition.name_ru = "PGConf.NYC 2024 (Нью-Йорк)"
    edition.save()
    gallery = GalleryFactory(edition=edition, room=schedule["main"])
    batch = PhotoBatch.objects.create(clock_offset=SLOW)
    unwritten = shot(gallery, batch, 10, 10)
    Photo.objects.filter(pk=unwritten.pk).update(alt_text_en="", alt_text_ru="")
    written = shot(gallery, batch, 10, 20)  # the factory wrote an alt text: it stays
    propose_talks(photo_ids=[unwritten.pk, written.pk])

    count = confirm_proposals(photo_ids=[unwritten.pk, written.pk])

    unwritten.refresh_from_db()
    assert count == 2
    assert (unwritten.talk, unwritten.proposed_talk) == (talk, None)
    assert (unwritten.alt_text_en, unwritten.alt_text_ru) == (
        "Valentine Gogichashvili speaking at PGConf.NYC 2024",
        "Валентин Гогичашвили выступает на PGConf.NYC 2024 (Нью-Йорк)",
    )
    kept = Photo.objects.get(pk=written.pk)
    assert (kept.talk, kept.alt_text_en) == (talk, written.alt_text_en)


def test_gallery_room_must_be_of_its_edition(schedule):
    gallery = GalleryFactory(room=schedule["main"])  # another edition

    with pytest.raises(ValidationError) as error:
        gallery.full_clean()

    assert list(error.value.message_dict) == ["room"]


@pytest.mark.parametrize("count", [1, 5])
def test_proposing_costs_the_same_queries_for_any_number(
    schedule, count, django_assert_num_queries
):
    batch = PhotoBatch.objects.create(clock_offset=SLOW)
    gallery = GalleryFactory(edition=schedule["edition"], room=schedule["main"])
    photos = [shot(gallery, batch, 10, 20) for _ in range(count)]

    # Savepoint, archive version lock, photo locks, the photos, the talks, the update,
    # release.
    with django_assert_num_queries(7):
        propose_talks(photo_ids=[photo.pk for photo in photos])

    assert proposals(photos) == ["a"] * count
