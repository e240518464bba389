"""Choices shared by the talks models, forms and importers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The language a talk is given in (ISO 639-1, or "other"). Search stems English and Russian."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    PORTUGUESE = "pt", _("Portuguese")
    UKRAINIAN = "uk", _("Ukrainian")
    CHINESE = "zh", _("Chinese")
    JAPANESE = "ja", _("Japanese")
    # Any other language (imported schedules name many); search stems it with "simple".
    OTHER = "other", _("Other language")


class TalkKind(models.TextChoices):
    """What sort of session a talk is."""

    TALK = "talk", _("Talk")
    KEYNOTE = "keynote", _("Keynote")
    WORKSHOP = "workshop", _("Workshop")
    LIGHTNING = "lightning", _("Lightning talk")
    PANEL = "panel", _("Panel")
    OTHER = "other", _("Other")


# Value -> label, for showing many talks' language or kind without get_FOO_display(),
# which builds a dict of every choice on each call. Lazy: translated when shown.
LANGUAGE_LABELS = dict(Language.choices)
KIND_LABELS = dict(TalkKind.choices)
