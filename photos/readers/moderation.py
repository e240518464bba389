"""What the organisers' moderation page shows (photos.moderation_views): staff only, so
every photo whatever its status, read with the ORM (no public rule applies here).

- pending photos, oldest upload first, with their gallery, talk, proposal and speakers;
- talk proposals grouped by talk, so that all of a talk's photos are confirmed at once;
- upload batches with photos to place, with the photos one may match to a known moment.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from conference.zones import local
from photos.choices import PhotoStatus
from photos.models import Photo, PhotoBatch
from talks.models import Speaker, Talk

# A page of the grid: enough to work through after a conference day, few enough to judge.
GRID_SIZE = 120


@dataclass
class Proposal:
    """A talk and the photos proposed for it."""

    talk: Talk
    photos: list[Photo] = field(default_factory=list)


def _photos():
    return Photo.objects.select_related(
        "gallery__edition", "talk", "proposed_talk__edition", "proposed_talk__room", "batch"
    ).prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("pk")))


def pending_photos(*, gallery_id: int | None = None) -> list[Photo]:
    """The first GRID_SIZE pending photos (of one gallery if given), oldest upload first."""
    photos = _photos().filter(status=PhotoStatus.PENDING)
    if gallery_id is not None:
        photos = photos.filter(gallery_id=gallery_id)
    return list(photos.order_by("uploaded_at", "pk")[:GRID_SIZE])


def proposals(*, gallery_id: int | None = None) -> list[Proposal]:
    """Photos with a talk proposed and not yet confirmed (any status but rejected),
    grouped by talk in schedule order."""
    photos = _photos().filter(proposed_talk__isnull=False).exclude(status=PhotoStatus.REJECTED)
    if gallery_id is not None:
        photos = photos.filter(gallery_id=gallery_id)
    groups: dict[int, Proposal] = {}
    ordered = photos.order_by("proposed_talk__start", "proposed_talk_id", "taken_at", "pk")
    for photo in ordered:
        groups.setdefault(photo.proposed_talk_id, Proposal(photo.proposed_talk)).photos.append(
            photo
        )
    return list(groups.values())


def batches_to_place(user=None) -> list[PhotoBatch]:
    """Upload batches with photos not yet on a talk (`user`'s own only, if given), newest
    first, each with .timed_photos: its photos that have a capture time."""
    batches = PhotoBatch.objects.filter(photos__talk__isnull=True).distinct()
    if user is not None:
        batches = batches.filter(uploaded_by=user)
    timed = Photo.objects.filter(taken_at__isnull=False).select_related("gallery__edition")
    found = list(
        batches.select_related("uploaded_by").prefetch_related(
            Prefetch("photos", queryset=timed.order_by("taken_at", "pk"), to_attr="timed_photos")
        )[:20]
    )
    for batch in found:
        for photo in batch.timed_photos:
            # What the camera's clock said, at the venue: an <option> holds text only.
            photo.camera_time = local(photo.taken_at, photo.gallery.edition).strftime(
                "%Y-%m-%d %H:%M:%S"
            )
    return found


def speaker_choices() -> list[str]:
    """Every speaker's names, for the tagging field's suggestions."""
    names = Speaker.objects.exclude(Q(name_en="") & Q(name_ru="")).values_list("name_en", "name_ru")
    return sorted({name for pair in names for name in pair if name})


def speaker_named(name: str) -> list[Speaker]:
    """The speakers called `name` (either spelling, whatever its case)."""
    name = name.strip()
    if not name:
        return []
    return list(Speaker.objects.filter(Q(name_en__iexact=name) | Q(name_ru__iexact=name))[:2])
