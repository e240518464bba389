"""Reserve the edition slug "ru": /ru/ is now the prefix of the Russian pages (i18n_patterns).

An edition already slugged "ru" could no longer be reached at /ru/ (the Russian home page
answers there), and the tightened constraint would refuse it: it moves to "ru-edition"
(with a digit after it if that is taken too), the only change to existing data.
"""

from django.db import migrations, models

RESERVED = (
    "admin",
    "api",
    "companies",
    "editions",
    "feeds",
    "i18n",
    "media",
    "photos",
    "projects",
    "robots.txt",
    "ru",
    "search",
    "sitemap.xml",
    "speakers",
    "static",
    "upload",
)


def move_ru_edition(apps, schema_editor):
    Edition = apps.get_model("conference", "Edition")
    edition = Edition.objects.filter(slug="ru").first()
    if edition is None:
        return
    taken = set(Edition.objects.filter(slug__startswith="ru-edition").values_list("slug", flat=True))
    slug, number = "ru-edition", 1
    while slug in taken:
        number += 1
        slug = f"ru-edition-{number}"
    edition.slug = slug
    edition.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0006_edition_time_zone"),
    ]

    operations = [
        migrations.RunPython(move_ru_edition, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="edition",
            name="edition_slug_usable_in_urls",
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED)
                & models.Q(slug__regex=r"^[a-z0-9][a-z0-9-]*$"),
                name="edition_slug_usable_in_urls",
            ),
        ),
    ]
