"""The whole sample as specs: the real 2016 talks plus generated speakers, talks and galleries.

Deterministic: one random.Random and two Faker instances, all seeded with SEED, are called
in a fixed order, so every run yields the same names, slugs and schedule, whatever the
database holds. Faker makes people's names only; titles and abstracts are composed from
hand-written sentences about each topic (vocabulary.py, abstract_text.py). Nothing here
touches the database.
"""

import datetime
import itertools
import random
import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from faker import Faker

from conference.sample import galleries, seed, tables, vocabulary
from conference.sample.abstract_text import compose_abstract
from conference.sample.specs import (
    CompanySpec,
    EditionSpec,
    GallerySpec,
    ProjectSpec,
    SpeakerSpec,
    TalkSpec,
)
from talks.choices import Language, TalkKind
from talks.slugs import slugify_text, transliterate

SEED = 2016
GENERATED_SPEAKERS = 130
TALKS_PER_EDITION = 42
# Share of generated speakers with Russian names; most of them speak in Russian, which
# makes about 40% of the talks Russian.
RUSSIAN_SPEAKER_SHARE = 0.47
RUSSIAN_TALK_SHARE_OF_RUSSIAN_SPEAKERS = 0.85
TALK_SLUG_MAX_LENGTH = 80
MOSCOW = ZoneInfo("Europe/Moscow")


@dataclass(frozen=True)
class SampleArchive:
    editions: tuple[EditionSpec, ...]
    companies: tuple[CompanySpec, ...]
    projects: tuple[ProjectSpec, ...]
    speakers: tuple[SpeakerSpec, ...]
    talks: tuple[TalkSpec, ...]
    galleries: tuple[GallerySpec, ...]


def build_sample_archive(*, seed_value: int = SEED) -> SampleArchive:
    """Every row of the sample, as specs, in the order they must be created."""
    rng = random.Random(seed_value)  # reproducible on purpose
    fakers = {Language.ENGLISH: Faker("en_US"), Language.RUSSIAN: Faker("ru_RU")}
    for faker in fakers.values():
        faker.seed_instance(seed_value)

    editions = (seed.EDITION, *tables.GENERATED_EDITIONS)
    companies = (*seed.COMPANIES, *tables.COMPANIES)
    projects = (*seed.PROJECTS, *tables.PROJECTS)
    generator = _TalkGenerator(rng, fakers, companies)
    speakers = generator.speakers(
        GENERATED_SPEAKERS, taken_slugs={speaker.slug for speaker in seed.SPEAKERS}
    )
    talks = list(seed.TALKS)
    for edition in editions:
        reserved = [talk for talk in seed.TALKS if talk.edition_slug == edition.slug]
        talks += generator.talks(
            edition, speakers, count=TALKS_PER_EDITION - len(reserved), reserved=reserved
        )
    return SampleArchive(
        editions=editions,
        companies=companies,
        projects=projects,
        speakers=(*seed.SPEAKERS, *speakers),
        talks=tuple(talks),
        galleries=galleries.gallery_specs(rng, fakers[Language.ENGLISH], talks),
    )


