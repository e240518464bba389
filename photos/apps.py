from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    """Photo galleries, photos and their renditions."""

    name = "photos"
    verbose_name = _("Photos")

    def ready(self):
        from photos import storage  # noqa: F401 -- connects the storage reset on setting changes
