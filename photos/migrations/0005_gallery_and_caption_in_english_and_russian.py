"""A gallery's title and a photo's caption in English and Russian (conference.bilingual).

The columns become the English ones (`title` -> `title_en`, values kept), empty Russian
ones join them; a gallery needs a title in one language at least (gallery_has_title).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("photos", "0004_renditions_withdrawn")]

    operations = [
        migrations.RemoveConstraint(model_name="gallery", name="gallery_has_title"),
        migrations.RenameField(model_name="gallery", old_name="title", new_name="title_en"),
        migrations.AlterField(
            model_name="gallery",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="gallery",
            name="title_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AlterModelOptions(
            name="gallery",
            options={
                "ordering": ("position", "title_en", "title_ru"),
                "verbose_name": "gallery",
                "verbose_name_plural": "galleries",
            },
        ),
        migrations.AddConstraint(
            model_name="gallery",
            constraint=models.CheckConstraint(
                condition=~models.Q(title_en="") | ~models.Q(title_ru=""),
                name="gallery_has_title",
            ),
        ),
        migrations.RenameField(model_name="photo", old_name="caption", new_name="caption_en"),
        migrations.AddField(
            model_name="photo",
            name="caption_ru",
            field=models.CharField(blank=True, max_length=500, verbose_name="caption"),
        ),
    ]
