"""Resumable uploads: a file's chunks received in any order, then put together once.

The protocol (the views are photos/chunked_views.py, the browser's side
static/js/photo-upload.js):
1. POST a file's name, size and SHA-256 with the upload form's fields: the answer names
   an upload (a new one, or the unfinished one of this person for the same bytes into
   the same gallery, to resume) with its chunk size and the chunks it holds already;
2. PUT each missing chunk with `Content-Range: bytes START-END/SIZE`, in any order, any
   chunk any number of times (a chunk received twice is stored once);
3. POST "complete": the chunks are put together in a temporary file, checked against the
   announced size and SHA-256, and handed to the upload page's own path
   (photos.upload.upload_one), so a chunked photo is made exactly like any other.

Chunks live in the private storage (photos.storage) under incoming/<upload id>/, so that
any app server can receive any chunk; they are deleted when the upload completes or is
refused, and with their upload when it is abandoned (purge_abandoned_uploads).
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.db.stored_files import delete_on_commit
from photos.choices import IncomingState
from photos.incoming_models import IncomingChunk, IncomingUpload
from photos.models import Gallery
from photos.storage import private_storage

CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
# Read from storage and hashed in pieces this big while the chunks are put together.
COPY_BYTES = 1024 * 1024


class ChunkRefused(ValueError):
    """A request of the protocol that does not fit its upload; `status` is its HTTP code."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def duplicate_of(*, gallery: Gallery, sha256: str) -> IncomingUpload | None:
    """The finished upload whose photo, still in `gallery`, has these very bytes."""
    return (
        IncomingUpload.objects.filter(
            sha256=sha256, state=IncomingState.DONE, photo__gallery=gallery
        )
        .select_related("photo")
        .first()
    )


def resumable(*, user, gallery: Gallery, name: str, size: int, sha256: str):
    """This person's unfinished upload of the same bytes into the same gallery, if any."""
    return (
        IncomingUpload.objects.filter(
            uploaded_by=user, gallery=gallery, size=size, sha256=sha256, name=name
        )
        .exclude(state__in=[IncomingState.DONE, IncomingState.REFUSED])
        .order_by("-created_at")
        .first()
    )


def received_chunks(upload: IncomingUpload) -> list[int]:
    return sorted(upload.chunks.values_list("index", flat=True))


def chunk_index(upload: IncomingUpload, content_range: str, length: int) -> int:
    """The chunk a PUT carries, from its Content-Range; ChunkRefused if it does not fit."""
    match = CONTENT_RANGE.match(content_range or "")
    if not match:
        raise ChunkRefused(_("A chunk needs a Content-Range header: bytes START-END/SIZE."))
    start, end, total = (int(group) for group in match.groups())
    index, offset = divmod(start, upload.chunk_size)
    fits = (
        total == upload.size
        and offset == 0
        and index < upload.chunk_count
        and end - start + 1 == upload.chunk_length(index)
    )
    if not fits:
        message = _(
            "This chunk does not fit the upload of %(name)s (%(size)s bytes in chunks of "
            "%(chunk)s): bytes %(range)s."
        ) % {
            "name": upload.name,
            "size": upload.size,
            "chunk": upload.chunk_size,
            "range": f"{start}-{end}/{total}",
        }
        raise ChunkRefused(message, status=416)
    if length != end - start + 1:
        raise ChunkRefused(
            _("This chunk holds %(got)s bytes; its Content-Range announces %(want)s.")
            % {"got": length, "want": end - start + 1}
        )
    return index


