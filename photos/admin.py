"""Admin for galleries and photos: moderation, ordering and gallery covers.

Originals are private (they keep GPS positions and other metadata), so no admin page links
to one: lists and forms show the smallest public JPEG rendition of a public photo, and a
permission-checked preview of any other (photos/previews.py). Takedown requests have
their admin in photos/takedown_admin.py. Deleting photos and galleries goes through
photos.services, which delete their files too.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from translated_fields import TranslatedFieldAdmin

from conference.admin import PUBLISHED, publish_selected, report_count, unpublish_selected
from conference.readers import count_rows
from photos.admin_actions import check_again, move_to_gallery, use_as_cover
from photos.choices import CheckStatus, PhotoStatus, RenditionFormat, RenditionsStatus
from photos.models import Gallery, Photo, Rendition, TakedownRequest, TakedownStatus
from photos.previews import thumbnail_html
from photos.services import (
    InvalidPhoto,
    check_upload,
    delete_galleries,
    delete_photos,
    rebuild_public_renditions,
    refresh_public_renditions,
    set_galleries_published,
    set_photos_status,
)
from talks.models import Speaker, Talk


@admin.register(Gallery)
class GalleryAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ("title", "edition", "talk", "photo_count", "position", "is_published")
    list_filter = ("edition", "is_published")
    list_select_related = ("edition", "talk")
    search_fields = ("title_en", "title_ru", "slug", "description", "talk__title")
    autocomplete_fields = ("talk",)
    prepopulated_fields = {"slug": ("title_en",)}
    # Explicit: the photo count's GROUP BY drops Meta.ordering.
    ordering = ("position", "title_en", "title_ru")
    actions = (publish_selected, unpublish_selected)
    fields = (
        "edition",
        ("title_en", "title_ru"),  # side by side
        "slug",
        "talk",
        ("room", "day"),
        "description",
        "cover",
        "position",
        "is_published",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("photos"))

    @staticmethod
    def publish_service(queryset, *, is_published):
        return set_galleries_published(galleries=queryset, is_published=is_published)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"is_published", "edition"} & set(form.changed_data):
            # Who may see its photos changed: their public rendition files follow.
            photos = obj.photos.values_list("pk", flat=True)
            refresh_public_renditions(photo_ids=photos)

    def delete_model(self, request, obj):
        delete_galleries(galleries=[obj])

    def delete_queryset(self, request, queryset):
        delete_galleries(galleries=queryset)

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, gallery):
        return gallery.photo_count

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            # A new gallery has no photos yet, so there is no cover to choose.
            return [field for field in fields if field != "cover"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        room = form.base_fields.get("room")
        if room is not None and obj is not None:
            # A room of the gallery's own edition (Gallery.clean says so for a new one).
            room.queryset = room.queryset.filter(edition_id=obj.edition_id)
        cover = form.base_fields.get("cover")
        if cover is not None and obj is not None:
            # Only this gallery's own photos can be its cover, and none is added from here.
            cover.queryset = obj.photos.all()
            cover.widget.can_add_related = False
        return form


def smallest_jpeg_name():
    """The file name of a photo's narrowest JPEG rendition, as a subquery to annotate with."""
    renditions = Rendition.objects.filter(photo=OuterRef("pk"), format=RenditionFormat.JPEG)
    return Subquery(renditions.order_by("width").values("file")[:1])


