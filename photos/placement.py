"""Photos placed on their talks: the talk on stage when each photo was taken.

A photo's moment is its capture time (EXIF DateTimeOriginal, read in the edition's zone
by photos.exif) corrected by its batch's camera clock offset (PhotoBatch.clock_offset,
zero until someone sets it: phones keep good time, many cameras do not). The talk
proposed is the one of the photo's edition on stage at that moment (start <= moment <
start + duration), in the gallery's room and on its day when the gallery names them; in
the gallery's talk only, for a gallery of one talk. A moment with no talk (a coffee break,
the hallway) or with several (parallel rooms, and the gallery names none) gets no
proposal: such photos stay in their gallery only.

Proposals wait for an organiser (photos.moderation_views): confirming makes the talk the
photo's `talk`, which the talk and speaker pages show. A photo that has a talk is never
given a proposal, so a confirmed match (or a talk tagged by hand) is never overwritten.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.zones import local, venue_time
from photos.models import Photo, PhotoBatch
from photos.visibility import lock_photos
from photos.words import is_default, talk_alt_texts
from talks.models import Talk, TalkSpeaker


def moment_of(photo: Photo) -> datetime.datetime | None:
    """When `photo` was taken by the venue's clock: its camera time plus its batch's offset."""
    if photo.taken_at is None:
        return None
    offset = photo.batch.clock_offset if photo.batch_id else None
    return photo.taken_at + (offset or datetime.timedelta())


def talk_at(moment: datetime.datetime | None, gallery, talks: Iterable[Talk]) -> Talk | None:
    """The one talk of `talks` (the gallery's edition's) on stage at `moment` that the
    gallery's talk, room and day allow; None for none or several."""
    if moment is None:
        return None
    if gallery.day and local(moment, gallery.edition).date() != gallery.day:
        return None
    found = [
        talk
        for talk in talks
        if talk.start <= moment < talk.start + talk.duration
        and (gallery.talk_id is None or talk.pk == gallery.talk_id)
        and (gallery.room_id is None or talk.room_id == gallery.room_id)
    ]
    return found[0] if len(found) == 1 else None


def _scheduled_talks(edition_ids) -> dict[int, list[Talk]]:
    """The talks with a start and a duration of each edition, read once."""
    by_edition = defaultdict(list)
    talks = Talk.objects.filter(
        edition_id__in=edition_ids, start__isnull=False, duration__isnull=False
    ).only("id", "edition_id", "room_id", "start", "duration", "title")
    for talk in talks:
        by_edition[talk.edition_id].append(talk)
    return by_edition


def propose_talks(*, photo_ids: Iterable[int]) -> int:
    """Propose a talk for each of `photo_ids` that has none confirmed; return how many
    photos now have a proposal.

    Side effects, in one transaction with the photos locked: each photo without a talk
    gets the proposal talk_at() finds (or none, clearing an earlier one), unless an
    organiser dismissed that talk for it; photos with a talk are left alone.
    """
    with transaction.atomic():
        locked = lock_photos(photo_ids)
        photos = list(
            Photo.objects.filter(pk__in=locked, talk__isnull=True)
            .select_related("gallery__edition", "batch")
            .order_by("pk")
        )
        talks = _scheduled_talks({photo.gallery.edition_id for photo in photos})
        for photo in photos:
            found = talk_at(moment_of(photo), photo.gallery, talks[photo.gallery.edition_id])
            dismissed = found is not None and found.pk == photo.dismissed_talk_id
            photo.proposed_talk = None if dismissed else found
        Photo.objects.bulk_update(photos, ["proposed_talk"])
    return sum(photo.proposed_talk_id is not None for photo in photos)


def set_clock_offset(*, batch: PhotoBatch, photo: Photo, wall_time: datetime.datetime) -> int:
    """Set `batch`'s camera clock offset from one of its photos: `photo` was taken at
    `wall_time`, a naive time by the venue's clock ("this photo was taken at 14:05").

    Side effects, in one transaction: the batch's clock_offset, then new proposals for
    every photo of the batch (see propose_talks). Raises ValidationError when the photo is
    not of the batch, has no capture time, or `wall_time` does not exist at the venue.
    Returns how many photos of the batch have a proposal.
    """
    if photo.batch_id != batch.pk:
        raise ValidationError(_("This photo is not of this batch."), code="other_batch")
    if photo.taken_at is None:
        raise ValidationError(
            _("This photo does not say when it was taken; choose another one."), code="no_time"
        )
    moment = venue_time(wall_time, photo.gallery.edition)
    with transaction.atomic():
        PhotoBatch.objects.filter(pk=batch.pk).update(clock_offset=moment - photo.taken_at)
        batch.refresh_from_db(fields=["clock_offset"])
        return propose_talks(photo_ids=batch.photos.values_list("pk", flat=True))


def confirm_proposals(*, photo_ids: Iterable[int]) -> int:
    """Make each photo's proposed talk its talk (the organisers' confirmation, all of a
    talk's photos at once); return how many were confirmed.

    Side effects, in one transaction with the photos locked: photos with a proposal get it
    as their talk (the proposal cleared), and alt texts nobody wrote (see words.is_default)
    become the talk's words ("… speaking at …", both languages); photos without a proposal
    are left alone.
    """
    with transaction.atomic():
        locked = lock_photos(photo_ids)
        photos = list(
            Photo.objects.filter(pk__in=locked, proposed_talk__isnull=False).select_related(
                "gallery__edition", "proposed_talk__edition"
            )
        )
        speakers = _speakers_of({photo.proposed_talk_id for photo in photos})
        now = timezone.now()
        for photo in photos:
            talk = photo.proposed_talk
            if is_default(photo, photo.gallery):
                words = talk_alt_texts(talk, speakers[talk.pk], talk.edition)
                photo.alt_text_en, photo.alt_text_ru = words["alt_text_en"], words["alt_text_ru"]
            photo.talk, photo.proposed_talk, photo.updated_at = talk, None, now
        fields = ["talk", "proposed_talk", "alt_text_en", "alt_text_ru", "updated_at"]
        Photo.objects.bulk_update(photos, fields)
    return len(photos)


def dismiss_proposals(*, photo_ids: Iterable[int]) -> int:
    """Clear the proposals of `photo_ids` (not of this talk, says an organiser); returns how
    many were cleared. The dismissed talk is remembered, so a later propose_talks() (a
    clock offset set again) never proposes it for these photos; it may propose another."""
    with transaction.atomic():
        locked = lock_photos(photo_ids)
        return Photo.objects.filter(pk__in=locked, proposed_talk__isnull=False).update(
            dismissed_talk=F("proposed_talk"), proposed_talk=None
        )


def _speakers_of(talk_ids) -> dict[int, list]:
    """Each talk's speakers in their order."""
    speakers = defaultdict(list)
    links = TalkSpeaker.objects.filter(talk_id__in=talk_ids).select_related("speaker")
    for link in links.order_by("talk_id", "position", "pk"):
        speakers[link.talk_id].append(link.speaker)
    return speakers
