"""The querysets the SQL readers of talks.readers replaced, kept as the tests' reference.

Each is the ORM's reading of a concept (a talk with its credits, a speaker with their
current company, the company and project indexes with counts), written with the models'
published() methods; tests/talks/readers/ (test_talk_page.py, test_detail.py,
test_lists.py) and tests/talks/test_talk_lists.py hold the readers equal to them on data
made to tell them apart.
The application never uses them: each concept has one reader, in talks/readers/.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import Lower
from django.db.models.query import QuerySet

from conference.bilingual import localized
from talks.models import (
    Company,
    Project,
    Speaker,
    Talk,
    TalkSpeaker,
    public_talk_q,
)
from talks.programme import ROOM_ORDER

# The order of talks inside an edition: the schedule, parallel talks by room.
# PostgreSQL sorts NULLs last in ascending order, so unscheduled talks come at the end.
# Parallel talks by room row, a talk without a room first (talks.models.ROOM_ORDER).
EDITION_ORDER = ("start", ROOM_ORDER, "title", "pk")
# Across editions (speaker, company and project pages): newest edition first.
NEWEST_FIRST = ("-edition__start_date", "start", ROOM_ORDER, "title", "pk")

# A credit's talk is public: for counts over a speaker's or company's credits.
PUBLISHED_TALK = public_talk_q("talk_speakers__talk")


def credits_prefetch(lookup: str = "talk_speakers") -> Prefetch:
    """A talk's speakers in order, each with the company they had at that talk: talk.credits."""
    return Prefetch(
        lookup,
        queryset=TalkSpeaker.objects.select_related("speaker", "company").order_by(
            "position", "pk"
        ),
        to_attr="credits",
    )


def visible_talks(*, include_drafts: bool = False) -> QuerySet[Talk]:
    """Talks with their edition and credits; drafts only for a staff preview."""
    talks = Talk.objects.all() if include_drafts else Talk.objects.published()
    return talks.select_related("edition").prefetch_related(credits_prefetch())


def talk_detail_queryset(*, edition_slug: str, include_drafts: bool = False) -> QuerySet[Talk]:
    """A talk's queryset with its edition, credits and projects: what a talk's exports show
    (talk.ics). The talk page itself reads through talks.talk_page."""
    return (
        visible_talks(include_drafts=include_drafts)
        .filter(edition__slug=edition_slug)
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("name")))
    )


def public_speakers() -> QuerySet[Speaker]:
    return Speaker.objects.published()


def speaker_detail_queryset() -> QuerySet[Speaker]:
    """The queryset a speaker page picks its speaker from: with their current company and
    `company_is_public` (whether that company has a page), in the same query."""
    public_company = Company.objects.published().filter(pk=OuterRef("company_id"))
    return (
        public_speakers()
        .select_related("company")
        .annotate(company_is_public=Exists(public_company))
    )


def public_companies() -> QuerySet[Company]:
    return Company.objects.published()


def companies_with_counts() -> QuerySet[Company]:
    """Companies someone spoke for at a published talk, with talk and speaker counts."""
    # By name whatever its case, said explicitly: Django leaves Meta.ordering out of a
    # query with GROUP BY.
    return (
        public_companies()
        .annotate(
            talk_count=Count("talk_speakers__talk", filter=PUBLISHED_TALK, distinct=True),
            speaker_count=Count("talk_speakers__speaker", filter=PUBLISHED_TALK, distinct=True),
        )
        .order_by(Lower(localized("name")), "pk")  # by the name shown, in the reader's script
    )


def public_projects() -> QuerySet[Project]:
    return Project.objects.published()


def projects_with_counts() -> QuerySet[Project]:
    return (
        public_projects()
        .annotate(talk_count=Count("talks", filter=public_talk_q("talks")))
        .order_by(Lower("name"), "pk")  # as companies_with_counts(): Meta.ordering is left out
    )
