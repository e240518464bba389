"""Photo galleries of an edition, the photos in them and their public renditions."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.bilingual import bilingual
from conference.db.timestamps import Timestamped
from conference.web.fast_urls import page_url
from photos.choices import CheckStatus, PhotoStatus, RenditionFormat, RenditionsStatus

# Defined beside, registered with the app here (the app's models are those models.py loads).
from photos.incoming_models import IncomingChunk, IncomingUpload  # noqa: F401 -- registers them
from photos.storage import get_private_storage
from photos.takedown_models import (  # noqa: F401 -- registered (and imported) from here too
    TakedownRequest,
    TakedownStatus,
)


def original_upload_to(photo, filename: str) -> str:
    """Store originals under a random name: an uploaded file name is never used as a path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"originals/{uuid.uuid4().hex}{suffix}"


def rendition_upload_to(rendition, filename: str) -> str:
    """A rendition's name from its photo, width and format, with a random part: rebuilt
    renditions never reuse a name a browser or CDN may have cached."""
    token = uuid.uuid4().hex[:8]
    return f"renditions/{rendition.photo_id}/{rendition.width}-{token}.{rendition.format}"


class GalleryQuerySet(models.QuerySet):
    """Gallery.objects: the public rule for galleries (its SQL twin: photos/visibility.py)."""

    def published(self):
        """Galleries the public may see: published, in a published edition."""
        return self.filter(is_published=True, edition__is_published=True)


class PhotoQuerySet(models.QuerySet):
    """Photo.objects: the public rule for photos (its SQL twin: photos/visibility.py)."""

    def published(self):
        """Photos the public may see: published, in a published gallery of a published edition."""
        return self.filter(
            status=PhotoStatus.PUBLISHED,
            gallery__is_published=True,
            gallery__edition__is_published=True,
        )


