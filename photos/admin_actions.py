"""Bulk moderation actions of the photo admin: move, use as cover, check the file again.

Kept apart from photos/admin.py, which wires them in; like publish and reject, they need
the change permission, which the Photographers group does not have.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from conference.admin import action_confirmation, report_count
from photos.choices import PhotoStatus
from photos.models import Gallery
from photos.moderation import move_photos, use_as_covers
from photos.services import request_checks

PHOTO_ORDER = ("position", "taken_at", "pk")


class MoveToGalleryForm(forms.Form):
    """The gallery chosen on the intermediate page of "Move to another gallery"."""

    gallery = forms.ModelChoiceField(
        label=_("Move to gallery"),
        queryset=Gallery.objects.select_related("edition").order_by(
            "-edition__start_date", "position", "title_en", "title_ru"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "PGConf 2016 — Day 1": gallery titles repeat from one edition to the next.
        self.fields["gallery"].label_from_instance = lambda gallery: (
            f"{gallery.edition.name} — {gallery.title}"
        )


@admin.action(permissions=("change",), description=_("Move selected photos to another gallery"))
def move_to_gallery(modeladmin, request, queryset):
    """Show the gallery choice first; move on its confirmation ("post" in the form)."""
    form = MoveToGalleryForm(request.POST if "post" in request.POST else None)
    if not form.is_valid():
        photos = queryset.select_related("gallery__edition").order_by("gallery_id", *PHOTO_ORDER)
        return action_confirmation(
            modeladmin,
            request,
            "admin/photos/move_photos.html",
            title=gettext("Move photos to another gallery"),
            action_name="move_to_gallery",
            selected=photos,
            form=form,
        )

    gallery = form.cleaned_data["gallery"]
    count = move_photos(photos=queryset.order_by("gallery_id", *PHOTO_ORDER), gallery=gallery)
    moved = ngettext_lazy(
        "%(count)d %(items)s moved to “%(gallery)s”.",
        "%(count)d %(items)s moved to “%(gallery)s”.",
        "count",
    )
    report_count(modeladmin, request, moved, count, gallery=gallery)
    return None


@admin.action(permissions=("change",), description=_("Use as the cover of its gallery"))
def use_as_cover(modeladmin, request, queryset):
    galleries = use_as_covers(photos=queryset.order_by("gallery_id", *PHOTO_ORDER))
    message = ngettext(
        "New cover for the gallery %(galleries)s.",
        "New covers for the galleries %(galleries)s.",
        len(galleries),
    ) % {"galleries": ", ".join(f"“{gallery}”" for gallery in galleries)}
    modeladmin.message_user(request, message, messages.SUCCESS)
    # A cover shows only while published: say so rather than leave the organiser wondering.
    unpublished = queryset.exclude(status=PhotoStatus.PUBLISHED).count()
    if unpublished:
        warning = ngettext(
            "%(count)d of them is not published: its gallery shows it once it is.",
            "%(count)d of them are not published: their galleries show them once they are.",
            unpublished,
        ) % {"count": unpublished}
        modeladmin.message_user(request, warning, messages.WARNING)


@admin.action(permissions=("change",), description=_("Check the files of selected photos again"))
def check_again(modeladmin, request, queryset):
    """Re-run the file check of photos stuck "being checked" or marked "damaged"."""
    count = request_checks(photos=queryset)
    checked = ngettext_lazy(
        "The file of %(count)d %(items)s will be checked again.",
        "The files of %(count)d %(items)s will be checked again.",
        "count",
    )
    report_count(modeladmin, request, checked, count)
    passed = queryset.count() - count
    if passed:
        note = ngettext(
            "%(count)d of them passed its check already and was left alone.",
            "%(count)d of them passed their checks already and were left alone.",
            passed,
        ) % {"count": passed}
        modeladmin.message_user(request, note, messages.INFO)
