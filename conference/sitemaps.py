"""/sitemap.xml: every public page, and nothing a visitor could not open.

Each section starts from the models' published() methods, the same filters the public
pages use, so a draft edition, an unpublished talk or a pending photo never appears.
A page's lastmod is the newest change among the rows it shows: a speaker page changes
when one of their talks does.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.functional import cached_property

from conference.models import Edition
from photos.models import Gallery, Photo
from talks.models import Company, Project, Speaker, Talk, public_talk_q


class StaticPagesSitemap(Sitemap):
    """The home page and the indexes."""

    def items(self):
        return [
            "conference:home",
            "conference:edition-list",
            "talks:speaker-list",
            "talks:company-list",
            "talks:project-list",
            "photos:gallery-list",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(Sitemap):
    """Rows of a queryset whose `last_change` annotation is their lastmod."""

    @cached_property
    def paginator(self):
        # One query per section: over a queryset, Django's paginator runs a COUNT and then
        # fetches the page; the rows (a few narrow columns each) as a list are counted here.
        return Paginator(list(self._items()), self.limit)

    def lastmod(self, item):
        # Whole seconds: W3C datetimes allow fractions, but no reader needs them.
        return item.last_change.replace(microsecond=0)


def newest(own: str, talks: str, published: Q):
    """The later of a row's own updated_at and its newest published talk's."""
    return Greatest(own, Coalesce(Max(talks, filter=published), own))


class EditionSitemap(ModelSitemap):
    def items(self):
        return (
            Edition.objects.published()
            .annotate(last_change=newest("updated_at", "talks__updated_at", public_talk_q("talks")))
            .order_by("-start_date", "pk")
        )


class TalkSitemap(ModelSitemap):
    def items(self):
        return (
            Talk.objects.published()
            .select_related("edition")
            .only("slug", "updated_at", "edition__slug")
            .annotate(last_change=Greatest("updated_at", "edition__updated_at"))
            .order_by("pk")
        )


PUBLISHED_CREDIT = public_talk_q("talk_speakers__talk")


class SpeakerSitemap(ModelSitemap):
    def items(self):
        return (
            Speaker.objects.published()
            .only("slug", "updated_at")
            .annotate(
                last_change=newest(
                    "updated_at", "talk_speakers__talk__updated_at", PUBLISHED_CREDIT
                )
            )
            .order_by("pk")
        )


class CompanySitemap(ModelSitemap):
    def items(self):
        return (
            Company.objects.published()
            .only("slug", "updated_at")
            .annotate(
                last_change=newest(
                    "updated_at", "talk_speakers__talk__updated_at", PUBLISHED_CREDIT
                )
            )
            .order_by("pk")
        )


class ProjectSitemap(ModelSitemap):
    def items(self):
        return (
            Project.objects.published()
            .only("slug", "updated_at")
            .annotate(last_change=newest("updated_at", "talks__updated_at", public_talk_q("talks")))
            .order_by("pk")
        )


class GallerySitemap(ModelSitemap):
    def items(self):
        return (
            Gallery.objects.published()
            .select_related("edition")
            .only("slug", "updated_at", "edition__slug")
            .annotate(last_change=Greatest("updated_at", "edition__updated_at"))
            .order_by("pk")
        )


class PhotoSitemap(ModelSitemap):
    def items(self):
        return (
            Photo.objects.published()
            .select_related("gallery__edition")
            .only("gallery__slug", "gallery__edition__slug", "updated_at")
            .annotate(last_change=Greatest("updated_at", "gallery__updated_at"))
            .order_by("pk")
        )


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "editions": EditionSitemap,
    "talks": TalkSitemap,
    "speakers": SpeakerSitemap,
    "companies": CompanySitemap,
    "projects": ProjectSitemap,
    "galleries": GallerySitemap,
    "photos": PhotoSitemap,
}
