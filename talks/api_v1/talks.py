"""Editions and talks."""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router

from conference.readers import editions_with_counts
from talks.api_v1.base import SAFE_METHODS, Error, PageParams, absolute, paginate
from talks.api_v1.schemas import EditionOut, EditionPage, TalkOut, TalkPage
from talks.choices import Language
from talks.models import Project, Talk, TalkSpeaker
from talks.readers.querysets import NEWEST_FIRST, visible_talks

router = Router(tags=["editions and talks"])


def ref(request, obj, name: str) -> dict:
    return {"slug": obj.slug, "name": name, "url": absolute(request, obj.get_absolute_url())}


def edition_data(request, edition) -> dict:
    slug = edition.slug
    return {
        "slug": slug,
        "name": edition.name,
        "start_date": edition.start_date,
        "end_date": edition.end_date,
        "city": edition.city,
        "venue": edition.venue,
        "website": edition.website,
        "summary": edition.summary,
        "talk_count": edition.talk_count,
        "photo_count": edition.photo_count,
        "url": absolute(request, edition.get_absolute_url()),
        "schedule": {
            "frab_xml": absolute(request, reverse("talks:schedule-xml", args=[slug])),
            "c3voc_json": absolute(request, reverse("talks:schedule-json", args=[slug])),
            "ical": absolute(request, reverse("talks:schedule-ics", args=[slug])),
            "atom_feed": absolute(request, reverse("talks:feed-edition", args=[slug])),
        },
    }


def talk_data(request, talk) -> dict:
    slides = talk.slides_file.url if talk.slides_file else talk.slides_url
    calendar = reverse("talks:talk-ics", args=[talk.edition.slug, talk.slug])
    return {
        "edition": ref(request, talk.edition, talk.edition.name),
        "slug": talk.slug,
        "title": talk.title,
        "subtitle": talk.subtitle,
        "abstract": talk.abstract,
        "description": talk.description,
        "language": talk.language,
        "kind": talk.kind,
        "track": talk.track,
        "room": talk.room,
        # In the conference's time zone, with its offset, as the schedule exports write it.
        "start": timezone.localtime(talk.start) if talk.start else None,
        "duration_minutes": int(talk.duration.total_seconds() // 60) if talk.duration else None,
        "speakers": [
            {
                **ref(request, credit.speaker, credit.speaker.name),
                # A company someone spoke for at a published talk always has a public page.
                "company": ref(request, credit.company, credit.company.name)
                if credit.company
                else None,
            }
            for credit in talk.credits
        ],
        "projects": [ref(request, project, project.name) for project in talk.projects.all()],
        "slides_url": absolute(request, slides) if slides else None,
        "video_url": talk.video_url or None,
        "url": absolute(request, talk.get_absolute_url()),
        "calendar_url": absolute(request, calendar) if talk.start else None,
    }


def api_talks():
    """Published talks with all a talk answer shows: 3 queries for any number of rows."""
    projects = Prefetch("projects", queryset=Project.objects.order_by("name", "pk"))
    return visible_talks().prefetch_related(projects)


@router.api_operation(SAFE_METHODS, "/editions", response={200: EditionPage, 400: Error})
def list_editions(request, params: Query[PageParams]):
    """Published editions, newest first, with their published talk and photo counts."""
    return paginate(request, editions_with_counts(), params, lambda e: edition_data(request, e))


@router.api_operation(SAFE_METHODS, "/editions/{slug}", response={200: EditionOut, 404: Error})
def get_edition(request, slug: str):
    """One published edition, with the addresses of its schedule exports and feed."""
    return edition_data(request, get_object_or_404(editions_with_counts(), slug=slug))


class TalkParams(PageParams):
    edition: str | None = Field(None, description="edition slug")
    language: Language | None = Field(None, description="en, ru, ...")
    track: str | None = Field(None, max_length=100)
    speaker: str | None = Field(None, description="speaker slug")
    company: str | None = Field(
        None, description="company slug: talks given by someone while at that company"
    )
    project: str | None = Field(None, description="project slug")
    has_video: bool | None = None


def filter_talks(talks, params: TalkParams):
    """Apply the filters; an unknown slug simply matches nothing, as in search."""
    if params.edition:
        talks = talks.filter(edition__slug=params.edition)
    if params.language:
        talks = talks.filter(language=params.language)
    if params.track:
        talks = talks.filter(track=params.track)
    if params.speaker:
        credits = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker__slug=params.speaker)
        talks = talks.filter(Exists(credits))
    if params.company:
        credits = TalkSpeaker.objects.filter(talk=OuterRef("pk"), company__slug=params.company)
        talks = talks.filter(Exists(credits))
    if params.project:
        links = Talk.projects.through.objects.filter(
            talk=OuterRef("pk"), project__slug=params.project
        )
        talks = talks.filter(Exists(links))
    if params.has_video is not None:
        talks = talks.exclude(video_url="") if params.has_video else talks.filter(video_url="")
    return talks


@router.api_operation(SAFE_METHODS, "/talks", response={200: TalkPage, 400: Error})
def list_talks(request, params: Query[TalkParams]):
    """Published talks, newest edition first and in schedule order inside an edition."""
    talks = filter_talks(api_talks(), params).order_by(*NEWEST_FIRST)
    return paginate(request, talks, params, lambda talk: talk_data(request, talk))


@router.api_operation(
    SAFE_METHODS, "/talks/{edition_slug}/{slug}", response={200: TalkOut, 404: Error}
)
def get_talk(request, edition_slug: str, slug: str):
    """One published talk of a published edition."""
    talk = get_object_or_404(api_talks(), edition__slug=edition_slug, slug=slug)
    return talk_data(request, talk)
