"""Admin for takedown requests: read, hide the photo and close, or decline.

Kept apart from photos/admin.py (which imports this module, so that it is registered);
the thumbnails are the photo admin's (photos/previews.py: never the original).
"""

from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from conference.admin import report_count
from photos.choices import RenditionFormat
from photos.models import Photo, Rendition, TakedownRequest, TakedownStatus
from photos.previews import thumbnail_html
from photos.takedown import hide_photos_and_close


@admin.register(TakedownRequest)
class TakedownRequestAdmin(admin.ModelAdmin):
    """Requests from the public photo pages. They are read and handled here, never added."""

    list_display = (
        "thumbnail",
        "photo_link",
        "short_reason",
        "contact",
        "status",
        "created_at",
        "handled_by",
    )
    list_display_links = ("short_reason",)
    list_filter = ("status", "created_at")
    list_select_related = ("photo__gallery__edition", "handled_by")
    search_fields = ("reason", "contact", "photo__caption_en", "photo__caption_ru")
    date_hierarchy = "created_at"
    actions = ("hide_photo_and_close", "decline_requests")
    fields = (
        "preview",
        "photo_link",
        "reason",
        "contact",
        "created_at",
        "status",
        "handled_by",
        "handled_at",
    )
    readonly_fields = (
        "preview",
        "photo_link",
        "reason",
        "contact",
        "created_at",
        "handled_by",
        "handled_at",
    )

    def get_queryset(self, request):
        renditions = Rendition.objects.filter(
            photo=OuterRef("photo_id"), format=RenditionFormat.JPEG
        ).order_by("width")
        thumbnail_name = Subquery(renditions.values("file")[:1])
        return super().get_queryset(request).annotate(thumbnail_name=thumbnail_name)

    def has_add_permission(self, request):
        return False

    def has_hide_permission(self, request):
        # Hiding rejects the photo: it takes the right to change photos as well.
        photo_admin = self.admin_site.get_model_admin(Photo)
        return self.has_change_permission(request) and photo_admin.has_change_permission(request)

    @admin.display(description=_("photo"))
    def thumbnail(self, takedown):
        """The smallest public JPEG of the photo, else its preview (never its original)."""
        return thumbnail_html(takedown.photo, takedown.thumbnail_name)

    @admin.display(description=_("preview"))
    def preview(self, takedown):
        return self.thumbnail(takedown)

    @admin.display(description=_("photo"), ordering="photo")
    def photo_link(self, takedown):
        """The photo's admin page, and its status: a rejected photo is already hidden."""
        photo = takedown.photo
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            reverse("admin:photos_photo_change", args=[photo.pk]),
            photo,
            photo.gallery,
            photo.get_status_display(),
        )

    @admin.display(description=_("reason"))
    def short_reason(self, takedown):
        reason = takedown.reason
        return reason if len(reason) <= 80 else f"{reason[:79]}…"

    def save_model(self, request, obj, form, change):
        # Closing a request by hand records who did it; reopening forgets it (the model's
        # takedown_handled_when_closed constraint holds either way).
        if "status" in form.changed_data:
            if obj.status == TakedownStatus.OPEN:
                obj.handled_by, obj.handled_at = None, None
            else:
                obj.handled_by, obj.handled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(permissions=("hide",), description=_("Hide photo and close request"))
    def hide_photo_and_close(self, request, queryset):
        hidden = hide_photos_and_close(requests=queryset, handled_by=request.user)
        message = ngettext(
            "%(count)d photo was hidden; its requests are done.",
            "%(count)d photos were hidden; their requests are done.",
            hidden,
        ) % {"count": hidden}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(permissions=("change",), description=_("Decline selected requests"))
    def decline_requests(self, request, queryset):
        count = queryset.filter(status=TakedownStatus.OPEN).update(
            status=TakedownStatus.DECLINED, handled_by=request.user, handled_at=Now()
        )
        declined = ngettext_lazy(
            "%(count)d %(items)s was declined.", "%(count)d %(items)s were declined.", "count"
        )
        report_count(self, request, declined, count)
