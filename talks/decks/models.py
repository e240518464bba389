"""A talk's slide deck (the PDF the archive keeps, where it came from, how its processing
went) and its pages (their text, and their images while the talk is public).

The PDF sits in the private storage, like photo originals: the archive keeps it for as
long as the talk exists (the host that held it may not), and the public downloads it
through a view that serves public talks only. Page images are public files (thumbnail
and large, in AVIF/WebP/JPEG), so, like photo renditions, they exist only while the talk
is public (talks.decks.services.refresh_public_slides).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.db.timestamps import Timestamped
from photos.choices import RenditionFormat
from photos.storage import get_private_storage


class DeckStatus(models.TextChoices):
    """Where a deck's processing stands (fetching, then extraction)."""

    PENDING = "pending", _("Waiting to be processed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class SlideImageKind(models.TextChoices):
    """The two sizes a page is drawn in: the strip's thumbnail and the viewer's page."""

    THUMBNAIL = "thumb", _("Thumbnail")
    LARGE = "large", _("Large")


def deck_upload_to(deck, filename: str) -> str:
    """A random name: an uploaded or fetched file's name is never used as a path."""
    return f"slide-decks/{uuid.uuid4().hex}.pdf"


def slide_image_upload_to(image, filename: str) -> str:
    """The deck, page and size in the name, and a random part: rebuilt images never reuse
    a name a browser or CDN may have cached."""
    page = image.page
    token = uuid.uuid4().hex[:8]
    return f"slide-pages/{page.deck_id}/{page.number}-{image.kind}-{token}.{image.format}"


class SlideDeck(Timestamped):
    """A talk's slides as a PDF kept by the archive, with its processing status."""

    talk = models.OneToOneField(
        "talks.Talk", verbose_name=_("talk"), related_name="slide_deck", on_delete=models.CASCADE
    )
    pdf = models.FileField(
        _("PDF"), upload_to=deck_upload_to, storage=get_private_storage, blank=True
    )
    source_url = models.URLField(
        _("fetched from"),
        max_length=500,
        blank=True,
        help_text=_("The address the PDF was fetched from; blank for an upload."),
    )
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # The PDF's SHA-256: a fetch that brings the same file again changes nothing.
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=DeckStatus.choices, default=DeckStatus.PENDING
    )
    message = models.TextField(_("message"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ("talk",)
        verbose_name = _("slide deck")
        verbose_name_plural = _("slide decks")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeckStatus.values), name="slide_deck_status_known"
            ),
        ]

    def __str__(self):
        return str(self.talk)


class SlidePage(models.Model):
    """One page of a deck: its number (from 1), its text and its drawn size."""

    deck = models.ForeignKey(
        SlideDeck, verbose_name=_("slide deck"), related_name="pages", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    # The large image's size in pixels: the page's aspect ratio, known before any image exists.
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        ordering = ("deck", "number")
        verbose_name = _("slide page")
        verbose_name_plural = _("slide pages")
        constraints = [
            models.UniqueConstraint(fields=("deck", "number"), name="slide_page_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="slide_page_number_positive"),
            models.CheckConstraint(
                condition=Q(width__gt=0) & Q(height__gt=0), name="slide_page_has_size"
            ),
        ]

    def __str__(self):
        return f"{self.deck} #{self.number}"


class SlideImage(models.Model):
    """A public image of a page, in one size and format (as a photo's Rendition)."""

    page = models.ForeignKey(
        SlidePage, verbose_name=_("slide page"), related_name="images", on_delete=models.CASCADE
    )
    kind = models.CharField(_("size"), max_length=8, choices=SlideImageKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=RenditionFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    file = models.ImageField(_("file"), upload_to=slide_image_upload_to)
    size_bytes = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ("page", "kind", "format")
        verbose_name = _("slide image")
        verbose_name_plural = _("slide images")
        constraints = [
            models.UniqueConstraint(
                fields=("page", "kind", "format"), name="slide_image_once_per_size_and_format"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SlideImageKind.values), name="slide_image_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(format__in=RenditionFormat.values), name="slide_image_format_known"
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0) & Q(height__gt=0), name="slide_image_has_size"
            ),
        ]

    def __str__(self):
        return f"{self.page} {self.kind} {self.format}"
