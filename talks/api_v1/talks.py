"""Editions and talks."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router

from conference.bilingual import values_of
from conference.readers import editions_with_counts
from talks.api_v1.base import SAFE_METHODS, Error, PageParams, absolute, paginate
from talks.api_v1.schemas import EditionOut, EditionPage, TalkOut, TalkPage
from talks.choices import Language
from talks.readers import lists
from talks.readers.talk_page import find_talk

router = Router(tags=["editions and talks"])


def edition_data(request, edition) -> dict:
    slug = edition.slug
    return {
        "slug": slug,
        "start_date": edition.start_date,
        "end_date": edition.end_date,
        "time_zone": edition.time_zone,
        "website": edition.website,
        **values_of(edition, "name", "city", "venue", "summary"),
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
    track: str | None = Field(
        None,
        max_length=100,
        description="track slug (as the search facets give it); its name also works",
    )
    speaker: str | None = Field(None, description="speaker slug")
    company: str | None = Field(
        None, description="company slug: talks given by someone while at that company"
    )
    project: str | None = Field(None, description="project slug")
    has_video: bool | None = None


@router.api_operation(SAFE_METHODS, "/talks", response={200: TalkPage, 400: Error})
def list_talks(request, params: Query[TalkParams]):
    """Published talks, newest edition first and in schedule order inside an edition."""
    # The reader's filters are named as the parameters; an unknown slug matches nothing.
    filters = params.model_dump(include=set(lists.TALK_FILTERS))
    talks = lists.talks_page(limit=params.limit, offset=params.start, **filters)
    return paginate(request, talks, params)


@router.api_operation(
    SAFE_METHODS, "/talks/{edition_slug}/{slug}", response={200: TalkOut, 404: Error}
)
def get_talk(request, edition_slug: str, slug: str):
    """One published talk of a published edition."""
    # The talk page's reader: the API shows a talk as its page does, in one statement.
    talk = find_talk(edition_slug=edition_slug, slug=slug)
    if talk is None:
        raise Http404
    return talk
