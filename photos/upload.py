"""The photo upload page for staff (Photographers and Organisers).

Three ways in, one per-file result each, all through upload_one:
- with JavaScript (static/js/photo-upload.js), every file is sent in chunks through the
  resumable protocol of photos/chunked.py (photos/chunked_views.py), three files at a
  time with a progress bar each;
- upload_file takes one whole file per request and answers JSON: {"ok": true,
  "photo": {...}} or {"error": "<message>"} with 400, 403, 413 or 503 (for scripts);
- without JavaScript, the page's form posts all the files at once and the page lists the
  result of each.

A file over settings.PHOTO_MAX_UPLOAD_BYTES is dropped while it streams in (it is never
written to disk) and reported by name; one whose header is refused (type, pixel count) is
refused at once. The full decode and the renditions come from a task (photos.tasks), so
the answer does not wait for them; when that task ran at once (the immediate backend)
and found the file damaged or could not make its renditions, the upload is undone and
reported, so the database keeps no half-made photo.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from conference.db.stored_files import STORAGE_ERRORS
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.decoding import InvalidPhoto, accepted_format_names
from photos.forms import PhotoUploadForm
from photos.models import Photo, PhotoBatch
from photos.placement import propose_talks
from photos.services import CHECK_FIELDS, add_photo, discard_photo

logger = logging.getLogger(__name__)

UPLOAD_PERMISSION = "photos.add_photo"
# As in the admin (PhotoAdmin.get_readonly_fields): who may change photos may publish them.
PUBLISH_PERMISSION = "photos.change_photo"
# The browser script sends this many files at once.
PARALLEL_UPLOADS = 3


class PhotoSizeLimitHandler(FileUploadHandler):
    """Drops a file as soon as it grows over the photo size limit, remembering its name.

    It comes first among the request's upload handlers, so the rest of such a file is read
    and thrown away: neither memory nor the temporary folder ever holds it.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.PHOTO_MAX_UPLOAD_BYTES
        self.too_large: list[str] = []

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


@dataclass
class UploadResult:
    """What became of one uploaded file: a photo, or an error and its HTTP status."""

    name: str
    photo: Photo | None = None
    error: str = ""
    status_code: int = 200

    @property
    def ok(self) -> bool:
        return self.photo is not None

    def as_json(self) -> dict:
        if not self.ok:
            return {"error": self.error, "name": self.name}
        photo = self.photo
        return {
            "ok": True,
            "photo": {
                "id": photo.pk,
                "name": self.name,
                "gallery": str(photo.gallery),
                "status": photo.status,
                "status_label": photo.get_status_display(),
                "renditions_status": photo.renditions_status,
                # "checking" until the task has decoded the whole file (photos.tasks).
                "check_status": photo.check_status,
                "admin_url": reverse("admin:photos_photo_change", args=[photo.pk]),
            },
        }


def too_large_message() -> str:
    return _("This file is over %(limit)s, the most a photo may be.") % {
        "limit": filesizeformat(settings.PHOTO_MAX_UPLOAD_BYTES)
    }


def upload_one(
    file, *, gallery, user, publish: bool, credit: str, batch=None, words=None
) -> UploadResult:
    """Add one file as a photo, or say why not. Never raises for bad files or storage.
    `words` are its captions and alt texts (photos.forms.PhotoUploadForm.words)."""
    status = PhotoStatus.PUBLISHED if publish else PhotoStatus.PENDING
    try:
        photo = add_photo(
            gallery=gallery,
            file=file,
            uploaded_by=user,
            status=status,
            credit=credit,
            batch=batch,
            **(words or {}),
        )
    except InvalidPhoto as error:
        code = 413 if error.code == "file_too_large" else 400
        return UploadResult(file.name, error=error.message, status_code=code)
    except STORAGE_ERRORS:
        logger.exception("Photo storage failed while storing an upload")
        message = _(
            "The photo storage is not available, so this photo was not saved. "
            "Please try again later."
        )
        return UploadResult(file.name, error=message, status_code=503)
    photo.refresh_from_db(fields=[*CHECK_FIELDS, "status"])
    if photo.check_status == CheckStatus.FAILED:
        # The check ran at once (the immediate backend) and found the file damaged: the
        # uploader is still here to be told, so nothing of it is kept.
        discard_photo(photo=photo)
        return UploadResult(file.name, error=photo.check_error, status_code=400)
    if photo.renditions_status == RenditionsStatus.FAILED:
        # The task ran at once (the immediate backend) and failed every attempt: a photo
        # without renditions would be half-made, so nothing of it is kept.
        logger.error("Upload undone, renditions failed: %s", photo.renditions_error)
        discard_photo(photo=photo)
        message = _(
            "The web versions of this photo could not be made, so it was not saved. "
            "Please try again later."
        )
        return UploadResult(file.name, error=message, status_code=503)
    propose_talks(photo_ids=[photo.pk])
    return UploadResult(file.name, photo=photo)


def access_denied(request, *, as_json: bool):
    """None when the user may upload; else the answer: sign in, or 403."""
    user = request.user
    if not user.is_authenticated:
        if as_json:
            message = _("You are signed out. Sign in again, then retry this photo.")
            return JsonResponse({"error": message}, status=403)
        return redirect_to_login(request.get_full_path())
    if not (user.is_staff and user.has_perm(UPLOAD_PERMISSION)):
        if as_json:
            return JsonResponse({"error": _("You may not upload photos.")}, status=403)
        raise PermissionDenied
    return None


