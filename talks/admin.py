"""Admin for talks, speakers, companies and projects, with the merge-duplicates actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.widgets import AdminFileWidget
from django.db import transaction
from django.db.models import Count, Func, Prefetch, TextField, Value
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldAdmin

from conference.admin import action_confirmation, publish_selected, unpublish_selected
from conference.bilingual import column_names, localized
from talks.admin_forms import TalkAdminForm, venue_start
from talks.decks.admin import deck_status
from talks.decks.services import set_talks_published
from talks.importers.admin_views import ScheduleImportMixin
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker
from talks.related import refresh_on_commit
from talks.services import (
    delete_speakers,
    delete_talks,
    merge_companies,
    merge_speakers,
    renumber_talk_speakers,
    save_speaker,
    save_talk,
)
from talks.slides import SlidesFileField
from talks.topic_admin import TalkTopicInline


class ArrayToString(Func):
    """PostgreSQL's array_to_string(): an array of names as one text to search in."""

    function = "array_to_string"
    output_field = TextField()

    def __init__(self, expression, separator=" ", **extra):
        super().__init__(expression, Value(separator), **extra)


class AliasSearchMixin:
    """Let the search box and autocomplete find a row by any of its `aliases`.

    The admin's icontains search does not look inside an ArrayField, so the aliases are
    joined into one text (only while searching) and searched as `aliases_text`.
    """

    search_fields = ("name_en", "name_ru", "slug", "aliases_text")

    def get_search_results(self, request, queryset, search_term):
        if search_term:
            queryset = queryset.annotate(aliases_text=ArrayToString("aliases"))
        return super().get_search_results(request, queryset, search_term)


class MergeForm(forms.Form):
    """Which of the selected rows survives a merge."""

    keep = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = candidates


class MergeDuplicatesMixin:
    """A "merge selected" action with a confirmation page to choose the row to keep.

    The admin using it sets `merge_service` (a keyword-only `service(keep=, duplicate=)`)
    and annotates `talk_count` in get_queryset, which the confirmation page lists.
    """

    merge_service = None
    merge_template = "admin/talks/merge.html"
    actions = ("merge_selected",)

    def has_merge_permission(self, request):
        # A merge deletes rows, so it needs both (an action's permissions need only one).
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(permissions=("merge",), description=_("Merge selected %(verbose_name_plural)s"))
    def merge_selected(self, request, queryset):
        candidates = list(queryset.order_by("-talk_count", "pk"))
        if len(candidates) < 2:
            message = gettext("Select at least two %(items)s to merge them.") % {
                "items": self.opts.verbose_name_plural
            }
            self.message_user(request, message, messages.WARNING)
            return None

        form = MergeForm(request.POST if "post" in request.POST else None, candidates=queryset)
        if not form.is_valid():
            return self.merge_confirmation(request, candidates, form)

        keep = form.cleaned_data["keep"]
        duplicates = [candidate for candidate in candidates if candidate.pk != keep.pk]
        try:
            # One transaction for the whole selection: all merged, or none.
            with transaction.atomic():
                for duplicate in duplicates:
                    keep = self.merge_service(keep=keep, duplicate=duplicate)
        except self.model.DoesNotExist:
            message = gettext("A selected row was deleted meanwhile; nothing was merged.")
            self.message_user(request, message, messages.ERROR)
            return None

        names = ", ".join(str(duplicate) for duplicate in duplicates)
        self.log_change(request, keep, gettext("Merged %(names)s into it.") % {"names": names})
        message = gettext("Merged %(count)d %(items)s into “%(keep)s”.") % {
            "count": len(duplicates),
            "items": model_ngettext(self.opts, len(duplicates)),
            "keep": keep,
        }
        self.message_user(request, message, messages.SUCCESS)
        return None

    def merge_confirmation(self, request, candidates, form):
        """The intermediate page: each candidate with its talk count and a radio button."""
        return action_confirmation(
            self,
            request,
            self.merge_template,
            title=gettext("Merge %(items)s") % {"items": self.opts.verbose_name_plural},
            action_name="merge_selected",
            selected=candidates,
            form=form,
            # The one with most talks is the likely keeper; a re-shown form keeps the choice.
            checked=form.data.get("keep", str(candidates[0].pk)),
        )


class TalkCountMixin:
    """A sortable "talks" column from a `talk_count` annotation made in get_queryset.

    Admins using it set `ordering`: a GROUP BY query ignores Meta.ordering, and the
    autocomplete views (which do not order by themselves) would page an unordered list.
    """

    @admin.display(description=_("talks"), ordering="talk_count")
    def talk_count(self, obj):
        return obj.talk_count


class TwoScriptNameMixin:
    """Speakers and companies: both spellings of the name side by side, listed by the one
    of the organiser's interface language (the other where it is empty), as the site
    shows them."""

    def get_ordering(self, request):
        return (localized("name").asc(), "pk")


@admin.register(Company)
class CompanyAdmin(
    MergeDuplicatesMixin, AliasSearchMixin, TwoScriptNameMixin, TalkCountMixin, admin.ModelAdmin
):
    list_display = ("name_en", "name_ru", "website", "talk_count")
    # From the Latin spelling only: both would make "bars-group-bars-grup".
    prepopulated_fields = {"slug": ("name_en",)}
    fields = (
        ("name_en", "name_ru"),
        "slug",
        "aliases",
        "website",
        ("description_en", "description_ru"),
    )
    merge_service = staticmethod(merge_companies)

    def get_queryset(self, request):
        # distinct: one talk can list several speakers from the same company.
        talk_count = Count("talk_speakers__talk", distinct=True)
        return super().get_queryset(request).annotate(talk_count=talk_count)


