"""Admin for galleries and photos: moderation, ordering and gallery covers.

Originals are private (they keep GPS positions and other metadata), so no admin page links
to one: lists and forms show the smallest public JPEG rendition instead.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Now
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import counted, publish_selected, unpublish_selected
from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Gallery, Photo, Rendition
from photos.renditions import build_renditions
from photos.services import InvalidPhoto, check_upload
from talks.models import Speaker, Talk

THUMBNAIL_WIDTH = 96


@admin.register(Gallery)
class GalleryAdmin(admin.ModelAdmin):
    list_display = ("title", "edition", "talk", "photo_count", "position", "is_published")
    list_filter = ("edition", "is_published")
    list_select_related = ("edition", "talk")
    search_fields = ("title", "slug", "description", "talk__title")
    autocomplete_fields = ("talk",)
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("position", "title")  # explicit: the photo count's GROUP BY drops Meta.ordering
    actions = (publish_selected, unpublish_selected)
    fields = (
        "edition",
        "title",
        "slug",
        "talk",
        "description",
        "cover",
        "position",
        "is_published",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("photos"))

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


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ("thumbnail", "__str__", "gallery", "edition", "status", "talk", "position")
    list_display_links = ("thumbnail", "__str__")
    list_editable = ("position",)
    list_filter = ("status", "gallery__edition", "gallery")
    list_select_related = ("gallery__edition", "talk")
    search_fields = ("caption", "alt_text", "credit", "talk__title", "speakers__name")
    autocomplete_fields = ("talk", "speakers")
    actions = ("publish_photos", "reject_photos")
    inlines = (RenditionInline,)

    def get_queryset(self, request):
        # The thumbnail comes with each row, so a list of any length costs the same queries.
        return super().get_queryset(request).annotate(thumbnail_name=smallest_jpeg_name())

    def get_fields(self, request, obj=None):
        fields = [
            "gallery",
            # The file input can be filled only while adding: a new original would make
            # every rendition stale, and its "currently" link would expose the original.
            "original" if obj is None else "preview",
            "caption",
            "alt_text",
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
            fields += ["size", "uploaded_by", "uploaded_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview", "size", "uploaded_by", "uploaded_at"]
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
        super().save_model(request, obj, form, change)
        if not change:
            # As on the upload page: the public sees a photo only through its renditions.
            build_renditions(obj)

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, photo):
        """The smallest public JPEG; a dash until renditions exist (never the original)."""
        if not photo.thumbnail_name:
            return None
        url = Rendition.file.field.storage.url(photo.thumbnail_name)
        height = round(THUMBNAIL_WIDTH * photo.height / photo.width) if photo.width else None
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            url,
            THUMBNAIL_WIDTH,
            height or THUMBNAIL_WIDTH,
            photo.alt_text,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return self.thumbnail(photo)

    @admin.display(description=_("size"))
    def size(self, photo):
        dimensions = {"width": photo.width, "height": photo.height}
        return _("%(width)d × %(height)d px") % dimensions

    @admin.display(description=_("edition"), ordering="gallery__edition__start_date")
    def edition(self, photo):
        return photo.gallery.edition

    @admin.action(permissions=("change",), description=_("Publish selected photos"))
    def publish_photos(self, request, queryset):
        count = self.set_status(queryset, PhotoStatus.PUBLISHED)
        message = ngettext(
            "%(count)d %(items)s was published.", "%(count)d %(items)s were published.", count
        ) % counted(self, count)
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(permissions=("change",), description=_("Reject selected photos"))
    def reject_photos(self, request, queryset):
        count = self.set_status(queryset, PhotoStatus.REJECTED)
        message = ngettext(
            "%(count)d %(items)s was rejected.", "%(count)d %(items)s were rejected.", count
        ) % counted(self, count)
        self.message_user(request, message, messages.SUCCESS)

    @staticmethod
    def set_status(queryset, status) -> int:
        """One UPDATE of the photos not yet in `status`; returns how many changed."""
        return queryset.exclude(status=status).update(status=status, updated_at=Now())
