"""Photos placed on their talks, and words for them in both languages (issue 21).

An upload batch carries its camera's clock offset; a photo remembers its batch and the
talk proposed for it (photos.placement); a gallery may name its room and day; the alt text
becomes English and Russian (`alt_text` -> `alt_text_en`, values kept).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0005_gallery_and_caption_in_english_and_russian"),
        ("talks", "0022_tracks_and_rooms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PhotoBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="token"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                (
                    "clock_offset",
                    models.DurationField(
                        blank=True,
                        help_text="Added to the camera’s clock to give the time at the venue.",
                        null=True,
                        verbose_name="camera clock offset",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="photo_batches",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "upload batch",
                "verbose_name_plural": "upload batches",
                "ordering": ("-created_at", "-pk"),
            },
        ),
        migrations.AddField(
            model_name="gallery",
            name="room",
            field=models.ForeignKey(
                blank=True,
                help_text="The room all its photos were taken in, if one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="galleries",
                to="talks.room",
                verbose_name="room",
            ),
        ),
        migrations.AddField(
            model_name="gallery",
            name="day",
            field=models.DateField(
                blank=True,
                help_text="The day all its photos were taken, if one.",
                null=True,
                verbose_name="day",
            ),
        ),
        migrations.RenameField(model_name="photo", old_name="alt_text", new_name="alt_text_en"),
        migrations.AddField(
            model_name="photo",
            name="alt_text_ru",
            field=models.CharField(
                blank=True,
                help_text="What the photo shows, for people who cannot see it.",
                max_length=300,
                verbose_name="alt text",
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="photos",
                to="photos.photobatch",
                verbose_name="upload batch",
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="proposed_talk",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="proposed_photos",
                to="talks.talk",
                verbose_name="proposed talk",
            ),
        ),
        migrations.AddConstraint(
            model_name="photo",
            constraint=models.CheckConstraint(
                condition=models.Q(("talk__isnull", True), ("proposed_talk__isnull", True), _connector="OR"),
                name="photo_proposal_only_without_talk",
            ),
        ),
    ]
