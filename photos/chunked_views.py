"""The endpoints of the upload page's resumable uploads (the protocol: photos/chunked.py).

JSON in, JSON out, for staff who may upload (photos.upload.access_denied); an upload is
seen and continued only by the person who started it. Every refusal carries a message
for people: {"error": "..."} with 400 (a bad file, a bad request), 403, 404, 409 (a
duplicate photo, an upload not ready or already ended), 413 (too large), 416 (a chunk
that does not fit) or 503 (storage; try again). Completing hands the file to
photos.upload.upload_one, the path every uploaded photo takes.
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from conference.db.stored_files import STORAGE_ERRORS
from photos import chunked
from photos.choices import IncomingState
from photos.forms import ChunkedUploadForm
from photos.incoming_models import IncomingUpload
from photos.upload import (
    PUBLISH_PERMISSION,
    UploadResult,
    access_denied,
    too_large_message,
    upload_batch,
    upload_one,
)

logger = logging.getLogger(__name__)

# A completion that started this long ago and never ended died with its process: it may
# be tried again.
COMPLETION_TIMEOUT = timedelta(minutes=10)


def upload_json(upload: IncomingUpload) -> dict:
    """What the browser needs to go on with an upload, or to show how it ended."""
    receiving = upload.state == IncomingState.RECEIVING
    answer = {
        "id": str(upload.pk),
        "name": upload.name,
        "size": upload.size,
        "chunk_size": upload.chunk_size,
        "state": upload.state,
        "ok": upload.state == IncomingState.DONE,
        "received": chunked.received_chunks(upload) if receiving else [],
    }
    if upload.error:
        answer["error"] = upload.error
    if upload.photo is not None:
        answer["photo"] = UploadResult(upload.name, photo=upload.photo).as_json()["photo"]
    return answer


def refusal(message: str, status: int, **extra) -> JsonResponse:
    """`message` says why, whatever `extra` (an upload's state) holds."""
    return JsonResponse({**extra, "error": message}, status=status)


def storage_down() -> JsonResponse:
    logger.exception("Photo storage failed during a chunked upload")
    return refusal(
        _("The photo storage is not available just now. The upload will be tried again."), 503
    )


def _own_upload(request, pk) -> IncomingUpload | None:
    return (
        IncomingUpload.objects.select_related("gallery__edition", "batch", "photo__gallery")
        .filter(pk=pk, uploaded_by=request.user)
        .first()
    )


def _unknown() -> JsonResponse:
    return refusal(
        _("This upload is not known here (finished long ago or abandoned); pick the file again."),
        404,
    )


@require_POST
def start_upload(request):
    """Step 1: a new upload, or the unfinished one of the same bytes to resume."""
    if denied := access_denied(request, as_json=True):
        return denied
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return refusal(_("This request is not a JSON object."), 400)
    form = ChunkedUploadForm(data, can_publish=request.user.has_perm(PUBLISH_PERMISSION))
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return refusal(" ".join(errors), 400)
    fields = form.cleaned_data
    if fields["size"] > settings.PHOTO_MAX_UPLOAD_BYTES:
        return refusal(too_large_message(), 413)
    if duplicate := chunked.duplicate_of(gallery=fields["gallery"], sha256=fields["sha256"]):
        message = _("This photo is in this gallery already (uploaded as %(name)s).") % {
            "name": duplicate.name
        }
        return refusal(message, 409, duplicate=True, **upload_json(duplicate))
    chunked.purge_abandoned_uploads()
    key = {name: fields[name] for name in ("gallery", "name", "size", "sha256")}
    if upload := chunked.resumable(user=request.user, **key):
        return JsonResponse(upload_json(upload))
    upload = IncomingUpload.objects.create(
        uploaded_by=request.user,
        batch=upload_batch(form, request.user),
        chunk_size=settings.PHOTO_UPLOAD_CHUNK_BYTES,
        credit=fields["credit"],
        publish=form.publish_now,
        **key,
        **form.words,
    )
    return JsonResponse(upload_json(upload), status=201)


@require_http_methods(["GET", "PUT"])
def upload_detail(request, pk):
    """Step 2: GET says where an upload stands; PUT adds one chunk to it."""
    if denied := access_denied(request, as_json=True):
        return denied
    upload = _own_upload(request, pk)
    if upload is None:
        return _unknown()
    if request.method == "GET":
        return JsonResponse(upload_json(upload))
    if upload.state != IncomingState.RECEIVING:
        return refusal(_("This upload takes no more chunks."), 409, **upload_json(upload))
    # Read from the stream, at most one chunk and a byte: a longer body is refused
    # without being held (request.body would buffer it whole).
    data = request.read(upload.chunk_size + 1)
    try:
        index = chunked.chunk_index(upload, request.headers.get("Content-Range"), len(data))
        chunked.store_chunk(upload=upload, index=index, data=data)
    except chunked.ChunkRefused as refused:
        return refusal(refused.message, refused.status)
    except STORAGE_ERRORS:
        return storage_down()
    return JsonResponse({"id": str(upload.pk), "index": index})


@require_POST
def complete_upload(request, pk):
    """Step 3: the chunks become a photo, through the upload page's own path."""
    if denied := access_denied(request, as_json=True):
        return denied
    upload = _own_upload(request, pk)
    if upload is None:
        return _unknown()
    if not _claim(upload):
        upload.refresh_from_db()
        if upload.state == IncomingState.COMPLETING:
            message = _("This photo is being checked; ask again in a moment.")
            return refusal(message, 409, **upload_json(upload))
        return JsonResponse(upload_json(upload), status=200 if upload.photo else 400)
    if missing := chunked.missing_chunks(upload):
        chunked.release(upload)
        message = _("Chunks of this file not arrived yet: %(count)s.") % {"count": len(missing)}
        return refusal(message, 409, **upload_json(upload))
    if upload.gallery is None:
        return _refuse(upload, _("Its gallery was deleted; choose another gallery."), 400)
    return _make_photo(request, upload)


def _claim(upload: IncomingUpload) -> bool:
    stale = timezone.now() - COMPLETION_TIMEOUT
    if upload.state == IncomingState.COMPLETING and upload.updated_at < stale:
        chunked.release(upload)
    return chunked.claim(upload)


def _refuse(upload: IncomingUpload, message: str, status: int) -> JsonResponse:
    chunked.finish(upload, state=IncomingState.REFUSED, error=message)
    return JsonResponse(upload_json(upload), status=status)


def _make_photo(request, upload: IncomingUpload) -> JsonResponse:
    try:
        file = chunked.assemble(upload)
    except chunked.ChunkRefused as refused:
        return _refuse(upload, refused.message, refused.status)
    except STORAGE_ERRORS:
        chunked.release(upload)
        return storage_down()
    with file:
        result = upload_one(
            file,
            gallery=upload.gallery,
            user=request.user,
            publish=upload.publish and request.user.has_perm(PUBLISH_PERMISSION),
            credit=upload.credit,
            batch=upload.batch,
            words={
                name: getattr(upload, name)
                for name in ("caption_en", "caption_ru", "alt_text_en", "alt_text_ru")
            },
        )
    if result.ok:
        chunked.finish(upload, state=IncomingState.DONE, photo=result.photo)
        return JsonResponse(upload_json(upload))
    if result.status_code >= 500:
        chunked.release(upload)  # the chunks stay; completing is tried again
        return JsonResponse(result.as_json(), status=result.status_code)
    return _refuse(upload, result.error, result.status_code)
