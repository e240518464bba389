"""Takedown requests: someone asks for a photo to be taken down (photos/takedown.py).

Registered with the app by photos/models.py, which imports it; beside it to keep each
module to one concern.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TakedownStatus(models.TextChoices):
    """Where a takedown request stands: open until an organiser handles it."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class TakedownRequest(models.Model):
    """Someone asks for a photo (usually of themselves) to be taken down.

    Sent from the public photo page; organisers handle it in the admin, where hiding the
    photo and closing the request happen together.
    """

    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        related_name="takedown_requests",
        on_delete=models.CASCADE,
    )
    reason = models.TextField(_("reason"), max_length=2000)
    contact = models.CharField(
        _("name or e-mail"),
        max_length=200,
        blank=True,
        help_text=_("Optional: how organisers can reach the person who asked."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TakedownStatus.choices, default=TakedownStatus.OPEN
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        related_name="handled_takedown_requests",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TakedownStatus.values), name="takedown_status_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="takedown_has_reason"),
            # An open request has not been handled; a closed one says when it was.
            models.CheckConstraint(
                condition=(Q(status=TakedownStatus.OPEN) & Q(handled_at__isnull=True))
                | (~Q(status=TakedownStatus.OPEN) & Q(handled_at__isnull=False)),
                name="takedown_handled_when_closed",
            ),
        ]
        indexes = [models.Index(fields=("status", "created_at"), name="takedown_by_status")]

    def __str__(self):
        return _("Takedown request %(id)s for %(photo)s") % {"id": self.pk, "photo": self.photo}
