"""The shapes the API answers with; the OpenAPI schema is generated from them."""

import datetime

from django.urls import reverse
from ninja import Field, Schema

from conference.zones import local
from talks.api_v1.base import absolute


class Ref(Schema):
    """Another object of the archive, by slug, with its page: a model instance (its
    get_absolute_url() makes the url) or a dict of the three."""

    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        if isinstance(obj, dict):
            return obj["url"]
        return absolute(context["request"], obj.get_absolute_url())


class NamedRef(Ref):
    """A company by slug: `name` in the request's language's script (the other spelling
    where that one is empty), and both spellings, either possibly "" (see docs/api.md)."""

    name_en: str
    name_ru: str


class ScheduleLinks(Schema):
    """The edition's schedule exports and Atom feed."""

    frab_xml: str
    c3voc_json: str
    ical: str
    atom_feed: str


class EditionOut(Schema):
    """A published edition. Each bilingual field ("name", "city", "venue", "summary") comes
    in the request's language, falling back to the other, and as stored in each language
    ("name_en", "name_ru"): docs/api.md."""

    slug: str
    name: str
    name_en: str
    name_ru: str
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str = Field(
        description="The venue's IANA time zone; talks' times carry its offset at that time."
    )
    city: str
    city_en: str
    city_ru: str
    venue: str
    venue_en: str
    venue_ru: str
    website: str
    summary: str
    summary_en: str
    summary_ru: str
    talk_count: int
    photo_count: int
    url: str
    schedule: ScheduleLinks


class CreditOut(Schema):
    """A speaker of a talk, with the company they had at that talk: from a TalkSpeaker.
    `name` is in the request's language's script; name_en and name_ru are both spellings."""

    slug: str
    name: str
    name_en: str
    name_ru: str
    url: str
    company: NamedRef | None

    @staticmethod
    def resolve_slug(credit) -> str:
        return credit.speaker.slug

    @staticmethod
    def resolve_name(credit) -> str:
        return credit.speaker.name

    @staticmethod
    def resolve_name_en(credit) -> str:
        return credit.speaker.name_en

    @staticmethod
    def resolve_name_ru(credit) -> str:
        return credit.speaker.name_ru

    @staticmethod
    def resolve_url(credit, context) -> str:
        return absolute(context["request"], credit.speaker.get_absolute_url())


