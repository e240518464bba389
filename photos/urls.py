"""The public photo pages, one address per language (see conference/urls.py); the staff's
upload and previews are in photos.staff_urls."""

from django.urls import path

from photos import views

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
]
