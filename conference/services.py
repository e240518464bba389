"""Writes to editions that reach into their talks and galleries.

Publishing an edition changes which photos the public may see, so their public
renditions follow; deleting an edition deletes everything in it, files included. Both go
through the talks' and photos' own services, which say what they do with files.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, ngettext

from conference.models import Edition
from conference.publication import flip_published
from conference.web.archive_version import ArchiveVersion
from photos.models import Gallery, Photo
from photos.services import delete_galleries, refresh_public_renditions
from talks.decks.services import refresh_public_slides
from talks.models import Talk
from talks.related import mark_editions_stale, refresh_on_commit
from talks.services import delete_talks


def set_editions_published(*, editions, is_published: bool) -> int:
    """Publish or unpublish `editions` (editions or a queryset); return how many changed.

    Side effects, in one transaction: one UPDATE of the editions not yet in that state
    (the others keep their updated_at, which sitemaps report); the public renditions of
    their photos follow (see photos.services.refresh_public_renditions): unpublishing
    withdraws every photo's rendition files, publishing enqueues builds for the published
    photos of their published galleries.
    """
    ids = [edition.pk for edition in editions]
    with transaction.atomic():
        changing = flip_published(Edition, ids=ids, is_published=is_published)
        refresh_edition_renditions(editions=changing)
        mark_editions_stale(changing)  # related talks are public talks (talks/related.py)
        refresh_on_commit()
    return len(changing)


@dataclass(frozen=True)
class Publication:
    """How many rows one publish_editions call published, for the organiser's message."""

    editions: int
    talks: int
    galleries: int

    def message(self) -> str:
        """ "Published: 1 edition, 126 talks, 4 galleries." (or that nothing needed it):
        the admin's publish page and the schedule import's report say it alike."""
        parts = [
            ngettext("%(count)d edition", "%(count)d editions", self.editions),
            ngettext("%(count)d talk", "%(count)d talks", self.talks),
            ngettext("%(count)d gallery", "%(count)d galleries", self.galleries),
        ]
        numbers = (self.editions, self.talks, self.galleries)
        shown = [
            part % {"count": number} for part, number in zip(parts, numbers, strict=True) if number
        ]
        if not shown:
            return gettext("Nothing was published: all of it was public already.")
        return gettext("Published: %(list)s.") % {"list": ", ".join(shown)}


def publish_editions(*, editions, talks: bool, galleries: bool) -> Publication:
    """Publish `editions` (editions or their ids) and, if asked, all their talks and galleries.

    What organisers mean by publishing an imported edition: its programme and its photos
    go public with it. Side effects, in one transaction (a failure publishes nothing):
    one UPDATE each of the editions, talks (with `talks`) and galleries (with `galleries`)
    not yet published, in that order (the others keep their updated_at, which sitemaps
    report); then the public renditions of the editions' photos follow (see
    refresh_edition_renditions). Photos keep their moderation status: only those already
    published become public. The archive version moves with the writes, so cached pages
    go stale. Returns how many of each were published.
    """
    ids = [getattr(edition, "pk", edition) for edition in editions]
    with transaction.atomic():
        published = flip_published(Edition, ids=ids, is_published=True)
        talk_ids = Talk.objects.filter(edition_id__in=ids).values_list("pk", flat=True)
        gallery_ids = Gallery.objects.filter(edition_id__in=ids).values_list("pk", flat=True)
        talks_published = flip_published(Talk, ids=talk_ids, is_published=True) if talks else []
        galleries_published = (
            flip_published(Gallery, ids=gallery_ids, is_published=True) if galleries else []
        )
        if published or galleries_published or talks_published:
            refresh_edition_renditions(editions=ids)
            mark_editions_stale(published)  # their talks' related talks (talks/related.py)
            refresh_on_commit()
    return Publication(len(published), len(talks_published), len(galleries_published))


def refresh_edition_renditions(*, editions) -> None:
    """Give the photos of `editions` (editions or their ids) the public renditions (and
    their talks' slide decks the public page images) their
    edition's publication now allows: for writers that set is_published themselves (the
    admin's change form, a schedule import with --publish). Side effects: see
    photos.services.refresh_public_renditions.
    """
    ids = [getattr(edition, "pk", edition) for edition in editions]
    photos = Photo.objects.filter(gallery__edition_id__in=ids)
    refresh_public_renditions(photo_ids=photos.values_list("pk", flat=True))
    # Their talks' slide images follow the same rule (talks.decks.services).
    talks = Talk.objects.filter(edition_id__in=ids, slide_deck__isnull=False)
    refresh_public_slides(talk_ids=talks.values_list("pk", flat=True))


def delete_editions(*, editions) -> int:
    """Delete `editions` (editions or a queryset) with their galleries and talks.

    Galleries and talks protect their edition from a plain delete (the admin refuses and
    lists them); this is the explicit way to delete an edition with all it holds. Side
    effects, in one transaction: the editions are locked, their galleries deleted with
    their photos (photos.services.delete_galleries) and their talks (talks.services.
    delete_talks), then the editions. Once committed, the photos' originals and renditions
    and the talks' slides files are deleted from storage; if it rolls back, every file
    stays. Returns how many editions were deleted.
    """
    ids = [edition.pk for edition in editions]
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        locked = list(
            Edition.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        delete_galleries(galleries=Gallery.objects.filter(edition_id__in=locked).only("pk"))
        delete_talks(talks=Talk.objects.filter(edition_id__in=locked).only("pk"))
        Edition.objects.filter(pk__in=locked).delete()
    return len(locked)
