from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    """Editions of the conference, the site's shell and its embedded database."""

    name = "conference"
    verbose_name = _("Conference")
