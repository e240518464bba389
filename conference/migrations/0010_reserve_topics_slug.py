"""An edition may not take the slug "topics": /topics/ is the topic index (talks/urls.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0009_dump_state"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="edition",
            name="edition_slug_usable_in_urls",
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        (
                            "slug__in",
                            (
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
                                "topics",
                                "upload",
                            ),
                        ),
                        _negated=True,
                    ),
                    ("slug__regex", "^[a-z0-9][a-z0-9-]*$"),
                ),
                name="edition_slug_usable_in_urls",
            ),
        ),
    ]
