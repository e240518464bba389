from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from conference.web.csp import check_media_source


class ConferenceConfig(AppConfig):
    """Editions of the conference, the site's shell and its embedded database."""

    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        checks.register(check_media_source, checks.Tags.security)