class RenditionInline(admin.TabularInline):
    """The public renditions of a photo; they are built from the original, never edited."""

    model = Rendition
    fields = ("format", "width", "height", "size_bytes", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PhotoAdminForm(forms.ModelForm):
    def clean_original(self):
        """Hold an upload here to the same limits as the upload page (size, format, pixels)."""
        # Only the add form has this field (see PhotoAdmin.get_fields): always a new file.
        original = self.cleaned_data.get("original")
        if original is not None:
            try:
                check_upload(original)
            except InvalidPhoto as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return original

    def clean(self):
        cleaned_data = super().clean()
        # The talk picker searches every edition; a talk of another edition than the
        # gallery's is a slip of the search, never what the photo shows.
        talk, gallery = cleaned_data.get("talk"), cleaned_data.get("gallery")
        if talk is not None and gallery is not None and talk.edition_id != gallery.edition_id:
            message = _("Choose a talk of %(edition)s, the edition of this photo’s gallery.")
            self.add_error("talk", message % {"edition": gallery.edition})
        return cleaned_data


@admin.register(Photo)
class PhotoAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = (
        "thumbnail",
        "__str__",
        "gallery",
        "edition",
        "status",
        "talk",
        "position",
        "open_takedowns",
        "file_check",
        "renditions",
    )
    list_display_links = ("thumbnail", "__str__")
    list_editable = ("position",)
    list_filter = ("status", "check_status", "renditions_status", "gallery__edition", "gallery")
    list_select_related = ("gallery__edition", "talk")
    search_fields = (
        "caption_en",
        "caption_ru",
        "alt_text_en",
        "alt_text_ru",
        "credit",
        "talk__title",
        "speakers__name_en",
        "speakers__name_ru",
    )
    autocomplete_fields = ("talk", "speakers")
    actions = (
        "publish_photos",
        "reject_photos",
        move_to_gallery,
        use_as_cover,
        "rebuild_renditions",
        check_again,
    )
    # The upload page for many files at once (photos/upload.py), linked above the list.
    change_list_template = "admin/photos/photo/change_list.html"
    inlines = (RenditionInline,)

    def get_queryset(self, request):
        # The thumbnail comes with each row, so a list of any length costs the same queries.
        return (
            super()
            .get_queryset(request)
            .annotate(
                thumbnail_name=smallest_jpeg_name(),
                # A subquery, not Count(): a GROUP BY would drop Meta.ordering.
                open_takedown_count=count_rows(
                    TakedownRequest.objects.filter(photo=OuterRef("pk"), status=TakedownStatus.OPEN)
                ),
            )
        )

    def get_fields(self, request, obj=None):
        fields = [
            "gallery",
            # The file input can be filled only while adding: a new original would make
            # every rendition stale, and its "currently" link would expose the original.
            "original" if obj is None else "preview",
            ("caption_en", "caption_ru"),
            ("alt_text_en", "alt_text_ru"),
            "credit",
            "taken_at",
            "status",
            "position",
            "placeholder_color",
        ]
        # The talk and speaker pickers search those models; hide them from users (the
        # Photographers group) who may not see talks, rather than show a broken picker.
        if self.can_view(request, Talk):
            fields.append("talk")
        if self.can_view(request, Speaker):
            fields.append("speakers")
        if obj is not None:
            fields += [
                "size",
                "uploaded_by",
                "uploaded_at",
                "file_check",
                "renditions",
                "proposed_talk",
                "batch",
            ]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "preview",
            "size",
            "uploaded_by",
            "uploaded_at",
            "file_check",
            "renditions",
            "proposed_talk",
            "batch",
        ]
        if not self.has_change_permission(request, obj):
            # Users who may only add photos cannot publish them by themselves.
            readonly.append("status")
        return readonly

    def get_inlines(self, request, obj):
        # Renditions are built from a saved photo; a new one has none to show.
        return self.inlines if obj is not None else ()

    def can_view(self, request, model) -> bool:
        return self.admin_site.get_model_admin(model).has_view_permission(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if obj.talk_id is not None:
            # A talk chosen by hand is a confirmed one: no proposal stays beside it.
            obj.proposed_talk = None
        new_status = None
        if change and "status" in form.changed_data:
            # The status changes through the service, which withdraws or rebuilds the
            # public renditions with it; the form saves everything else.
            new_status, obj.status = obj.status, form.initial["status"]
        super().save_model(request, obj, form, change)
        if new_status is not None:
            # Its renditions follow the new status in the gallery saved above.
            set_photos_status(photos=[obj], status=new_status)
            obj.refresh_from_db(fields=["status", "renditions_status", "renditions_error"])
        elif not change or "gallery" in form.changed_data:
            # As on the upload page: the public sees a photo only through its renditions,
            # which a task builds once the new photo is committed, if the public may see
            # it; moved to another gallery, it may have become public or stopped being.
            refresh_public_renditions(photo_ids=[obj.pk])

    def delete_model(self, request, obj):
        delete_photos(photos=[obj])

    def delete_queryset(self, request, queryset):
        delete_photos(photos=queryset)

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, photo):
        """The smallest public JPEG, else the preview; never the original."""
        return thumbnail_html(photo, photo.thumbnail_name)

    @admin.display(description=_("takedown requests"), ordering="open_takedown_count")
    def open_takedowns(self, photo):
        """Open takedown requests of the photo, linking to them; empty when there are none."""
        if not photo.open_takedown_count:
            return ""
        url = reverse("admin:photos_takedownrequest_changelist")
        return format_html(
            '<a href="{}?photo__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            photo.pk,
            TakedownStatus.OPEN,
            ngettext("%(count)d open", "%(count)d open", photo.open_takedown_count)
            % {"count": photo.open_takedown_count},
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return self.thumbnail(photo)

    @admin.display(description=_("file check"), ordering="check_status")
    def file_check(self, photo):
        """Whether the original decoded to the end (photos.tasks.check_photo); if not, why."""
        label = photo.get_check_status_display()
        if photo.check_status != CheckStatus.FAILED:
            return label
        return format_html('{}<br><span class="help">{}</span>', label, photo.check_error)

    @admin.display(description=_("renditions"), ordering="renditions_status")
    def renditions(self, photo):
        """Whether the public renditions exist; for a failure, why (the last error)."""
        label = photo.get_renditions_status_display()
        if photo.renditions_status == RenditionsStatus.READY or not photo.renditions_error:
            return label
        return format_html('{}<br><span class="help">{}</span>', label, photo.renditions_error)

    @admin.action(permissions=("change",), description=_("Rebuild renditions of selected photos"))
    def rebuild_renditions(self, request, queryset):
        count = rebuild_public_renditions(photos=queryset)
        rebuilt = ngettext_lazy(
            "The renditions of %(count)d %(items)s will be rebuilt.",
            "The renditions of %(count)d %(items)s will be rebuilt.",
            "count",
        )
        report_count(self, request, rebuilt, count)
        # Say why the others were left out rather than leave the organiser wondering.
        hidden = queryset.count() - count
        if hidden:
            warning = ngettext(
                "%(count)d of them is not public, so it has no renditions; "
                "the admin shows its preview.",
                "%(count)d of them are not public, so they have no renditions; "
                "the admin shows their previews.",
                hidden,
            ) % {"count": hidden}
            self.message_user(request, warning, messages.WARNING)

    @admin.display(description=_("size"))
    def size(self, photo):
        dimensions = {"width": photo.width, "height": photo.height}
        return _("%(width)d × %(height)d px") % dimensions

    @admin.display(description=_("edition"), ordering="gallery__edition__start_date")
    def edition(self, photo):
        return photo.gallery.edition

    @admin.action(permissions=("change",), description=_("Publish selected photos"))
    def publish_photos(self, request, queryset):
        # Photos rejected or taken down get their renditions back (see set_photos_status).
        count = set_photos_status(photos=queryset, status=PhotoStatus.PUBLISHED)
        report_count(self, request, PUBLISHED, count)

    @admin.action(permissions=("change",), description=_("Reject selected photos"))
    def reject_photos(self, request, queryset):
        # Their public rendition files are deleted too (see set_photos_status).
        count = set_photos_status(photos=queryset, status=PhotoStatus.REJECTED)
        rejected = ngettext_lazy(
            "%(count)d %(items)s was rejected.", "%(count)d %(items)s were rejected.", "count"
        )
        report_count(self, request, rejected, count)


# Registers TakedownRequestAdmin: the admin's autodiscovery imports this module only.
from photos import takedown_admin  # noqa: E402, F401 -- imported for its registration