def store_chunk(*, upload: IncomingUpload, index: int, data: bytes) -> bool:
    """Store chunk `index` of `upload` unless it is there already; True if it was new.

    Side effects: one object in the private storage and one IncomingChunk row; the
    upload's updated_at is touched (an upload in progress is not abandoned). The object
    is written before its row, so a row always names a whole chunk; when two requests
    carry the same chunk, the one whose row lost deletes its own object.
    """
    name = private_storage.save(f"incoming/{upload.pk}/{index:06d}", ContentFile(data))
    try:
        with transaction.atomic():
            chunk, created = IncomingChunk.objects.get_or_create(
                upload=upload, index=index, defaults={"stored_name": name}
            )
            IncomingUpload.objects.filter(pk=upload.pk).update(updated_at=timezone.now())
    except IntegrityError:
        created, chunk = False, None  # the upload was purged or the same chunk raced us
    if not created and (chunk is None or chunk.stored_name != name):
        delete_on_commit(private_storage, [name])
    return created


def missing_chunks(upload: IncomingUpload) -> list[int]:
    return sorted(set(range(upload.chunk_count)) - set(received_chunks(upload)))


def assemble(upload: IncomingUpload) -> TemporaryUploadedFile:
    """The upload's chunks, in order, as one temporary file (deleted when closed).

    Raises ChunkRefused when the bytes differ from the size or SHA-256 announced: a
    file changed on the photographer's disk, or bytes damaged on the way.
    """
    file = TemporaryUploadedFile(upload.name, "application/octet-stream", upload.size, None)
    digest = hashlib.sha256()
    names = upload.chunks.order_by("index").values_list("stored_name", flat=True)
    for name in names:
        with private_storage.open(name, "rb") as chunk:
            while piece := chunk.read(COPY_BYTES):
                digest.update(piece)
                file.write(piece)
    file.flush()
    file.size = file.tell()
    if file.size != upload.size or digest.hexdigest() != upload.sha256:
        file.close()
        raise ChunkRefused(
            _(
                "The bytes received differ from the file announced (its size or SHA-256 "
                "does not match), so it was not saved. Pick the file again."
            )
        )
    file.seek(0)
    return file


def finish(upload: IncomingUpload, *, state: str, error: str = "", photo=None) -> None:
    """Record how the upload ended and delete its chunks (objects once committed)."""
    with transaction.atomic():
        names = list(upload.chunks.values_list("stored_name", flat=True))
        upload.chunks.all().delete()
        upload.state, upload.error, upload.photo = state, error, photo
        upload.save(update_fields=["state", "error", "photo", "updated_at"])
        delete_on_commit(private_storage, names)


def claim(upload: IncomingUpload) -> bool:
    """Mark the upload as completing; False if another request did so first (or it ended)."""
    claimed = IncomingUpload.objects.filter(pk=upload.pk, state=IncomingState.RECEIVING).update(
        state=IncomingState.COMPLETING, updated_at=timezone.now()
    )
    if claimed:
        upload.state = IncomingState.COMPLETING
    return bool(claimed)


def release(upload: IncomingUpload) -> None:
    """Back to receiving, chunks kept: completing may be tried again (a storage outage)."""
    IncomingUpload.objects.filter(pk=upload.pk).update(
        state=IncomingState.RECEIVING, updated_at=timezone.now()
    )
    upload.state = IncomingState.RECEIVING


def purge_abandoned_uploads(*, now=None) -> int:
    """Delete unfinished uploads nobody touched for settings.PHOTO_UPLOAD_ABANDONED_HOURS.

    Side effects, in one transaction: their rows and chunk rows go, and the chunks'
    objects are deleted from the private storage once it commits. Finished uploads stay
    (they record which file became which photo). Returns how many uploads were purged.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.PHOTO_UPLOAD_ABANDONED_HOURS)
    with transaction.atomic():
        stale = IncomingUpload.objects.filter(updated_at__lt=cutoff).exclude(
            state=IncomingState.DONE
        )
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        if not ids:
            return 0
        names = list(
            IncomingChunk.objects.filter(upload__in=ids).values_list("stored_name", flat=True)
        )
        IncomingUpload.objects.filter(pk__in=ids).delete()
        delete_on_commit(private_storage, names)
    return len(ids)
