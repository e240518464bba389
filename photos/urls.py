from django.urls import path

from photos import previews, upload, views

app_name = "photos"

urlpatterns = [
    path("photos/", views.PhotoArchiveView.as_view(), name="gallery-list"),
    path("photos/upload/", upload.upload_page, name="upload"),
    path("photos/upload/file/", upload.upload_file, name="upload-file"),
    # For staff: any photo, made from its private original (see photos/previews.py).
    path("photos/preview/<int:pk>/<int:width>/", previews.photo_preview, name="photo-preview"),
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