@admin.register(Speaker)
class SpeakerAdmin(
    MergeDuplicatesMixin, AliasSearchMixin, TwoScriptNameMixin, TalkCountMixin, admin.ModelAdmin
):
    list_display = ("name_en", "name_ru", "company", "talk_count")
    list_select_related = ("company",)
    autocomplete_fields = ("company",)
    # From the Latin spelling only: both would make "ivan-panchenko-ivan-panchenko".
    prepopulated_fields = {"slug": ("name_en",)}
    fields = (("name_en", "name_ru"), "slug", "aliases", "company", "bio", "photo", "website")
    merge_service = staticmethod(merge_speakers)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(talk_count=Count("talk_speakers"))

    # Through the services: a replaced, cleared or deleted portrait leaves storage too.
    def save_model(self, request, obj, form, change):
        save_speaker(speaker=obj)

    def delete_model(self, request, obj):
        delete_speakers(speakers=[obj])

    def delete_queryset(self, request, queryset):
        delete_speakers(speakers=queryset)


@admin.register(Project)
class ProjectAdmin(TranslatedFieldAdmin, TalkCountMixin, admin.ModelAdmin):
    ordering = ("name",)
    list_display = ("name", "repository", "homepage", "talk_count")
    search_fields = (
        "name", "slug", *column_names("description"), "repository_url", "homepage_url"
    )  # fmt: skip
    prepopulated_fields = {"slug": ("name",)}
    # The description's English and Russian values side by side.
    fields = ("name", "slug", "repository_url", "homepage_url", column_names("description"))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(talk_count=Count("talks"))

    @admin.display(description=_("repository"), ordering="repository_url")
    def repository(self, project):
        return external_link(project.repository_url)

    @admin.display(description=_("homepage"), ordering="homepage_url")
    def homepage(self, project):
        return external_link(project.homepage_url)


def external_link(url: str):
    """The URL as a link; None (shown as a dash) when there is none."""
    if not url:
        return None
    return format_html('<a href="{}">{}</a>', url, url)


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    fields = ("position", "speaker", "company")
    autocomplete_fields = ("speaker", "company")
    ordering = ("position", "pk")
    extra = 1


@admin.register(Talk)
class TalkAdmin(ScheduleImportMixin, admin.ModelAdmin):
    form = TalkAdminForm  # the start in the edition's time zone
    list_display = (
        "title",
        "speaker_names",
        "edition",
        "language",
        "track",
        "starts_at",
        "is_published",
    )
    list_filter = ("edition", "language", "track", "kind", "is_published")
    list_select_related = ("edition", "track")
    search_fields = ("title", "other_title", "abstract", "speakers__name_en", "speakers__name_ru")
    autocomplete_fields = ("projects",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("guid", "schedule_id", "deck_status")
    inlines = (TalkSpeakerInline, TalkTopicInline)
    actions = (publish_selected, unpublish_selected)
    fieldsets = (
        (
            None,
            {"fields": ("edition", "title", "other_title", "subtitle", "slug", "is_published")},
        ),
        (_("Content"), {"fields": ("abstract", "description", "language", "kind", "projects")}),
        (_("Slot"), {"fields": ("track", "room", "start", "duration")}),
        (
            _("Recordings"),
            {"fields": ("slides_file", "slides_url", "deck_status", "video_url")},
        ),
        (_("Import"), {"fields": ("guid", "schedule_id"), "classes": ("collapse",)}),
    )

    deck_status = staticmethod(deck_status)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "slides_file":
            # PDF only, checked by content (talks/slides.py); the picker offers PDFs first.
            kwargs["form_class"] = SlidesFileField
            kwargs["widget"] = AdminFileWidget(attrs={"accept": "application/pdf,.pdf"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        # One extra query for all rows' speakers, in talk order.
        speakers = TalkSpeaker.objects.select_related("speaker").order_by("position", "pk")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("talk_speakers", queryset=speakers))
        )

    @admin.display(description=_("starts at"), ordering="start")
    def starts_at(self, talk):
        return venue_start(talk)

    @admin.display(description=_("speakers"))
    def speaker_names(self, talk):
        return ", ".join(link.speaker.name for link in talk.talk_speakers.all()) or None

    # Through the services: a replaced, cleared or deleted slides file leaves storage too,
    # and the slide deck follows the slides file and link (read in the background).
    def save_model(self, request, obj, form, change):
        save_talk(talk=obj)

    @staticmethod
    def publish_service(queryset, *, is_published):
        # The decks' public page images follow (talks.decks.services), and the related
        # talks in the background (talks/related.py).
        count = set_talks_published(talks=queryset, is_published=is_published)
        refresh_on_commit()
        return count

    def delete_model(self, request, obj):
        delete_talks(talks=[obj])

    def delete_queryset(self, request, queryset):
        delete_talks(talks=queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is TalkSpeaker:
            # Organisers type 1, 1, 5 or leave gaps after deleting a row; store 0..n-1.
            renumber_talk_speakers(talk=form.instance)