def read_body(request) -> str | None:
    """Parse the upload now, with our size limit; an error message if Django refuses it."""
    try:
        request.POST  # noqa: B018 -- parses the body, files included
    except TooManyFilesSent:
        return _(
            "At most %(count)s photos can be sent at once without JavaScript; "
            "please send fewer at a time."
        ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    except (RequestDataTooBig, TooManyFieldsSent):
        return _("This request is too large to be an upload of photos.")
    return None


# Upload handlers must be set before anything reads the body, and the CSRF check reads it:
# so the outer views are exempt and the inner ones check CSRF themselves.
# https://docs.djangoproject.com/en/stable/topics/http/file-uploads/#modifying-upload-handlers-on-the-fly


@csrf_exempt
@require_http_methods(["GET", "POST"])
def upload_page(request):
    """The upload page; its form, posted without JavaScript, uploads every file it holds."""
    if denied := access_denied(request, as_json=False):
        return denied
    limit = PhotoSizeLimitHandler(request)
    request.upload_handlers.insert(0, limit)
    if request.method == "POST" and (refused := read_body(request)):
        return _render_page(request, _form(request, data=None), [], error=refused, status=400)
    return _upload_page(request, limit)


@csrf_protect
def _upload_page(request, limit: PhotoSizeLimitHandler):
    if request.method != "POST":
        initial = {"gallery": request.GET.get("gallery")}
        return _render_page(request, _form(request, data=None, initial=initial), [])
    form = _form(request, data=request)
    if not form.is_valid():
        return _render_page(request, form, [], status=400)
    files = form.cleaned_data["files"]
    if not files and not limit.too_large:
        form.add_error("files", _("Choose at least one photo."))
        return _render_page(request, form, [], status=400)
    results = [
        UploadResult(name, error=too_large_message(), status_code=413) for name in limit.too_large
    ]
    batch = upload_batch(form, request.user)
    results += [_upload_with(form, request.user, file, batch) for file in files]
    # A fresh form for the next batch, into the same gallery.
    next_form = _form(
        request,
        data=None,
        initial={"gallery": form.cleaned_data["gallery"].pk, "batch": form.cleaned_data["batch"]},
    )
    return _render_page(request, next_form, results)


@csrf_exempt
@require_POST
def upload_file(request):
    """One file, one JSON answer (see the module docstring)."""
    if denied := access_denied(request, as_json=True):
        return denied
    limit = PhotoSizeLimitHandler(request)
    request.upload_handlers.insert(0, limit)
    if refused := read_body(request):
        return JsonResponse({"error": refused}, status=400)
    return _upload_file(request, limit)


@csrf_protect
def _upload_file(request, limit: PhotoSizeLimitHandler):
    if limit.too_large:
        return JsonResponse({"error": too_large_message(), "name": limit.too_large[0]}, status=413)
    form = _form(request, data=request)
    if not form.is_valid():
        errors = [str(error) for field in form for error in field.errors]
        errors += [str(error) for error in form.non_field_errors()]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    files = form.cleaned_data["files"]
    if len(files) != 1:
        return JsonResponse({"error": _("Send exactly one photo per request.")}, status=400)
    result = _upload_with(form, request.user, files[0], upload_batch(form, request.user))
    return JsonResponse(result.as_json(), status=result.status_code)


def _form(request, *, data, initial=None) -> PhotoUploadForm:
    can_publish = request.user.has_perm(PUBLISH_PERMISSION)
    if data is None:
        return PhotoUploadForm(initial=initial, can_publish=can_publish)
    return PhotoUploadForm(data.POST, data.FILES, can_publish=can_publish)


def upload_batch(form: PhotoUploadForm, user) -> PhotoBatch:
    """The batch the form's token names, made on its first file; a token that is someone
    else's (or none) starts a batch of the user's own rather than join theirs."""
    token = form.cleaned_data.get("batch")
    if token is not None:
        batch, _created = PhotoBatch.objects.get_or_create(
            token=token, defaults={"uploaded_by": user}
        )
        if batch.uploaded_by_id == user.pk:
            return batch
    return PhotoBatch.objects.create(uploaded_by=user)


def _upload_with(form: PhotoUploadForm, user, file, batch) -> UploadResult:
    return upload_one(
        file,
        gallery=form.cleaned_data["gallery"],
        user=user,
        publish=form.publish_now,
        credit=form.cleaned_data["credit"],
        batch=batch,
        words=form.words,
    )


def _render_page(request, form, results, *, error: str = "", status: int = 200):
    form.group_galleries()
    context = {
        "section": "photos",
        "form": form,
        "results": results,
        "uploaded": sum(result.ok for result in results),
        "failed": sum(not result.ok for result in results),
        "error": error,
        "max_bytes": settings.PHOTO_MAX_UPLOAD_BYTES,
        "accepted_formats": accepted_format_names(),
        "parallel": PARALLEL_UPLOADS,
        # The script puts an upload's id in place of this one (static/js/photo-upload.js).
        "upload_placeholder": "00000000-0000-0000-0000-000000000000",
    }
    return render(request, "photos/upload.html", context, status=status)