class Gallery(Timestamped):
    """A set of photos from one edition, optionally of one talk."""

    edition = models.ForeignKey(
        "conference.Edition",
        verbose_name=_("edition"),
        related_name="galleries",
        on_delete=models.PROTECT,
    )
    talk = models.ForeignKey(
        "talks.Talk",
        verbose_name=_("talk"),
        related_name="galleries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # title_en and title_ru (conference.bilingual): one of them at least.
    title = bilingual(models.CharField(_("title"), max_length=200, blank=True))
    slug = models.SlugField(_("slug"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cover = models.ForeignKey(
        "Photo",
        verbose_name=_("cover photo"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    # Where and when its photos were taken, when the gallery keeps to one room or one day:
    # photos.placement proposes only that room's talks, of that day.
    room = models.ForeignKey(
        "talks.Room",
        verbose_name=_("room"),
        related_name="galleries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The room all its photos were taken in, if one."),
    )
    day = models.DateField(
        _("day"), null=True, blank=True, help_text=_("The day all its photos were taken, if one.")
    )

    objects = GalleryQuerySet.as_manager()

    class Meta:
        ordering = ("position", "title_en", "title_ru")
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")
        constraints = [
            models.UniqueConstraint(fields=("edition", "slug"), name="gallery_slug_per_edition"),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_ru=""), name="gallery_has_title"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not (self.title_en or self.title_ru):
            raise ValidationError(
                {"title_en": _("Give the gallery a title in English, in Russian or in both.")}
            )
        if self.room_id and self.edition_id and self.room.edition_id != self.edition_id:
            raise ValidationError({"room": _("Choose a room of the gallery’s edition.")})

    def get_absolute_url(self):
        return page_url("photos:gallery-detail", edition_slug=self.edition.slug, slug=self.slug)


class Photo(models.Model):
    """One uploaded photo. The original stays private; the public sees renditions only."""

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("gallery"), related_name="photos", on_delete=models.CASCADE
    )
    original = models.ImageField(
        _("original"),
        storage=get_private_storage,
        upload_to=original_upload_to,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    caption = bilingual(models.CharField(_("caption"), max_length=500, blank=True))
    alt_text = bilingual(
        models.CharField(
            _("alt text"),
            max_length=300,
            blank=True,
            help_text=_("What the photo shows, for people who cannot see it."),
        )
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    placeholder_color = models.CharField(
        _("placeholder colour"),
        max_length=7,
        blank=True,
        help_text=_("#rrggbb shown while loading."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PhotoStatus.choices, default=PhotoStatus.PENDING
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="uploaded_photos",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    talk = models.ForeignKey(
        "talks.Talk",
        verbose_name=_("talk shown"),
        related_name="photos",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    speakers = models.ManyToManyField(
        "talks.Speaker", verbose_name=_("speakers shown"), related_name="photos", blank=True
    )
    # The talk photos.placement found on stage when the photo was taken, until an organiser
    # confirms it (it becomes `talk`) or dismisses it; a photo with a talk has no proposal.
    proposed_talk = models.ForeignKey(
        "talks.Talk",
        verbose_name=_("proposed talk"),
        related_name="proposed_photos",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    # The proposal an organiser dismissed ("not of this talk"): never proposed again for
    # this photo, whatever the clock offset; another talk found later still is.
    dismissed_talk = models.ForeignKey(
        "talks.Talk",
        verbose_name=_("dismissed talk"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    batch = models.ForeignKey(
        "PhotoBatch",
        verbose_name=_("upload batch"),
        related_name="photos",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by photos.tasks: whether the public renditions exist, and why the last build failed.
    renditions_status = models.CharField(
        _("renditions"),
        max_length=16,
        choices=RenditionsStatus.choices,
        default=RenditionsStatus.PENDING,
        editable=False,
    )
    renditions_error = models.TextField(_("renditions error"), blank=True, editable=False)
    # Set by photos.tasks.check_photo: whether the original decodes, and if not, why.
    # Photos from before the check moved out of the upload request were decoded in it.
    check_status = models.CharField(
        _("file check"),
        max_length=16,
        choices=CheckStatus.choices,
        default=CheckStatus.PASSED,
        editable=False,
    )
    check_error = models.TextField(_("file check error"), blank=True, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ("position", "taken_at", "pk")
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PhotoStatus.values), name="photo_status_known"
            ),
            models.CheckConstraint(
                condition=Q(placeholder_color="") | Q(placeholder_color__regex=r"^#[0-9a-f]{6}$"),
                name="photo_placeholder_is_hex_colour",
            ),
            models.CheckConstraint(
                condition=Q(renditions_status__in=RenditionsStatus.values),
                name="photo_renditions_status_known",
            ),
            # A confirmed talk is never overwritten by a proposal (photos.placement).
            models.CheckConstraint(
                condition=Q(talk__isnull=True) | Q(proposed_talk__isnull=True),
                name="photo_proposal_only_without_talk",
            ),
            models.CheckConstraint(
                condition=Q(check_status__in=CheckStatus.values), name="photo_check_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=("gallery", "status", "position"), name="photo_gallery_order")
        ]

    def __str__(self):
        return self.caption or _("Photo %(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return page_url(
            "photos:photo-detail",
            edition_slug=self.gallery.edition.slug,
            gallery_slug=self.gallery.slug,
            pk=self.pk,
        )


class PhotoBatch(models.Model):
    """One upload session: the photos a person uploaded from one page of the upload form.

    A batch is what one camera's card usually is, so it carries that camera's clock
    offset, set once by matching one of its photos to a known moment (photos.placement).
    Not "a photographer's photos of a gallery": one person may shoot with two cameras
    (or a camera and a phone) whose clocks differ, and an organiser may upload for
    several photographers; and not tied to a gallery, since photos move between galleries
    while their camera stays the same.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="photo_batches",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    clock_offset = models.DurationField(
        _("camera clock offset"),
        null=True,
        blank=True,
        help_text=_("Added to the camera’s clock to give the time at the venue."),
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("upload batch")
        verbose_name_plural = _("upload batches")

    def __str__(self):
        return _("Upload batch %(id)s") % {"id": self.pk}


class Rendition(models.Model):
    """A public, metadata-free resized copy of a photo in one width and format."""

    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), related_name="renditions", on_delete=models.CASCADE
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=8, choices=RenditionFormat.choices)
    file = models.ImageField(_("file"), upload_to=rendition_upload_to)
    size_bytes = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("photo", "format", "width")
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=("photo", "width", "format"), name="rendition_once_per_size_and_format"
            ),
            models.CheckConstraint(
                condition=Q(format__in=RenditionFormat.values), name="rendition_format_known"
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0) & Q(height__gt=0), name="rendition_has_size"
            ),
        ]

    def __str__(self):
        return f"{self.photo} {self.width}px {self.format}"
