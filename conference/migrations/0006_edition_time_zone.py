"""Editions get a venue time zone. Before it, every time showed in the site's TIME_ZONE,
Europe/Moscow: existing editions get that zone, so their talks read as they always did."""

from django.db import migrations, models

import conference.zones


def existing_editions_in_moscow(apps, schema_editor):
    Edition = apps.get_model("conference", "Edition")
    Edition.objects.update(time_zone=conference.zones.LEGACY_ZONE)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0005_functions_from_one_place"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="time_zone",
            field=models.CharField(
                choices=conference.zones.zone_choices,
                default=conference.zones.default_zone_name,
                help_text="The venue's time zone (IANA name, e.g. Europe/Berlin): talk times are entered and shown in it.",
                max_length=64,
                validators=[conference.zones.validate_zone_name],
                verbose_name="time zone",
            ),
        ),
        # The default above filled the rows with the TIME_ZONE of the moment, which a
        # deployment may set otherwise; the times were shown in Moscow's.
        migrations.RunPython(existing_editions_in_moscow, migrations.RunPython.noop),
    ]
