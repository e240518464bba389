"""Writes that touch photos, their files and their renditions together."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.db.stored_files import delete_on_commit, delete_quietly
from conference.publication import flip_published
from conference.web.archive_version import ArchiveVersion
from conference.zones import edition_zone
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.decoding import InvalidPhoto, accepted_formats, load_pixels, open_header
from photos.imaging import read_metadata
from photos.models import Gallery, Photo, Rendition
from photos.tasks import check_photo, enqueue_check, enqueue_renditions
from photos.visibility import lock_photos, public_photo_ids, withdraw_renditions
from photos.words import gallery_alt_texts

# What the check and the rendition build write on a photo, for refresh_from_db().
CHECK_FIELDS = ("check_status", "check_error", "renditions_status", "renditions_error")

__all__ = [
    "InvalidPhoto",
    "add_photo",
    "check_upload",
    "delete_galleries",
    "delete_photos",
    "discard_photo",
    "rebuild_public_renditions",
    "refresh_public_renditions",
    "request_checks",
    "request_renditions",
    "set_galleries_published",
    "set_photos_status",
    "withdraw_renditions",
]


def check_upload(file) -> str:
    """Check that an uploaded file is a photo we accept; return its Pillow format id.

    Reads and decodes the whole file (a header can look fine in front of a truncated body).
    Raises InvalidPhoto when the file is over settings.PHOTO_MAX_UPLOAD_BYTES, is not a
    JPEG, PNG or WebP (or AVIF/HEIC where this Pillow reads them), claims more pixels than
    Image.MAX_IMAGE_PIXELS, or does not decode. No side effects beyond reading the file.
    For the admin's form; add_photo leaves the decode to its task.
    """
    return load_pixels(_open_upload(file)).format


def too_large(size: int) -> InvalidPhoto:
    """The error for a file of `size` bytes over settings.PHOTO_MAX_UPLOAD_BYTES."""
    message = _("This file is %(size)s; photos may be at most %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.PHOTO_MAX_UPLOAD_BYTES),
    }
    return InvalidPhoto(message, code="file_too_large")


def _open_upload(file):
    """The uploaded `file` opened (its header read) as a Pillow image, after the size
    check: the size is known without reading the file, so an oversized upload is refused
    before anything else."""
    if file.size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise too_large(file.size)
    # Not image.close(): Pillow would close the uploaded file with it.
    return open_header(file)


def add_photo(
    *,
    gallery: Gallery,
    file,
    uploaded_by=None,
    status: str = PhotoStatus.PENDING,
    caption_en: str = "",
    caption_ru: str = "",
    alt_text_en: str = "",
    alt_text_ru: str = "",
    credit: str = "",
    batch=None,
    build_now: bool = False,
) -> Photo:
    """Add an uploaded image to `gallery` as a new photo, to be checked in the background.

    Side effects: stores the file as a private original (under a random name and an
    extension matching its real format, never the uploaded name) and creates the Photo row
    with what the file's header tells (upright width and height, taken_at from EXIF),
    "pending" and "being checked", with no renditions ("withdrawn"), in one transaction;
    then, once that commits, enqueues photos.tasks.check_photo, which decodes the original
    to the end and, if it passes, publishes the photo when `status` asks for that and
    builds its renditions if the public may see it. With build_now=True that check runs
    in the same transaction instead (the demo loader: complete photos whatever the task
    backend). If anything fails, the original is deleted again and no row is left.

    Raises InvalidPhoto before anything is written when the header is refused (size,
    format, pixel count: see check_upload; a damaged body fails the check later), and
    the storage's own error (conference.db.stored_files.STORAGE_ERRORS) when the
    original cannot be stored. Callers that wrap several photos in one transaction
    delete the files written here themselves if it rolls back. The captions and alt
    texts are the English and Russian ones; without an alt text in either language, the
    photo gets the gallery's words (photos.words.gallery_alt_texts) rather than none.
    `batch` is its upload batch.
    """
    image = _open_upload(file)
    extension = accepted_formats()[image.format]
    metadata = read_metadata(image, edition_zone(gallery.edition))
    # Published, if asked for, only once the check passes (photos.tasks.check_photo).
    publish = status == PhotoStatus.PUBLISHED
    words = {"caption_en": caption_en, "caption_ru": caption_ru, "credit": credit}
    words |= _alt_texts(gallery, alt_text_en, alt_text_ru)
    photo = Photo(
        gallery=gallery,
        uploaded_by=uploaded_by,
        batch=batch,
        status=PhotoStatus.PENDING if publish else status,
        check_status=CheckStatus.CHECKING,
        width=metadata.width,
        height=metadata.height,
        taken_at=metadata.taken_at,
        **words,
    )
    _store_new_photo(photo, file, extension, publish=publish, check_now=build_now)
    # What the check did, if it ran already (build_now, or the immediate task backend).
    photo.refresh_from_db(fields=[*CHECK_FIELDS, "status", "placeholder_color"])
    return photo


def _store_new_photo(photo: Photo, file, extension: str, *, publish: bool, check_now: bool):
    """Store the original and the row of add_photo's new `photo`; then its check."""
    # The name is chosen before writing (a random one, see original_upload_to), so that a
    # write that fails half-way (a full disk) leaves no partial file under a name we lost.
    name = photo.original.field.generate_filename(photo, f"upload{extension}")
    try:
        with transaction.atomic():
            file.seek(0)
            photo.original.name = photo.original.storage.save(name, file)
            photo.save()
            refresh_public_renditions(photo_ids=[photo.pk])
            if check_now:
                check_photo.call(photo.pk, publish=publish)
            else:
                check_later = partial(enqueue_check, photo.pk, publish=publish)
                transaction.on_commit(check_later, robust=True)
    except BaseException:
        # build_renditions removes its own files when it fails; the original is ours to remove.
        delete_quietly(photo.original.storage, [photo.original.name or name])
        raise


