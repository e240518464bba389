"""The organisers' moderation page: pending photos as a grid, talk proposals to confirm,
speakers to tag; and the camera clock form of an upload batch.

Every action is a plain form post that comes back to the page (it works without
JavaScript); static/js/photo-moderation.js adds keys (arrows to move, p publish, r reject,
x select) and sends one photo's publish or reject without reloading, asking for JSON.
Publishing, rejecting, confirming talks and tagging need photos.change_photo (Organisers);
Photographers may set the clock of their own batches only, since that is what they know.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from photos.choices import PhotoStatus
from photos.models import Photo, PhotoBatch
from photos.placement import confirm_proposals, dismiss_proposals, set_clock_offset
from photos.previews import preview_url
from photos.readers import moderation
from photos.services import set_photos_status

MODERATE_PERMISSION = "photos.change_photo"
STATUS_OF = {"publish": PhotoStatus.PUBLISHED, "reject": PhotoStatus.REJECTED}


def _deny(request, permission: str):
    """None when the user is staff with `permission`; else sign in, or 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_staff and request.user.has_perm(permission)):
        raise PermissionDenied
    return None


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


@require_http_methods(["GET", "POST"])
def moderation_page(request):
    """The grid (GET), or one of its actions (POST), then back to the grid."""
    if denied := _deny(request, MODERATE_PERMISSION):
        return denied
    gallery_id = request.GET.get("gallery")
    gallery_id = int(gallery_id) if gallery_id and gallery_id.isdigit() else None
    if request.method == "POST":
        message, ok = _act(request)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"ok": ok, "message": message}, status=200 if ok else 400)
        (messages.success if ok else messages.error)(request, message)
        return HttpResponseRedirect(request.get_full_path())
    pending = moderation.pending_photos(gallery_id=gallery_id)
    for photo in pending:
        photo.preview = preview_url(photo, 480)
    groups = moderation.proposals(gallery_id=gallery_id)
    for group in groups:
        for photo in group.photos:
            photo.preview = preview_url(photo)
    context = {
        "section": "photos",
        "pending": pending,
        "proposals": groups,
        "batches": moderation.batches_to_place(),
        "speaker_names": moderation.speaker_choices(),
    }
    return render(request, "photos/moderation.html", context)


def _act(request) -> tuple[str, bool]:
    """Run the posted action; (what to tell the organiser, whether it worked)."""
    action, _sep, target = request.POST.get("action", "").partition(":")
    if action in STATUS_OF:
        ids = _ids([target] if target else request.POST.getlist("photo"))
        if not ids:
            return _("Select photos first."), False
        count = set_photos_status(photos=Photo.objects.filter(pk__in=ids), status=STATUS_OF[action])
        if action == "publish":
            return ngettext("%(count)d photo published.", "%(count)d photos published.", count) % {
                "count": count
            }, True
        return ngettext("%(count)d photo rejected.", "%(count)d photos rejected.", count) % {
            "count": count
        }, True
    if action in ("confirm", "dismiss") and target.isdigit():
        ids = Photo.objects.filter(
            pk__in=_ids(request.POST.getlist(f"talk-{target}")), proposed_talk_id=int(target)
        ).values_list("pk", flat=True)
        if action == "confirm":
            count = confirm_proposals(photo_ids=list(ids))
            return ngettext(
                "%(count)d photo placed on its talk.",
                "%(count)d photos placed on their talk.",
                count,
            ) % {"count": count}, True
        count = dismiss_proposals(photo_ids=list(ids))
        return ngettext(
            "%(count)d proposal dismissed.", "%(count)d proposals dismissed.", count
        ) % {"count": count}, True
    if action == "tag":
        return _tag(request)
    return _("Nothing was done: unknown action."), False


def _tag(request) -> tuple[str, bool]:
    """Tag the selected photos with the speaker named in the form."""
    ids = _ids(request.POST.getlist("photo"))
    name = request.POST.get("speaker", "")
    found = moderation.speaker_named(name)
    if not ids:
        return _("Select photos first."), False
    if len(found) != 1:
        message = (
            _("No speaker is called “%(name)s”.")
            if not found
            else _("Several speakers are called “%(name)s”; tag these photos in the admin.")
        )
        return message % {"name": name.strip()}, False
    speaker = found[0]
    for photo in Photo.objects.filter(pk__in=ids):
        photo.speakers.add(speaker)
    Photo.objects.filter(pk__in=ids).update(updated_at=datetime.datetime.now(datetime.UTC))
    return ngettext(
        "%(count)d photo tagged with %(name)s.", "%(count)d photos tagged with %(name)s.", len(ids)
    ) % {"count": len(ids), "name": speaker.name}, True


@require_http_methods(["GET"])
def batches_page(request):
    """The camera clocks of the user's own upload batches (an organiser's: everyone's)."""
    if denied := _deny(request, "photos.add_photo"):
        return denied
    mine = None if request.user.has_perm(MODERATE_PERMISSION) else request.user
    context = {"section": "photos", "batches": moderation.batches_to_place(mine)}
    return render(request, "photos/batches.html", context)


class ClockForm(forms.Form):
    """One photo of a batch and the moment the venue's clock showed when it was taken."""

    photo = forms.IntegerField()
    taken_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


@require_POST
def batch_clock(request, pk: int):
    """Set a batch's camera clock from one photo; its uploader or an organiser may."""
    if denied := _deny(request, "photos.add_photo"):
        return denied
    batch = get_object_or_404(PhotoBatch, pk=pk)
    if batch.uploaded_by_id != request.user.pk and not request.user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    form = ClockForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("photo-staff:moderation")
    if not form.is_valid():
        messages.error(request, _("Give a photo of the batch and the time it was taken."))
        return HttpResponseRedirect(back)
    photo = get_object_or_404(
        Photo.objects.select_related("gallery__edition"), pk=form.cleaned_data["photo"]
    )
    wall = form.cleaned_data["taken_at"].replace(tzinfo=None)
    try:
        count = set_clock_offset(batch=batch, photo=photo, wall_time=wall)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    messages.success(
        request,
        ngettext(
            "Camera clock set; %(count)d photo of the batch has a talk proposed.",
            "Camera clock set; %(count)d photos of the batch have a talk proposed.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(back)
