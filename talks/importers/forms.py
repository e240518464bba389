"""The admin's schedule upload form: a file, its format (or "guess"), dry run and publish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talks.importers.schedule import ScheduleError
from talks.importers.sources import looks_like, read_upload


class ScheduleImportForm(forms.Form):
    """Validating it reads the file (at most 50 MB) into `cleaned_data["data"]`; "Publish"
    is refused unless `can_publish` (the user's permission, see admin_views)."""

    FORMATS = (
        ("", _("Recognise from the file")),
        ("frab", _("frab / pentabarf schedule.xml")),
        ("pretalx", _("pretalx schedule.json")),
    )

    file = forms.FileField(
        label=_("Schedule file"),
        # MAX_SCHEDULE_BYTES: the 50 MB are written out so that translators see them.
        help_text=_(
            "A frab, c3voc, pentabarf or wafer schedule.xml, or a pretalx schedule.json export; "
            "at most 50 MB."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
    edition = forms.SlugField(
        label=_("Edition slug"),
        required=False,
        max_length=64,
        help_text=_(
            "Optional: import into (or create) the edition with this slug instead of the one "
            "the schedule's acronym gives."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        initial=True,
        help_text=_("Show what the import would change without saving anything."),
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        help_text=_(
            "Publish the edition with all its talks and galleries. Otherwise new ones are "
            "drafts to review first."
        ),
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish

    def clean_publish(self) -> bool:
        publish = self.cleaned_data["publish"]
        if publish and not self.can_publish:
            raise forms.ValidationError(
                _(
                    "You may not publish editions, talks and galleries. Untick “Publish” to "
                    "import drafts for an organiser to publish."
                ),
                code="publish_not_allowed",
            )
        return publish

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            data = read_upload(upload)
        except ScheduleError as error:
            raise forms.ValidationError(str(error), code="too_large") from None
        cleaned["format"] = cleaned.get("format") or looks_like(data)
        if not cleaned["format"]:
            raise forms.ValidationError(
                _("This is neither an XML nor a JSON file; choose a schedule export."),
                code="unknown_format",
            )
        cleaned["data"] = data
        return cleaned