def _alt_texts(gallery: Gallery, english: str, russian: str) -> dict[str, str]:
    """The alt texts given, else the gallery's words (photos.words) rather than none."""
    if english or russian:
        return {"alt_text_en": english, "alt_text_ru": russian}
    return gallery_alt_texts(gallery)


def request_checks(*, photos) -> int:
    """Check again the files of those `photos` that have not passed; return how many.

    For the admin's "check again" action: a check left waiting because the queue was
    down, or failed because the storage could not give the original at the time. Each
    such photo is marked "being checked" and a check_photo task enqueued on commit; it
    does not publish (an organiser publishes once the check passes). A damaged file
    fails again, with its reason.
    """
    ids = [photo.pk for photo in photos]
    unchecked = Photo.objects.filter(pk__in=ids).exclude(check_status=CheckStatus.PASSED)
    with transaction.atomic():
        checked_again = list(unchecked.select_for_update().values_list("pk", flat=True))
        Photo.objects.filter(pk__in=checked_again).update(
            check_status=CheckStatus.CHECKING, check_error="", updated_at=timezone.now()
        )
        for photo_id in checked_again:
            transaction.on_commit(partial(enqueue_check, photo_id, publish=False), robust=True)
    return len(checked_again)


def request_renditions(*, photos) -> int:
    """Mark `photos` as waiting for renditions and enqueue a build of each on commit.

    For new photos and for the admin's "rebuild" action. Returns how many were marked.
    The enqueueing runs after the surrounding transaction commits (a worker must find the
    rows) and is robust: if the queue cannot be reached, the photo stays "pending" and an
    organiser can rebuild it later.
    """
    ids = [photo.pk for photo in photos]
    Photo.objects.filter(pk__in=ids).update(
        renditions_status=RenditionsStatus.PENDING, renditions_error="", updated_at=timezone.now()
    )
    for photo in photos:
        photo.renditions_status, photo.renditions_error = RenditionsStatus.PENDING, ""
    for photo_id in ids:
        transaction.on_commit(partial(enqueue_renditions, photo_id), robust=True)
    return len(ids)


def set_photos_status(*, photos, status: str) -> int:
    """Move `photos` (an iterable of photos or a queryset) to moderation `status`.

    The one way a photo's status changes after upload: the admin's publish and reject
    actions, its change form and takedowns all come here. Side effects, in one
    transaction: one UPDATE of the photos not yet in `status`; then their public
    renditions follow what the public may now see (see refresh_public_renditions): a
    photo the public may no longer see, and every photo rejected (also one rejected
    already), loses its renditions (rows now, public files once committed); a photo
    that becomes public without renditions gets a build enqueued on commit. A photo
    whose file has not passed its check (still being checked, or damaged) is never
    published: photos.tasks.check_photo publishes it if its uploader asked to. Returns
    how many photos changed status.
    """
    ids = [photo.pk for photo in photos]
    with transaction.atomic():
        locked = lock_photos(ids)
        changing = Photo.objects.filter(pk__in=locked).exclude(status=status)
        if status == PhotoStatus.PUBLISHED:
            changing = changing.filter(check_status=CheckStatus.PASSED)
        changed = changing.update(status=status, updated_at=timezone.now())
        # Every one of them, also those whose status did not change: a photo rejected
        # before rejecting withdrew renditions still has them, and rejecting again cleans up.
        refresh_public_renditions(photo_ids=locked)
    return changed


