"""Round trip: export an edition as frab XML, import that into an empty database, export
again; the two exports are the same bytes (issue 7, item 5)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from conference.models import Edition
from talks.models import Project, Speaker, Talk
from tests.talks.import_helpers import FIXTURES

pytestmark = pytest.mark.django_db


def export(client, slug: str) -> bytes:
    response = client.get(reverse("talks:schedule-xml", kwargs={"edition_slug": slug}))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def import_frab(path) -> None:
    call_command("import_frab", str(path), "--publish", stdout=io.StringIO(), stderr=io.StringIO())


def empty_the_archive() -> None:
    Talk.objects.all().delete()  # their speaker links go with them
    Speaker.objects.all().delete()
    Project.objects.all().delete()
    Edition.objects.all().delete()


@pytest.mark.parametrize("fixture", ["frab.xml", "pentabarf.xml"])
def test_export_import_export_gives_the_same_file(client, tmp_path, fixture):
    import_frab(FIXTURES / fixture)
    slug = Edition.objects.get().slug
    first = export(client, slug)
    exported = tmp_path / "schedule.xml"
    exported.write_bytes(first)

    empty_the_archive()
    import_frab(exported)
    second = export(client, slug)

    assert second.decode() == first.decode()
    assert Talk.objects.filter(start__isnull=False).count() == first.count(b"<event ")
