"""Reads of editions for the public pages: the archive with counts, the home page's edition."""

from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.query import QuerySet

from conference.models import Edition
from photos.models import Photo
from talks.models import Talk


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
