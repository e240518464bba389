"""Turning is_published on or off for many rows of one model (editions, galleries).

The services that publish editions and galleries share this step and differ only in what
follows from it (photos.services.set_galleries_published, conference.services.
set_editions_published).

It also counts what an edition holds (edition_contents), for the admin's page that
publishes an edition with its talks and galleries (conference/publish_admin.py).
"""

from dataclasses import dataclass

from django.db.models import OuterRef
from django.db.models.functions import Now

from conference.bilingual import column_names
from conference.models import Edition
from conference.readers import count_rows
from conference.web.archive_version import ArchiveVersion
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from talks.models import Talk


def flip_published(model, *, ids, is_published: bool) -> list[int]:
    """Set is_published on the rows of `model` with `ids` not yet in that state; return
    their ids, in id order. The others keep their updated_at, which sitemaps report.

    Call inside a transaction: the archive version is locked before the rows (see
    ArchiveVersion.lock_for_write) and the rows stay locked until it ends.
    """
    ArchiveVersion.lock_for_write()
    changing = list(
        model.objects.select_for_update()
        .filter(pk__in=ids)
        .exclude(is_published=is_published)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    model.objects.filter(pk__in=changing).update(is_published=is_published, updated_at=Now())
    return changing


@dataclass
class EditionContents:
    """What publishing an edition may take along, for the organisers' confirmation page:
    its talks (and how many are published already), its galleries (how many are not yet)
    and the photos moderation published in them (what the public sees once they are)."""

    edition: Edition
    talks: int
    talks_published: int
    galleries: int
    galleries_published: int
    photos: int

    @property
    def talks_unpublished(self) -> int:
        return self.talks - self.talks_published

    @property
    def galleries_unpublished(self) -> int:
        return self.galleries - self.galleries_published


def edition_contents(ids) -> list[EditionContents]:
    """The editions with `ids` and their counts (EditionContents), by start date; one query.

    Counted in correlated subqueries, so that the talks and galleries joins do not
    multiply each other's rows.
    """
    talks = Talk.objects.filter(edition=OuterRef("pk"))
    galleries = Gallery.objects.filter(edition=OuterRef("pk"))
    photos = Photo.objects.filter(gallery__edition=OuterRef("pk"), status=PhotoStatus.PUBLISHED)
    editions = (
        Edition.objects.filter(pk__in=list(ids))
        .only("pk", *column_names("name"), "slug", "is_published")
        .annotate(
            talk_count=count_rows(talks),
            talks_published=count_rows(talks.filter(is_published=True)),
            gallery_count=count_rows(galleries),
            galleries_published=count_rows(galleries.filter(is_published=True)),
            photo_count=count_rows(photos),
        )
        .order_by("-start_date", "pk")
    )
    return [
        EditionContents(
            edition=edition,
            talks=edition.talk_count,
            talks_published=edition.talks_published,
            galleries=edition.gallery_count,
            galleries_published=edition.galleries_published,
            photos=edition.photo_count,
        )
        for edition in editions
    ]
