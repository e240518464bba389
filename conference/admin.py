"""Admin for editions, and the publish/unpublish actions every publishable model shares."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.db.models import Count
from django.db.models.functions import Now
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from translated_fields import TranslatedFieldAdmin

from conference.bilingual import column_names
from conference.models import Edition
from conference.publication import edition_contents
from conference.publish_admin import PublishEditionsMixin
from conference.services import (
    delete_editions,
    refresh_edition_renditions,
    set_editions_published,
)
from talks.programme import Room, Track, track_slug
from talks.related import refresh_on_commit


def counted(modeladmin, count: int) -> dict:
    """Parameters for an action's ngettext message: %(count)d and %(items)s ("2 editions")."""
    return {"count": count, "items": model_ngettext(modeladmin.opts, count)}


def report_count(modeladmin, request, message, count: int, **params) -> None:
    """Tell the organiser what a bulk action did to `count` rows: `message` is an
    ngettext_lazy whose number is "count", with %(count)d, %(items)s and `params`."""
    text = message % {**counted(modeladmin, count), **params}
    modeladmin.message_user(request, text, messages.SUCCESS)


PUBLISHED = ngettext_lazy(
    "%(count)d %(items)s was published.", "%(count)d %(items)s were published.", "count"
)
UNPUBLISHED = ngettext_lazy(
    "%(count)d %(items)s was unpublished.", "%(count)d %(items)s were unpublished.", "count"
)


def action_confirmation(
    modeladmin, request, template: str, *, title, action_name, selected, form, **extra
):
    """The page a bulk action shows before it acts (a `template` extending
    admin/action_confirmation.html): the `selected` rows and the `form` of the choice to
    make, posted back to the change list as action `action_name`."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": modeladmin.opts,
        "selected": selected,
        "form": form,
        "action_name": action_name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
        **extra,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, template, context)


def set_published(queryset, is_published: bool) -> int:
    """One UPDATE of the rows not yet in that state; returns how many changed.

    Untouched rows keep their `updated_at`, which sitemaps and feeds report as changes.
    """
    changing = queryset.exclude(is_published=is_published)
    count = changing.update(is_published=is_published, updated_at=Now())
    # Talks' related talks follow publication, in the background (talks/related.py).
    refresh_on_commit()
    return count


def set_published_by(modeladmin, queryset, is_published: bool) -> int:
    """The admin's own `publish_service` where it has one (it does more than the UPDATE:
    editions and galleries take their photos' public renditions along), else set_published."""
    service = getattr(modeladmin, "publish_service", None)
    if service is None:
        return set_published(queryset, is_published)
    return service(queryset, is_published=is_published)


# Shared by the admins of Edition, Talk and Gallery, which all have is_published/updated_at.
@admin.action(permissions=("change",), description=_("Publish selected %(verbose_name_plural)s"))
def publish_selected(modeladmin, request, queryset):
    report_count(modeladmin, request, PUBLISHED, set_published_by(modeladmin, queryset, True))


@admin.action(permissions=("change",), description=_("Unpublish selected %(verbose_name_plural)s"))
def unpublish_selected(modeladmin, request, queryset):
    count = set_published_by(modeladmin, queryset, False)
    report_count(modeladmin, request, UNPUBLISHED, count)


class TrackForm(forms.ModelForm):
    """A track row; a blank slug is made from the names here, before the form checks the
    slug is free in the edition (track_slug_per_edition), so that two tracks whose names
    give one slug get the form's message rather than a database error."""

    class Meta:
        model = Track
        fields = (*column_names("name"), "slug")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug"):
            cleaned["slug"] = track_slug(cleaned.get("name_en", ""), cleaned.get("name_ru", ""))
        return cleaned


class TrackInline(admin.TabularInline):
    """The edition's tracks, each name in English and Russian side by side (the edition's
    form shows "[en]" and "[ru]" on the columns). A track that talks use cannot be deleted
    here (the admin names the talks): move them to another track first."""

    model = Track
    form = TrackForm
    fields = (*column_names("name"), "slug")
    extra = 0
    classes = ("collapse",)


class RoomInline(admin.TabularInline):
    """The edition's rooms, named in both languages, in the timetable's order (position,
    left to right)."""

    model = Room
    fields = ("position", *column_names("name"))
    ordering = ("position", "pk")
    extra = 0
    classes = ("collapse",)


@admin.register(Edition)
class EditionAdmin(PublishEditionsMixin, TranslatedFieldAdmin, admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "city", "is_published", "talk_count")
    list_filter = ("is_published",)
    search_fields = (
        *column_names("name"), "slug", *column_names("city"), *column_names("venue")
    )  # fmt: skip
    prepopulated_fields = {"slug": ("name_en",)}
    date_hierarchy = "start_date"
    ordering = ("-start_date",)  # explicit: the talk count's GROUP BY drops Meta.ordering
    # Publishing an edition offers its talks and galleries too (conference/publish_admin.py).
    actions = ("publish_selected", "unpublish_selected")
    confirmation_page = action_confirmation
    change_form_template = "admin/conference/edition/change_form.html"
    inlines = (TrackInline, RoomInline)
    fieldsets = (
        # Each bilingual field's English and Russian values side by side, on one row.
        (None, {"fields": (column_names("name"), "slug", "acronym", "is_published")}),
        (
            _("When and where"),
            {
                "fields": (
                    ("start_date", "end_date"),
                    "time_zone",
                    column_names("city"),
                    column_names("venue"),
                    "website",
                )
            },
        ),
        (_("After the event"), {"fields": (column_names("summary"),)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(talk_count=Count("talks"))

    @staticmethod
    def publish_service(queryset, *, is_published):
        return set_editions_published(editions=queryset, is_published=is_published)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_published" in form.changed_data:
            # Its photos' public rendition files follow (see set_editions_published).
            refresh_edition_renditions(editions=[obj])
            if obj.is_published:
                self.edition_published_message(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The "Publish…" button, while the edition or anything in it is unpublished.
        contents = edition_contents([object_id]) if object_id.isdigit() else []
        offer = contents and (
            not contents[0].edition.is_published
            or contents[0].talks_unpublished
            or contents[0].galleries_unpublished
        )
        extra_context = {**(extra_context or {}), "publish_offer": bool(offer)}
        return super().change_view(request, object_id, form_url, extra_context)

    # Deleting goes through the service, which deletes files once committed. (The admin
    # refuses an edition that still has galleries or talks: they protect it.)
    def delete_model(self, request, obj):
        delete_editions(editions=[obj])

    def delete_queryset(self, request, queryset):
        delete_editions(editions=queryset)

    @admin.display(description=_("talks"), ordering="talk_count")
    def talk_count(self, edition):
        return edition.talk_count
