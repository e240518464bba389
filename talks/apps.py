from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    """Talks, speakers, companies and the projects the talks are about."""

    name = "talks"
    verbose_name = _("Talks")
