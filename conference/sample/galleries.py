"""The sample's three photo galleries: what they hold, and adding them through add_photo.

Two galleries of PGConf.Russia 2016 (the first day, and the Multicorn talk) and one of 2019.
Captions say what the moment was; alt texts say what the generated picture really shows.
"""

import dataclasses
import datetime
import random

from django.core.files.base import ContentFile

from conference.sample import images
from conference.sample.specs import GallerySpec, PhotoSpec, TalkSpec
from conference.zones import local
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo, PhotoBatch
from photos.placement import confirm_proposals, set_clock_offset
from photos.services import add_photo
from talks.programme import Room

EDITION_2016 = "pgconf-russia-2016"
EDITION_2019 = "pgconf-russia-2019"
ZALANDO_TALK = "data-integration-with-postgresql-logical-replication-at-zalando"
MULTICORN_TALK = "multicorn-writing-foreign-data-wrappers-in-python"

# Captions are (English, Russian).
# Day one is one photographer's batch from a camera whose clock was 47 min 20 s slow; the
# photographer knows the opening began at 09:55 (OPENING), and with that one moment set
# (photos.placement.set_clock_offset) the photos taken during the main hall's talks land
# on them and the others (before, between and after the talks) on none.
# (caption, minutes after 09:00 on 3 February 2016 by the venue's clock, which talk:
# None, "zalando" (shows Valentine Gogichashvili too), or "first" (the main hall's first))
DAY_ONE = (
    (
        ("Registration opens on the first morning", "Утром первого дня открывается регистрация"),
        10,
        None,
    ),
    (("Opening of PGConf.Russia 2016", "Открытие PGConf.Russia 2016"), 55, None),
    (
        ("The first talk of the day in the main hall", "Первый доклад дня в большом зале"),
        85,
        "first",
    ),
    (
        (
            "Valentine Gogichashvili on data integration with logical replication",
            "Валентин Гогичашвили об интеграции данных на логической репликации",
        ),
        130,
        "zalando",
    ),
    (("Questions after the Zalando talk", "Вопросы после доклада Zalando"), 160, "zalando"),
    (("Coffee break between talks", "Кофе-брейк между докладами"), 170, None),
    (("Hallway track between sessions", "Разговоры в кулуарах между секциями"), 230, None),
    (("Lunch on the first day", "Обед в первый день"), 250, None),
    (("Sponsor booths in the foyer", "Стенды спонсоров в фойе"), 410, None),
    (("Evening reception", "Вечерний фуршет"), 600, None),
)
DAY_ONE_ROOM = "Main hall"
CAMERA_SKEW = -datetime.timedelta(minutes=47, seconds=20)
OPENING = 1  # the index of the photo of the opening, at 09:55

# (caption, minutes into the talk, shows the speaker)
MULTICORN = (
    (("Ronan Dunklau introduces Multicorn", "Ронан Дюнкло представляет Multicorn"), 2, True),
    (
        (
            "What a foreign data wrapper is, and what Multicorn solves",
            "Что такое обёртка сторонних данных и какую задачу решает Multicorn",
        ),
        6,
        True,
    ),
    (
        (
            "A tour of the foreign data wrappers shipped with Multicorn",
            "Обзор обёрток сторонних данных, которые поставляются с Multicorn",
        ),
        12,
        True,
    ),
    (
        (
            "Writing a foreign data wrapper in Python from scratch",
            "Обёртка сторонних данных на Python с нуля",
        ),
        20,
        True,
    ),
    (("The audience during the Multicorn talk", "Слушатели доклада о Multicorn"), 24, False),
    (
        (
            "WHERE clauses pushed down to the foreign table",
            "Условия WHERE передаются сторонней таблице",
        ),
        29,
        True,
    ),
    (
        (
            "IMPORT FOREIGN SCHEMA, new in PostgreSQL 9.5",
            "IMPORT FOREIGN SCHEMA, новое в PostgreSQL 9.5",
        ),
        36,
        True,
    ),
    (("Questions from the audience", "Вопросы из зала"), 42, False),
)

CONFERENCE_DAYS_GENERIC = (
    ("Registration desk on the first morning", "Стойка регистрации утром первого дня"),
    ("Coffee break in the foyer", "Кофе-брейк в фойе"),
    ("Lightning talks session", "Секция блиц-докладов"),
    ("Hallway track", "Разговоры в кулуарах"),
    ("Evening party", "Вечеринка"),
    ("Closing of the conference", "Закрытие конференции"),
)
CONFERENCE_DAYS_TAGGED = 4