class PageLinked(Schema):
    """An answer read from a model instance of the readers (talks.readers): a field named
    as a model field is that field's value; `url` is the instance's page, absolute."""

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class TalkOut(PageLinked):
    """A published talk, read from the Talk a talk reader gives (talks.readers): a field
    named as a Talk field is that field's value, so showing a new field of the model is
    one line here; the resolve_ methods below compute the others."""

    edition: Ref
    slug: str
    title: str
    # The title in the other language (English for a Russian talk, else Russian), or "".
    other_title: str
    subtitle: str
    abstract: str
    description: str
    language: str
    kind: str
    # The edition's track and room: in the request's language with the fallback, and as
    # stored (docs/api.md, "Content in English and Russian"); "" for none.
    track: str
    track_en: str
    track_ru: str
    room: str
    room_en: str
    room_ru: str
    start: datetime.datetime | None
    time_zone: str = Field(description="The edition's IANA time zone, the start's offset's.")
    duration_minutes: int | None
    speakers: list[CreditOut]
    projects: list[Ref]
    slides_url: str | None
    video_url: str | None
    url: str
    calendar_url: str | None

    @staticmethod
    def resolve_track(talk) -> str:
        return str(talk.track) if talk.track else ""

    @staticmethod
    def resolve_track_en(talk) -> str:
        return talk.track.name_en if talk.track else ""

    @staticmethod
    def resolve_track_ru(talk) -> str:
        return talk.track.name_ru if talk.track else ""

    @staticmethod
    def resolve_room(talk) -> str:
        return str(talk.room) if talk.room else ""

    @staticmethod
    def resolve_room_en(talk) -> str:
        return talk.room.name_en if talk.room else ""

    @staticmethod
    def resolve_room_ru(talk) -> str:
        return talk.room.name_ru if talk.room else ""

    @staticmethod
    def resolve_start(talk) -> datetime.datetime | None:
        # At the venue, with its zone's offset, as the schedule exports write it.
        return local(talk.start, talk.edition)

    @staticmethod
    def resolve_time_zone(talk) -> str:
        return talk.edition.time_zone

    @staticmethod
    def resolve_duration_minutes(talk) -> int | None:
        return int(talk.duration.total_seconds() // 60) if talk.duration else None

    @staticmethod
    def resolve_speakers(talk) -> list:
        # A company someone spoke for at a published talk always has a public page.
        return talk.credits

    @staticmethod
    def resolve_projects(talk) -> list:
        return talk.public_projects

    @staticmethod
    def resolve_slides_url(talk, context) -> str | None:
        slides = talk.slides_file.url if talk.slides_file else talk.slides_url
        return absolute(context["request"], slides) if slides else None

    @staticmethod
    def resolve_video_url(talk) -> str | None:
        return talk.video_url or None

    @staticmethod
    def resolve_calendar_url(talk, context) -> str | None:
        if not talk.start:
            return None
        calendar = reverse("talks:talk-ics", args=[talk.edition.slug, talk.slug])
        return absolute(context["request"], calendar)


class TalkRef(PageLinked):
    edition: str
    slug: str
    title: str
    language: str
    url: str

    @staticmethod
    def resolve_edition(talk) -> str:
        return talk.edition.slug


class WithTalks(Schema):
    """A detail answer's talks: the instance's .public_talks, which the view sets from the
    list reader its page uses."""

    talks: list[TalkRef]

    @staticmethod
    def resolve_talks(obj) -> list:
        return obj.public_talks


class SpeakerOut(PageLinked):
    slug: str
    name: str
    name_en: str
    name_ru: str
    aliases: list[str]
    bio: str
    website: str
    photo_url: str | None
    company: NamedRef | None
    talk_count: int
    url: str

    @staticmethod
    def resolve_photo_url(speaker, context) -> str | None:
        return absolute(context["request"], speaker.photo.url) if speaker.photo else None

    @staticmethod
    def resolve_company(speaker):
        # The current company, named only where it has a page (talks.readers.detail).
        return speaker.company if speaker.company_is_public else None


class SpeakerDetail(WithTalks, SpeakerOut):
    pass


class CompanyOut(PageLinked):
    slug: str
    name: str
    name_en: str
    name_ru: str
    aliases: list[str]
    website: str
    description: str
    description_en: str
    description_ru: str
    talk_count: int
    speaker_count: int
    url: str


class CompanyDetail(WithTalks, CompanyOut):
    pass


class ProjectOut(PageLinked):
    slug: str
    name: str
    repository_url: str
    homepage_url: str
    description: str
    description_en: str
    description_ru: str
    talk_count: int
    url: str


class ProjectDetail(WithTalks, ProjectOut):
    pass


class RenditionOut(Schema):
    width: int
    height: int
    format: str
    url: str


class PhotoOut(Schema):
    id: int
    caption: str
    caption_en: str
    caption_ru: str
    alt_text: str
    alt_text_en: str
    alt_text_ru: str
    credit: str
    width: int
    height: int
    taken_at: datetime.datetime | None
    url: str
    renditions: list[RenditionOut]


class GalleryOut(Schema):
    edition: Ref
    slug: str
    title: str
    title_en: str
    title_ru: str
    description: str
    photo_count: int
    url: str


class GalleryDetail(GalleryOut):
    photos: list[PhotoOut]


class Page(Schema):
    count: int
    next: str | None
    previous: str | None


class EditionPage(Page):
    results: list[EditionOut]


class TalkPage(Page):
    results: list[TalkOut]


class SpeakerPage(Page):
    results: list[SpeakerOut]


class CompanyPage(Page):
    results: list[CompanyOut]


class ProjectPage(Page):
    results: list[ProjectOut]


class GalleryPage(Page):
    results: list[GalleryOut]
