"""The admin's slide decks: upload a PDF for a talk, see how its processing went, re-run it.

A deck is added for a talk by uploading its PDF here (or on the talk's form, as its
slides file), or by fetching its slides link (the "fetch" action, `manage.py
fetch_slides`, a schedule import). The PDF is checked by content before anything is
stored (talks.slides); reading it happens in the background (talks.decks.tasks), and the
list shows each deck's status with the reason when it failed.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from talks.decks.models import SlideDeck
from talks.decks.services import delete_decks, reprocess_decks, request_fetches, upload_slides
from talks.slides import SlidesFileField


class SlideDeckForm(forms.ModelForm):
    """The talk and, to add or replace the PDF, an upload (checked as a PDF by content)."""

    upload = SlidesFileField(
        label=_("PDF"),
        required=False,
        help_text=_("Upload the slides as PDF; they are read page by page in the background."),
    )

    class Meta:
        model = SlideDeck
        fields = ("talk",)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("upload"):
            self.add_error("upload", _("Upload the slides as a PDF file."))
        return cleaned


@admin.register(SlideDeck)
class SlideDeckAdmin(admin.ModelAdmin):
    form = SlideDeckForm
    list_display = ("talk", "status", "message", "page_count", "source_url", "processed_at")
    list_filter = ("status", "talk__edition")
    list_select_related = ("talk",)
    search_fields = ("talk__title", "source_url", "message")
    autocomplete_fields = ("talk",)
    readonly_fields = (
        "status",
        "message",
        "page_count",
        "size_bytes",
        "source_url",
        "fetched_at",
        "processed_at",
    )
    fields = ("talk", "upload", *readonly_fields)
    actions = ("rerun", "fetch_again")

    def get_readonly_fields(self, request, obj=None):
        # A deck stays with its talk: another talk's slides are another deck.
        return (*self.readonly_fields, "talk") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        if upload is not None:
            deck = upload_slides(talk=obj.talk, file=upload)
            obj.pk = deck.pk
            obj.refresh_from_db()
        elif change:
            obj.save(update_fields=["updated_at"])

    # Through the service: a deleted deck's PDF and page images leave storage too.
    def delete_model(self, request, obj):
        delete_decks(talk_ids=[obj.talk_id])

    def delete_queryset(self, request, queryset):
        delete_decks(talk_ids=queryset.values_list("talk_id", flat=True))

    @admin.action(permissions=("change",), description=_("Read the selected slides again"))
    def rerun(self, request, queryset):
        count = reprocess_decks(decks=queryset.select_related("talk"))
        message = ngettext(
            "%(count)d slide deck is queued.", "%(count)d slide decks are queued.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        permissions=("change",), description=_("Fetch the selected slides from their links again")
    )
    def fetch_again(self, request, queryset):
        talks = [deck.talk for deck in queryset.select_related("talk")]
        count = request_fetches(talks=talks, force=True)
        message = ngettext(
            "%(count)d slide deck is queued.", "%(count)d slide decks are queued.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.display(description=_("slides as pages"))
def deck_status(talk) -> str:
    """For the talk's form: its deck's status and message, linking to the deck."""
    deck = SlideDeck.objects.filter(talk=talk).first() if talk.pk else None
    if deck is None:
        return _("No slide deck: upload a PDF or give a slides link.")
    url = reverse("admin:talks_slidedeck_change", args=[deck.pk])
    return format_html('<a href="{}">{}</a> {}', url, deck.get_status_display(), deck.message)
