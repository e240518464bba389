"""Create the two staff groups: Organisers curate the archive, Photographers upload photos."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_APPS = ("conference", "talks", "photos")
PHOTOGRAPHER_PERMISSIONS = ("add_photo", "view_photo")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them
    # now so that the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    organisers, _ = Group.objects.get_or_create(name="Organisers")
    organisers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ARCHIVE_APPS)
    )
    photographers, _ = Group.objects.get_or_create(name="Photographers")
    photographers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="photos", codename__in=PHOTOGRAPHER_PERMISSIONS
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=("Organisers", "Photographers")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conference", "0001_initial"),
        ("talks", "0001_initial"),
        ("photos", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
