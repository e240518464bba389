"""Photos arriving in chunks: the upload page's resumable uploads (photos/chunked.py).

An IncomingUpload is one file on its way in, named by the browser with its size and
SHA-256 before any byte is sent; its chunks are stored one object each in the private
storage (never under a public URL) until the upload completes, then deleted. The row
stays as the record that this file of this person landed as that photo, so that a file
picked again after a page reload resumes or is recognised instead of becoming a second
photo. Rows never touched for settings.PHOTO_UPLOAD_ABANDONED_AFTER are purged with
their chunks (photos.chunked.purge_abandoned_uploads).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from photos.choices import IncomingState


class IncomingUpload(models.Model):
    """One file being uploaded in chunks, and the words it will be added with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="incoming_uploads",
        on_delete=models.CASCADE,
    )
    # SET_NULL rather than CASCADE: a gallery deleted mid-upload leaves the upload to be
    # refused with a message ("gallery missing") and its chunks to the purge.
    gallery = models.ForeignKey(
        "photos.Gallery",
        verbose_name=_("gallery"),
        related_name="incoming_uploads",
        on_delete=models.SET_NULL,
        null=True,
    )
    batch = models.ForeignKey(
        "photos.PhotoBatch",
        verbose_name=_("upload batch"),
        related_name="incoming_uploads",
        on_delete=models.SET_NULL,
        null=True,
    )
    name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    chunk_size = models.PositiveIntegerField(_("chunk size"))
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    caption_en = models.CharField(max_length=500, blank=True)
    caption_ru = models.CharField(max_length=500, blank=True)
    alt_text_en = models.CharField(max_length=300, blank=True)
    alt_text_ru = models.CharField(max_length=300, blank=True)
    publish = models.BooleanField(default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=IncomingState, default=IncomingState.RECEIVING
    )
    error = models.TextField(_("why it was refused"), blank=True)
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("incoming upload")
        verbose_name_plural = _("incoming uploads")
        indexes = [
            models.Index(fields=["sha256"], name="incoming_sha256"),
            models.Index(fields=["updated_at"], name="incoming_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0) & Q(chunk_size__gt=0), name="incoming_sizes_positive"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="incoming_sha256_hex"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def chunk_count(self) -> int:
        return -(-self.size // self.chunk_size)

    def chunk_length(self, index: int) -> int:
        """How many bytes chunk `index` holds: chunk_size, but for the last one."""
        return min(self.chunk_size, self.size - index * self.chunk_size)


class IncomingChunk(models.Model):
    """One received chunk of an IncomingUpload, stored under `stored_name`."""

    upload = models.ForeignKey(IncomingUpload, related_name="chunks", on_delete=models.CASCADE)
    index = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("upload", "index"), name="incoming_chunk_once"),
        ]

    def __str__(self):
        return f"{self.upload_id}#{self.index}"