class _TalkGenerator:
    """Draws speakers and talks from one random stream; call order fixes the output."""

    def __init__(self, rng: random.Random, fakers: dict[str, Faker], companies):
        self.rng = rng
        self.fakers = fakers
        self.companies = {company.slug: company for company in companies}
        self.russian_companies = [c.slug for c in companies if c.region == "ru"]
        self.international_companies = [c.slug for c in companies if c.region != "ru"]
        self._first_speakers = None
        # Each topic's projects in turn, so that every project gets talks whatever the
        # random draws of topics (a draw per talk would leave a project of a topic with
        # two projects without talks now and then).
        self._projects_of_topic = {
            topic: itertools.cycle(topic.project_slugs)
            for topic in vocabulary.TOPICS
            if topic.project_slugs
        }

    # --- speakers ----------------------------------------------------------------------

    def speakers(self, count: int, *, taken_slugs: set[str]) -> list[SpeakerSpec]:
        taken = set(taken_slugs)
        speakers = []
        for _ in range(count):
            russian = self.rng.random() < RUSSIAN_SPEAKER_SHARE
            language = Language.RUSSIAN if russian else Language.ENGLISH
            name = self._name(language)
            slug = _free_slug(slugify_text(name), taken)
            employers = self._employers(language)
            speakers.append(
                SpeakerSpec(
                    slug=slug,
                    name=name,
                    language=language,
                    # A Russian speaker's name in Latin letters too (the loader makes the
                    # pair explicit: name_ru and name_en, talks.names.split_spellings).
                    aliases=(transliterate(name),) if russian else (),
                    bio=self._bio(language, employers[-1][1]),
                    employers=employers,
                )
            )
        return speakers

    def _name(self, language: str) -> str:
        faker = self.fakers[language]
        if language == Language.RUSSIAN:
            # Russian surnames agree with the first name's gender: Иван Петров, Анна Петрова.
            if self.rng.random() < 0.7:
                return f"{faker.first_name_male()} {faker.last_name_male()}"
            return f"{faker.first_name_female()} {faker.last_name_female()}"
        return f"{faker.first_name()} {faker.last_name()}"

    def _employers(self, language: str) -> tuple[tuple[int, str], ...]:
        home, abroad = self.russian_companies, self.international_companies
        if language != Language.RUSSIAN:
            home, abroad = abroad, home
        pool = home if self.rng.random() < 0.85 else abroad
        current = self.rng.choice(pool)
        # About a third changed jobs between editions: their older talks show the old company.
        if self.rng.random() < 0.35:
            previous = self.rng.choice([slug for slug in pool if slug != current])
            return ((2016, previous), (self.rng.randint(2017, 2019), current))
        return ((2016, current),)

    def _bio(self, language: str, company_slug: str) -> str:
        company = self.companies[company_slug].name
        since = self.rng.randint(2005, 2015)
        if language == Language.RUSSIAN:
            role, template = (
                self.rng.choice(vocabulary.ROLES_RU),
                self.rng.choice(vocabulary.BIO_RU),
            )
        else:
            role, template = (
                self.rng.choice(vocabulary.ROLES_EN),
                self.rng.choice(vocabulary.BIO_EN),
            )
        return template.format(role=role, company=company, since=since)

    # --- talks -------------------------------------------------------------------------

    def talks(
        self, edition: EditionSpec, speakers: list[SpeakerSpec], *, count: int, reserved
    ) -> list[TalkSpec]:
        if self._first_speakers is None:
            # Cycle through every speaker once before repeating, so nobody is left talkless.
            order = list(speakers)
            self.rng.shuffle(order)
            self._first_speakers = itertools.cycle(order)
        taken_slots = {(talk.start, talk.room) for talk in reserved}
        slots = [slot for slot in _slots(edition) if slot not in taken_slots]
        taken_slugs = {talk.slug for talk in reserved}
        taken_titles = {talk.title for talk in reserved}
        talks = []
        for start, room in sorted(self.rng.sample(slots, count)):
            first = next(self._first_speakers)
            talk_speakers = [first, *self._co_speakers(first, speakers)]
            talks.append(self._talk(edition, start, room, talk_speakers, taken_slugs, taken_titles))
        return talks

    def _co_speakers(self, first: SpeakerSpec, speakers: list[SpeakerSpec]) -> list[SpeakerSpec]:
        extra = self.rng.choices((0, 1, 2), weights=(70, 22, 8))[0]
        same_language = [s for s in speakers if s.language == first.language and s != first]
        return self.rng.sample(same_language, extra)

    def _talk(self, edition, start, room, talk_speakers, taken_slugs, taken_titles) -> TalkSpec:
        rng = self.rng
        year = edition.start_date.year
        first = talk_speakers[0]
        language = first.language
        if language == Language.RUSSIAN and rng.random() > RUSSIAN_TALK_SHARE_OF_RUSSIAN_SPEAKERS:
            language = Language.ENGLISH
        company = self.companies[first.company_slug_in(year)].name
        topic = rng.choice(vocabulary.TOPICS)
        title = self._title(topic, language, company, year, taken_titles)
        slug = _free_slug(slugify_text(title, max_length=TALK_SLUG_MAX_LENGTH), taken_slugs)
        kind, duration = self._kind_and_duration(start, room)
        turn = self._projects_of_topic.get(topic)
        projects = (next(turn),) if turn else ()
        published_edition = edition.is_published
        return TalkSpec(
            edition_slug=edition.slug,
            slug=slug,
            title=title,
            abstract=self._abstract(topic, language, company, year),
            language=language,
            kind=kind,
            track=topic.track,
            room=room,
            start=start,
            duration=duration,
            speakers=tuple((s.slug, s.company_slug_in(year)) for s in talk_speakers),
            project_slugs=projects,
            slides_url=(
                f"https://slides.example.org/{edition.slug}/{slug}.pdf"
                if published_edition and rng.random() < 0.6
                else ""
            ),
            video_url=(
                f"https://www.youtube.com/watch?v={self._video_id()}"
                if published_edition and rng.random() < 0.5
                else ""
            ),
        )

    def _title(self, topic, language, company, year, taken_titles) -> str:
        versions = vocabulary.VERSIONS.get(year, vocabulary.VERSIONS_DEFAULT)
        russian = language == Language.RUSSIAN
        angles = vocabulary.ANGLES_RU if russian else vocabulary.ANGLES_EN
        subject = topic.title_ru if russian else topic.title_en
        for _ in range(len(angles)):
            angle = self.rng.choice(angles).format(
                company=company, version=self.rng.choice(versions)
            )
            title = f"{subject}: {angle}"
            if title not in taken_titles:
                break
        else:  # every angle of this topic already used in this edition
            part = 2
            while f"{title} ({part})" in taken_titles:
                part += 1
            title = f"{title} ({part})"
        taken_titles.add(title)
        return title

    def _kind_and_duration(self, start, room) -> tuple[str, datetime.timedelta]:
        if room == tables.ROOMS[0] and start.time() == tables.SLOT_TIMES[0]:
            return TalkKind.KEYNOTE, datetime.timedelta(minutes=50)
        roll = self.rng.random()
        if roll < 0.1:
            return TalkKind.LIGHTNING, datetime.timedelta(minutes=15)
        if roll < 0.14:
            return TalkKind.PANEL, datetime.timedelta(minutes=50)
        return TalkKind.TALK, datetime.timedelta(minutes=self.rng.choice((30, 45, 45, 45)))

    def _abstract(self, topic, language, company, year) -> str:
        versions = vocabulary.VERSIONS.get(year, vocabulary.VERSIONS_DEFAULT)
        return compose_abstract(
            self.rng, topic, language, company=company, version=self.rng.choice(versions)
        )

    def _video_id(self) -> str:
        alphabet = string.ascii_letters + string.digits + "-_"
        return "".join(self.rng.choice(alphabet) for _ in range(11))


def _slots(edition: EditionSpec) -> list[tuple[datetime.datetime, str]]:
    days = (edition.end_date - edition.start_date).days + 1
    return [
        (datetime.datetime.combine(day, time, tzinfo=MOSCOW), room)
        for day in (edition.start_date + datetime.timedelta(days=n) for n in range(days))
        for time in tables.SLOT_TIMES
        for room in tables.ROOMS
    ]


def _free_slug(slug: str, taken: set[str]) -> str:
    """The slug, or slug-2, slug-3... if this sample already used it; marks it used."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate
