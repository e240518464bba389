"""Choices shared by the photos models, services and admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhotoStatus(models.TextChoices):
    """Where a photo stands in moderation. Only published photos are ever public."""

    PENDING = "pending", _("Pending")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class RenditionFormat(models.TextChoices):
    """Image formats of public renditions, best compression first."""

    AVIF = "avif", "AVIF"
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"


class RenditionsStatus(models.TextChoices):
    """Whether a photo's public renditions are built (by photos.tasks, in the background)."""

    PENDING = "pending", _("Waiting to be built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # Deleted when the photo left "published" (photos.services.withdraw_renditions).
    WITHDRAWN = "withdrawn", _("Withdrawn (not published)")


class CheckStatus(models.TextChoices):
    """Whether a photo's original decodes to the end (photos.tasks.check_photo).

    An upload is answered once its header passes (photos.decoding.open_header); the full
    decode follows in the background, and a photo stays unpublished until it passes.
    """

    CHECKING = "checking", _("Being checked")
    PASSED = "passed", _("Readable")
    FAILED = "failed", _("Damaged")


# Widths of public renditions, in pixels; an original is never upscaled.
RENDITION_WIDTHS = (480, 960, 1600, 2400)


class IncomingState(models.TextChoices):
    """Where a chunked upload (photos.incoming_models.IncomingUpload) stands."""

    RECEIVING = "receiving", _("Receiving")
    # One request is turning the received bytes into a photo; others wait for its answer.
    COMPLETING = "completing", _("Completing")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
