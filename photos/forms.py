"""Forms of the photo upload page."""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from photos.decoding import accepted_formats
from photos.models import Gallery

# MIME types for the file picker's accept=; the server decides by content, not by these.
MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
    "HEIF": "image/heic",
}


def gallery_label(gallery: Gallery) -> str:
    """ "PGConf.Russia 2016 — Day one, 3 Feb": a gallery told apart from the other editions'
    "Day one", in the reader's language."""
    title = gallery.title or gallery.slug
    if gallery.day:
        title = gettext("%(title)s, %(day)s") % {
            "title": title,
            "day": date_format(gallery.day, "j M"),
        }
    return f"{gallery.edition.name} — {title}"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Many files under one name. Each is checked on its own later, with its own message,
    so one bad file does not turn the whole form away."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class PhotoUploadForm(forms.Form):
    """Where the photos go and who took them; the files come one by one or all at once.

    `publish` is offered only to users who may change photos (Organisers), as in the admin,
    where the status field is read-only for users who may only add them (Photographers).
    """

    gallery = forms.ModelChoiceField(
        label=_("Gallery"),
        queryset=Gallery.objects.select_related("edition").order_by(
            "-edition__start_date", "position", "title_en", "title_ru", "pk"
        ),
        empty_label=_("Choose a gallery"),
    )
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        required=False,
        help_text=_("The photographer’s name, shown with every photo of this upload."),
    )
    # Words for every photo of this upload, each editable later in the admin.
    caption_en = forms.CharField(label=_("Caption in English"), max_length=500, required=False)
    caption_ru = forms.CharField(
        label=_("Caption in Russian"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ru"}),
    )
    alt_text_en = forms.CharField(
        label=_("Alt text in English"),
        max_length=300,
        required=False,
        help_text=_("What the photos show, for people who cannot see them."),
    )
    alt_text_ru = forms.CharField(
        label=_("Alt text in Russian"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ru"}),
    )
    # The upload batch (photos.models.PhotoBatch): one per page of this form, so that the
    # files the page sends one by one share their camera's clock offset.
    batch = forms.UUIDField(widget=forms.HiddenInput, required=False)
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("Otherwise the photos wait for an organiser to publish them."),
    )
    # Not required here: a file dropped for being too big is missing from the data, and
    # the view reports it by name (see photos.upload); the browser still asks for one.
    files = MultipleFileField(
        label=_("Photos"), required=False, widget=MultipleFileInput(attrs={"required": True})
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].initial = uuid.uuid4()
        if not can_publish:
            del self.fields["publish"]
        self.fields["files"].widget.attrs["accept"] = ",".join(
            MIME_TYPES[name] for name in accepted_formats() if name in MIME_TYPES
        )

    def group_galleries(self) -> None:
        """Offer the galleries grouped by edition, newest first, read in one query now
        (rendering a ModelChoiceField would run its query from the template)."""
        field = self.fields["gallery"]
        groups: dict[str, list] = {}
        for gallery in field.queryset:
            label = gallery_label(gallery)
            groups.setdefault(gallery.edition.name, []).append((gallery.pk, label))
        field.choices = [("", field.empty_label), *groups.items()]

    @property
    def words(self) -> dict[str, str]:
        """The captions and alt texts given for every photo of the upload."""
        names = ("caption_en", "caption_ru", "alt_text_en", "alt_text_ru")
        return {name: self.cleaned_data[name] for name in names}

    @property
    def publish_now(self) -> bool:
        return bool(self.cleaned_data.get("publish"))


class ChunkedUploadForm(PhotoUploadForm):
    """The upload form's fields for one file sent in chunks (photos.chunked), with the file's
    name, size and SHA-256 in place of the file itself."""

    name = forms.CharField(max_length=255)
    size = forms.IntegerField(min_value=1)
    sha256 = forms.CharField(
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("Not a SHA-256 in hexadecimal."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gallery"].error_messages["invalid_choice"] = _(
            "This gallery does not exist any more; choose another one."
        )
        self.fields["gallery"].error_messages["required"] = _("Choose a gallery first.")
