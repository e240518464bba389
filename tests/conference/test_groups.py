import pytest
from django.contrib.auth.models import Group, Permission

from conference.groups import ORGANISERS, PHOTOGRAPHERS

pytestmark = pytest.mark.django_db


def codenames(permissions):
    return sorted(
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list("content_type__app_label", "codename")
    )


def test_organisers_hold_every_permission_of_the_archive_apps():
    archive = Permission.objects.filter(
        content_type__app_label__in=("conference", "talks", "photos")
    )

    organisers = Group.objects.get(name=ORGANISERS)

    assert codenames(organisers.permissions.all()) == codenames(archive)
    assert "talks.change_talk" in codenames(organisers.permissions.all())


def test_photographers_may_only_add_and_view_photos():
    photographers = Group.objects.get(name=PHOTOGRAPHERS)

    assert codenames(photographers.permissions.all()) == ["photos.add_photo", "photos.view_photo"]
