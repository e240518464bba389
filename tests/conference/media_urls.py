"""The site's URLconf with the development media URL, which conference/urls.py adds only
with DEBUG on (pytest-django turns it off)."""

from django.urls import path

from conference.urls import urlpatterns as site_urlpatterns
from conference.web.media import serve_media

urlpatterns = [path("media/<path:path>", serve_media), *site_urlpatterns]
