"""Plain descriptions of sample rows, built before anything touches the database.

The generator produces these from a fixed seed; the loader turns them into rows. Keeping
the two apart makes the sample deterministic whatever the database already holds.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EditionSpec:
    """An edition, with its bilingual fields in English and in Russian (the columns' names)."""

    slug: str
    name_en: str
    name_ru: str
    start_date: datetime.date
    end_date: datetime.date
    city_en: str
    city_ru: str
    venue_en: str
    venue_ru: str
    summary_en: str
    summary_ru: str
    is_published: bool
    # The sample's talks are at Moscow's times (seed.MOSCOW, generate.MOSCOW), whatever
    # the site's TIME_ZONE.
    time_zone: str = "Europe/Moscow"


@dataclass(frozen=True)
class CompanySpec:
    """`name` and `aliases` as an organiser would type them: the loader puts the name and
    the first alias in the other script into name_en and name_ru (talks.names); the
    description is in English, `description_ru` its Russian."""

    slug: str
    name: str
    website: str = ""
    description: str = ""
    description_ru: str = ""
    aliases: tuple[str, ...] = ()
    # Where most of its speakers come from: "ru" companies send Russian speakers.
    region: str = "intl"


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    name: str
    repository_url: str = ""
    homepage_url: str = ""
    description_en: str = ""
    description_ru: str = ""


@dataclass(frozen=True)
class SpeakerSpec:
    """`name` and `aliases` as CompanySpec's."""

    slug: str
    name: str
    language: str
    aliases: tuple[str, ...] = ()
    bio: str = ""
    # (first year, company slug), oldest first: the company at a talk is the one of its year.
    employers: tuple[tuple[int, str], ...] = ()

    @property
    def company_slug(self) -> str | None:
        """The current company: the latest employer."""
        return self.employers[-1][1] if self.employers else None

    def company_slug_in(self, year: int) -> str | None:
        current = None
        for first_year, company_slug in self.employers:
            if first_year <= year:
                current = company_slug
        return current or (self.employers[0][1] if self.employers else None)


@dataclass(frozen=True)
class TalkSpec:
    edition_slug: str
    slug: str
    title: str
    abstract: str
    language: str
    kind: str
    track: str
    room: str
    start: datetime.datetime
    duration: datetime.timedelta
    # (speaker slug, company slug at this talk), in the order they are listed.
    speakers: tuple[tuple[str, str | None], ...]
    project_slugs: tuple[str, ...] = ()
    slides_url: str = ""
    video_url: str = ""
    is_published: bool = True
    # The title in the other language (English for a Russian talk, else Russian).
    other_title: str = ""


@dataclass(frozen=True)
class PhotoSpec:
    caption_en: str
    caption_ru: str
    alt_text: str
    credit: str
    taken_at: datetime.datetime
    portrait: bool
    # Stored sideways with EXIF Orientation=6, as phones do; renditions must stand upright.
    rotated_in_exif: bool
    seed: int
    talk_slug: str | None = None
    speaker_slugs: tuple[str, ...] = ()
    # The talk the photo was taken during, which photos.placement should find once its
    # batch's camera clock is set (a photo of a gallery with a camera_skew).
    placed_talk_slug: str | None = None


@dataclass(frozen=True)
class GallerySpec:
    edition_slug: str
    slug: str
    title_en: str
    title_ru: str
    description: str
    talk_slug: str | None
    position: int
    photos: tuple[PhotoSpec, ...] = field(default=())
    # The room and day the gallery names (photos.placement proposes their talks only).
    room: str = ""
    day: datetime.date | None = None
    # One photographer's batch whose camera clock is off by this much (its EXIF times are
    # the true ones plus this), set right by `known_moment`: (the photo's index, the true
    # wall time at the venue), as a photographer matches one photo to a known moment.
    camera_skew: datetime.timedelta | None = None
    known_moment: tuple[int, datetime.datetime] | None = None
