"""The takedown request form on public photo pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from photos.models import TakedownRequest


class TakedownRequestForm(forms.ModelForm):
    """Reason (required) and an optional contact, plus a honeypot field for bots.

    `website` is hidden from people (CSS and aria-hidden) but not from naive bots that fill
    every field; a filled honeypot makes is_spam() true and the view stores nothing.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = TakedownRequest
        fields = ("reason", "contact")
        labels = {
            "reason": _("Why should this photo be taken down?"),
            "contact": _("Your name or e-mail (optional)"),
        }
        help_texts = {
            "reason": _("For example: “I am in this photo and do not want it online.”"),
            "contact": _("Only the organisers see it, to answer you."),
        }
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
