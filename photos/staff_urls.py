"""The photo pages for staff: the photographers' upload and the organisers' previews.

Apart from photos.urls because they have one address whatever the language (the admin's
neighbours, outside i18n_patterns in conference/urls.py), and a URL namespace holds the
patterns of one include only.
"""

from django.urls import path

from photos import chunked_views, moderation_views, previews, upload

app_name = "photo-staff"

urlpatterns = [
    path("photos/upload/", upload.upload_page, name="upload"),
    path("photos/upload/file/", upload.upload_file, name="upload-file"),
    # Resumable uploads in chunks (photos/chunked.py).
    path("photos/upload/chunked/", chunked_views.start_upload, name="upload-start"),
    path("photos/upload/chunked/<uuid:pk>/", chunked_views.upload_detail, name="upload-chunk"),
    path(
        "photos/upload/chunked/<uuid:pk>/complete/",
        chunked_views.complete_upload,
        name="upload-complete",
    ),
    path("photos/moderation/", moderation_views.moderation_page, name="moderation"),
    path("photos/batches/", moderation_views.batches_page, name="batches"),
    path("photos/batches/<int:pk>/clock/", moderation_views.batch_clock, name="batch-clock"),
    # Any photo, made from its private original (see photos/previews.py).
    path("photos/preview/<int:pk>/<int:width>/", previews.photo_preview, name="photo-preview"),
]
