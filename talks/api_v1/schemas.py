"""The shapes the API answers with; the OpenAPI schema is generated from them."""

import datetime

from ninja import Schema


class Ref(Schema):
    """Another object of the archive, by slug, with its page."""

    slug: str
    name: str
    url: str


class ScheduleLinks(Schema):
    """The edition's schedule exports and Atom feed."""

    frab_xml: str
    c3voc_json: str
    ical: str
    atom_feed: str


class EditionOut(Schema):
    slug: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    city: str
    venue: str
    website: str
    summary: str
    talk_count: int
    photo_count: int
    url: str
    schedule: ScheduleLinks


class CreditOut(Schema):
    """A speaker of a talk, with the company they had at that talk."""

    slug: str
    name: str
    url: str
    company: Ref | None


class TalkOut(Schema):
    edition: Ref
    slug: str
    title: str
    subtitle: str
    abstract: str
    description: str
    language: str
    kind: str
    track: str
    room: str
    start: datetime.datetime | None
    duration_minutes: int | None
    speakers: list[CreditOut]
    projects: list[Ref]
    slides_url: str | None
    video_url: str | None
    url: str
    calendar_url: str | None


class TalkRef(Schema):
    edition: str
    slug: str
    title: str
    language: str
    url: str


class SpeakerOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    bio: str
    website: str
    photo_url: str | None
    company: Ref | None
    talk_count: int
    url: str


class SpeakerDetail(SpeakerOut):
    talks: list[TalkRef]


class CompanyOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    website: str
    description: str
    talk_count: int
    speaker_count: int
    url: str


class CompanyDetail(CompanyOut):
    talks: list[TalkRef]


class ProjectOut(Schema):
    slug: str
    name: str
    repository_url: str
    homepage_url: str
    description: str
    talk_count: int
    url: str


class ProjectDetail(ProjectOut):
    talks: list[TalkRef]


class RenditionOut(Schema):
    width: int
    height: int
    format: str
    url: str


class PhotoOut(Schema):
    id: int
    caption: str
    alt_text: str
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