def gallery_specs(rng: random.Random, faker, talks: list[TalkSpec]) -> tuple[GallerySpec, ...]:
    """The galleries as specs. Draws from rng and faker, so it runs in a fixed order."""
    by_key = {(talk.edition_slug, talk.slug): talk for talk in talks}
    photographers = [f"{faker.first_name()} {faker.last_name()}" for _ in range(3)]

    def photo(caption, taken_at, talk=None, show_speakers=False, **fields) -> PhotoSpec:
        """A photo with `caption`, (English, Russian)."""
        portrait = rng.random() < 0.35
        seed = rng.randrange(2**31)
        credit = rng.choice(photographers)
        return PhotoSpec(
            caption_en=caption[0],
            caption_ru=caption[1],
            alt_text=images.design(seed, portrait=portrait).description,
            credit=fields.pop("credit", credit),
            taken_at=taken_at,
            portrait=portrait,
            rotated_in_exif=portrait and rng.random() < 0.5,
            seed=seed,
            talk_slug=talk.slug if talk else None,
            speaker_slugs=tuple(slug for slug, _ in talk.speakers) if show_speakers else (),
            **fields,
        )

    day_one, known = _day_one(photo, talks, by_key, photographers[0])
    multicorn = by_key[(EDITION_2016, MULTICORN_TALK)]
    multicorn_photos = tuple(
        photo(caption, multicorn.start + datetime.timedelta(minutes=minutes), multicorn, shows)
        for caption, minutes, shows in MULTICORN
    )

    talks_2019 = [talk for talk in talks if talk.edition_slug == EDITION_2019]
    tagged = sorted(rng.sample(talks_2019, CONFERENCE_DAYS_TAGGED), key=lambda talk: talk.start)
    first_morning = min(talk.start for talk in talks_2019).replace(hour=9, minute=15)
    conference_days = (
        *(
            photo(
                (talk.title, f"Доклад «{talk.title}»"),
                talk.start + datetime.timedelta(minutes=5),
                talk,
                True,
            )
            for talk in tagged
        ),
        *(
            photo(caption, first_morning + datetime.timedelta(hours=5 * number))
            for number, caption in enumerate(CONFERENCE_DAYS_GENERIC)
        ),
    )

    return _galleries(day_one, known, multicorn_photos, conference_days)


def _day_one(photo, talks, by_key, photographer: str) -> tuple[tuple[PhotoSpec, ...], tuple]:
    """Day one's photos (by `photo`, gallery_specs' maker) as the slow camera dated them,
    and the moment the photographer knows: (the opening photo's index, 09:55)."""
    zalando = by_key[(EDITION_2016, ZALANDO_TALK)]
    day_one_start = zalando.start.replace(hour=9, minute=0)
    first = min(
        (t for t in talks if t.edition_slug == EDITION_2016 and t.room == DAY_ONE_ROOM),
        key=lambda talk: talk.start,
    )
    placed = {"zalando": zalando, "first": first}
    day_one = tuple(
        # Not tagged with their talk: photos.placement finds it (the loader confirms it).
        dataclasses.replace(
            photo(
                caption,
                # What the slow camera wrote; the speakers are tagged by hand, the talk is found.
                day_one_start + datetime.timedelta(minutes=minutes) + CAMERA_SKEW,
                zalando if which == "zalando" else None,
                show_speakers=which == "zalando",
                credit=photographer,
                placed_talk_slug=placed[which].slug if which else None,
            ),
            talk_slug=None,
        )
        for caption, minutes, which in DAY_ONE
    )
    return day_one, (OPENING, day_one_start + datetime.timedelta(minutes=DAY_ONE[OPENING][1]))


