"""The public photo pages and photo downloads, one address per language (see
conference/urls.py); the staff's upload and previews are in photos.staff_urls."""

from django.urls import path

from photos import download_views, views

app_name = "photos"

urlpatterns = [
    path("photos/", views.PhotoArchiveView.as_view(), name="gallery-list"),
    path(
        "<slug:edition_slug>/photos/<slug:slug>/",
        views.GalleryDetailView.as_view(),
        name="gallery-detail",
    ),
    path(
        "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/",
        views.PhotoDetailView.as_view(),
        name="photo-detail",
    ),
    path(
        "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/takedown/",
        views.PhotoTakedownView.as_view(),
        name="photo-takedown",
    ),
    # Downloads (photos/download_views.py): zips of public photos, not pages (no sitemap).
    # "photos.zip" cannot be a gallery or talk slug (a slug has no dot).
    path(
        "<slug:edition_slug>/photos/<slug:slug>/photos.zip",
        download_views.gallery_zip,
        name="gallery-zip",
    ),
    path(
        "<slug:edition_slug>/talks/<slug:slug>/photos.zip",
        download_views.talk_zip,
        name="talk-zip",
    ),
    path("speakers/<slug:slug>/photos.zip", download_views.speaker_zip, name="speaker-zip"),
]