def refresh_public_renditions(*, photo_ids) -> tuple[int, int]:
    """Give the photos `photo_ids` public renditions if the public may see them, else none.

    Called by everything that changes who may see a photo: its status, its gallery, its
    gallery's or edition's publication. Side effects, in one transaction with the photos
    locked: the renditions of photos the public may not see are withdrawn (rows now, files
    once committed, see withdraw_renditions); public photos without renditions are marked
    "pending" and their build is enqueued once committed (see request_renditions).
    Returns (rendition rows withdrawn, photos whose build was enqueued).
    """
    with transaction.atomic():
        locked = lock_photos(photo_ids)
        public = public_photo_ids(locked)
        withdrawn = withdraw_renditions(photo_ids=[pk for pk in locked if pk not in public])
        missing = list(Photo.objects.filter(pk__in=public, renditions=None))
        return withdrawn, request_renditions(photos=missing)


def rebuild_public_renditions(*, photos) -> int:
    """Build the renditions of `photos` anew (the admin's "rebuild" action); return how many.

    Only photos the public may see are rebuilt (marked "pending", builds enqueued once
    committed, see request_renditions); the others lose any renditions left (see
    withdraw_renditions).
    """
    with transaction.atomic():
        locked = lock_photos(photo.pk for photo in photos)
        public = public_photo_ids(locked)
        withdraw_renditions(photo_ids=[pk for pk in locked if pk not in public])
        return request_renditions(photos=list(Photo.objects.filter(pk__in=public)))


def set_galleries_published(*, galleries, is_published: bool) -> int:
    """Publish or unpublish `galleries` (galleries or a queryset); return how many changed.

    Side effects, in one transaction: one UPDATE of the galleries not yet in that state
    (the others keep their updated_at, which sitemaps report); their photos' public
    renditions follow (see refresh_public_renditions): unpublishing withdraws the files
    of every photo in them, publishing enqueues builds for their published photos when
    their edition is published too.
    """
    ids = [gallery.pk for gallery in galleries]
    with transaction.atomic():
        changing = flip_published(Gallery, ids=ids, is_published=is_published)
        refresh_public_renditions(
            photo_ids=Photo.objects.filter(gallery_id__in=changing).values_list("pk", flat=True)
        )
    return len(changing)


def delete_photos(*, photos) -> int:
    """Delete `photos` (photos or a queryset) and, once that commits, every file of theirs.

    The admin's delete page and "delete selected" action come here. Side effects, in one
    transaction: the photos are locked (a rendition build of one of them waits, then
    finds it gone), then their rows are deleted with what cascades from them (renditions,
    takedown requests, speaker links; a gallery whose cover one was has none). Once that
    commits, their originals (private storage: they keep GPS positions) and rendition
    files (public storage) are deleted; if it rolls back, every file stays. Files that
    cannot be deleted then are logged. Returns how many photos were deleted.
    """
    with transaction.atomic():
        locked = lock_photos(photo.pk for photo in photos)
        originals = list(Photo.objects.filter(pk__in=locked).values_list("original", flat=True))
        renditions = list(
            Rendition.objects.filter(photo_id__in=locked).values_list("file", flat=True)
        )
        Photo.objects.filter(pk__in=locked).delete()
        delete_on_commit(Photo._meta.get_field("original").storage, originals)
        delete_on_commit(Rendition._meta.get_field("file").storage, renditions)
    return len(locked)


def delete_galleries(*, galleries) -> int:
    """Delete `galleries` (galleries or a queryset) with their photos and all their files.

    Side effects, in one transaction: the galleries are locked first (an upload into one
    of them waits, then fails, keeping nothing), their photos deleted as by delete_photos
    (files once committed), then the gallery rows. Returns how many galleries were deleted.
    """
    ids = [gallery.pk for gallery in galleries]
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        locked = list(
            Gallery.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True)
        )
        delete_photos(photos=Photo.objects.filter(gallery_id__in=locked).only("pk"))
        Gallery.objects.filter(pk__in=locked).delete()
    return len(locked)


def discard_photo(*, photo: Photo) -> list[str]:
    """Delete `photo`, its renditions and their files, as if it had never been uploaded.

    For an upload whose renditions could not be built while the uploader waited. Side
    effects: deletes the Photo row (and its Rendition rows) in one transaction, then the
    original and rendition files. Returns the names of files that could not be deleted
    (the storage is failing); they are logged.
    """
    with transaction.atomic():
        renditions = list(Rendition.objects.filter(photo=photo).values_list("file", flat=True))
        original = photo.original.name
        storage = photo.original.storage
        photo.delete()
    failed = delete_quietly(storage, [original])
    failed += delete_quietly(Rendition._meta.get_field("file").storage, renditions)
    return failed
