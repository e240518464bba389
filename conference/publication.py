"""Turning is_published on or off for many rows of one model (editions, galleries).

The services that publish editions and galleries share this step and differ only in what
follows from it (photos.services.set_galleries_published, conference.services.
set_editions_published).
"""

from django.db.models.functions import Now

from conference.web.archive_version import ArchiveVersion


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