def _galleries(day_one, known, multicorn_photos, conference_days) -> tuple[GallerySpec, ...]:
    """The three sample galleries around their photos."""
    return (
        GallerySpec(
            edition_slug=EDITION_2016,
            slug="day-one",
            title_en="Day one",
            title_ru="День первый",
            description="The first day of PGConf.Russia 2016, from registration to the "
            "evening reception. (Sample pictures.)",
            talk_slug=None,
            position=0,
            photos=day_one,
            room=DAY_ONE_ROOM,
            day=known[1].date(),
            camera_skew=CAMERA_SKEW,
            known_moment=known,
        ),
        GallerySpec(
            edition_slug=EDITION_2016,
            slug="multicorn-talk",
            title_en="Multicorn: writing foreign data wrappers in Python",
            title_ru="Multicorn: пишем обёртки сторонних данных на Python",
            description="Ronan Dunklau's talk on Multicorn. (Sample pictures.)",
            talk_slug=MULTICORN_TALK,
            position=1,
            photos=multicorn_photos,
        ),
        GallerySpec(
            edition_slug=EDITION_2019,
            slug="conference-days",
            title_en="Conference days",
            title_ru="Дни конференции",
            description="Three days of PGConf.Russia 2019. (Sample pictures.)",
            talk_slug=None,
            position=0,
            photos=conference_days,
        ),
    )


def load_galleries(specs, *, editions, talks, speakers, written_files: list) -> list[Gallery]:
    """Create or update each gallery; fill the ones that have no photos yet.

    Side effects: writes originals and renditions through add_photo and appends every file
    it stored to written_files as (storage, name), so that the caller can delete them if
    its transaction rolls back. A gallery that already has photos is left as it is, so a
    second run adds nothing and keeps what an organiser changed. A gallery with a
    camera_skew gets its photos as one upload batch, placed on their talks as people
    would (see _place_on_talks).
    """
    loaded = []
    for spec in specs:
        gallery, _ = Gallery.objects.update_or_create(
            edition=editions[spec.edition_slug],
            slug=spec.slug,
            defaults={
                "title_en": spec.title_en,
                "title_ru": spec.title_ru,
                "description": spec.description,
                "talk": talks[(spec.edition_slug, spec.talk_slug)] if spec.talk_slug else None,
                "position": spec.position,
                "is_published": True,
                "room": _room(editions[spec.edition_slug], spec.room),
                "day": spec.day,
            },
        )
        if not gallery.photos.exists():
            batch = PhotoBatch.objects.create() if spec.camera_skew is not None else None
            photos = [
                _add_photo(gallery, spec, number, photo, talks, speakers, written_files, batch)
                for number, photo in enumerate(spec.photos, start=1)
            ]
            gallery.cover = photos[0]
            gallery.save(update_fields=["cover", "updated_at"])
            if spec.known_moment is not None:
                _place_on_talks(gallery, batch, photos, spec.known_moment)
        loaded.append(gallery)
    return loaded


def _room(edition, name: str) -> Room | None:
    return Room.objects.get(edition=edition, name_en=name) if name else None


def _place_on_talks(gallery, batch, photos, known_moment) -> None:
    """What a photographer and an organiser do with the batch: set its camera clock from
    the one photo whose moment they know, then confirm the talks found."""
    index, moment = known_moment
    wall = local(moment, gallery.edition).replace(tzinfo=None)
    set_clock_offset(batch=batch, photo=photos[index], wall_time=wall)
    confirm_proposals(photo_ids=[photo.pk for photo in photos])


def _add_photo(gallery, spec, number, photo, talks, speakers, written_files, batch) -> Photo:
    picture = images.design(photo.seed, portrait=photo.portrait)
    label = f"{gallery.edition.name_en} - sample photo {number}"
    data = images.camera_jpeg(
        images.draw(picture, label=label),
        taken_at=photo.taken_at,
        rotated_in_exif=photo.rotated_in_exif,
        artist=photo.credit,
    )
    added = add_photo(
        gallery=gallery,
        file=ContentFile(data, name=f"{spec.slug}-{number:02}.jpg"),
        status=PhotoStatus.PUBLISHED,
        caption_en=photo.caption_en,
        caption_ru=photo.caption_ru,
        alt_text_en=photo.alt_text,
        credit=photo.credit,
        batch=batch,
        # Complete photos when the demo starts, whatever the task backend.
        build_now=True,
    )
    written_files.append((added.original.storage, added.original.name))
    written_files += [
        (rendition.file.storage, rendition.file.name) for rendition in added.renditions.all()
    ]
    if photo.talk_slug:
        added.talk = talks[(spec.edition_slug, photo.talk_slug)]
        added.save(update_fields=["talk", "updated_at"])
    if photo.speaker_slugs:
        added.speakers.set([speakers[slug] for slug in photo.speaker_slugs])
    return added
