"""Every public read of editions, for the pages, the API, the feeds, the exports and the
sitemap: the editions a page may show (visible_editions), the home page's edition, the
archive with counts (its page and the API) and the sitemap's edition pages.
"""

from django.db.models import IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.db.models.query import QuerySet

from conference.models import Edition
from photos.models import Photo
from talks.models import Talk, public_talk_q


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, so several counts need no joins that multiply rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def count_rows(queryset: QuerySet) -> SubqueryCount:
    return SubqueryCount(queryset.order_by().values("pk"))


def visible_editions(*, include_drafts: bool = False) -> QuerySet[Edition]:
    """Editions a page may show; drafts only for a staff preview."""
    return Edition.objects.all() if include_drafts else Edition.objects.published()


def latest_edition() -> Edition | None:
    """The published edition that started last (Edition's default order is newest first)."""
    return Edition.objects.published().order_by("-start_date", "-pk").first()


def editions_with_counts() -> QuerySet[Edition]:
    """Every published edition, newest first, with its published talk and photo counts."""
    talks = Talk.objects.published().filter(edition=OuterRef("pk"))
    photos = Photo.objects.published().filter(gallery__edition=OuterRef("pk"))
    return (
        Edition.objects.published()
        .annotate(talk_count=count_rows(talks), photo_count=count_rows(photos))
        .order_by("-start_date", "-pk")
    )


def edition_pages() -> QuerySet[Edition]:
    """Every published edition, newest first, with .last_change for /sitemap.xml: the later
    of its own updated_at and its newest published talk's (the page lists its talks)."""
    newest_talk = Max("talks__updated_at", filter=public_talk_q("talks"))
    return (
        Edition.objects.published()
        .only("slug", "updated_at")
        .annotate(last_change=Greatest("updated_at", Coalesce(newest_talk, "updated_at")))
        .order_by("-start_date", "pk")
    )
