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
]
