"""An edition's name, city, venue and summary in English and Russian (conference.bilingual).

Each field's column becomes its English one (`name` -> `name_en`, the values kept: the
archive's content so far is English), and an empty Russian column joins it. An edition
needs a name in one language at least (edition_has_name, now on both columns).
"""

from django.db import migrations, models

BILINGUAL = ("name", "city", "venue", "summary")


class Migration(migrations.Migration):
    dependencies = [("conference", "0007_reserve_language_prefix_slug")]

    operations = [
        migrations.RemoveConstraint(model_name="edition", name="edition_has_name"),
        *(
            migrations.RenameField(model_name="edition", old_name=name, new_name=f"{name}_en")
            for name in BILINGUAL
        ),
        migrations.AlterField(
            model_name="edition",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="edition",
            name="name_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="edition",
            name="city_ru",
            field=models.CharField(blank=True, max_length=100, verbose_name="city"),
        ),
        migrations.AddField(
            model_name="edition",
            name="venue_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="venue"),
        ),
        migrations.AddField(
            model_name="edition",
            name="summary_ru",
            field=models.TextField(
                blank=True,
                help_text="What happened: numbers, highlights, thanks. Plain text, blank lines"
                " part paragraphs.",
                verbose_name="post-release summary",
            ),
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=~models.Q(name_en="") | ~models.Q(name_ru=""),
                name="edition_has_name",
            ),
        ),
    ]
