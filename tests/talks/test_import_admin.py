"""The admin's "Import schedule" page: who may use it, upload, dry run, the report, bad files."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conference.groups import ORGANISERS, PHOTOGRAPHERS
from conference.models import Edition
from talks.importers.schedule import MAX_SCHEDULE_BYTES
from talks.models import Talk
from tests.factories import StaffFactory, TalkFactory
from tests.talks.import_helpers import FIXTURES, row_counts, updated_ats

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:talks_talk_import")
TALKS = reverse("admin:talks_talk_changelist")


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        content = (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, content)


def test_import_page_shows_the_form_to_an_organiser(organiser_client):
    response = organiser_client.get(IMPORT)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content
    assert '<label for="id_file"' in content
    assert response.context["form"]["dry_run"].value() is True


def test_talk_changelist_links_to_the_import_page_for_organisers(organiser_client):
    response = organiser_client.get(TALKS)

    assert f'href="{IMPORT}"' in response.content.decode()


def test_talk_changelist_hides_the_import_link_without_add_permission(client):
    client.force_login(StaffFactory(permissions=["talks.view_talk"]))

    response = client.get(TALKS)

    assert response.status_code == 200
    assert f'href="{IMPORT}"' not in response.content.decode()


@pytest.mark.parametrize(
    "user",
    [
        pytest.param(lambda: StaffFactory(), id="plain staff"),
        pytest.param(lambda: StaffFactory(groups=[PHOTOGRAPHERS]), id="photographer"),
        pytest.param(lambda: StaffFactory(permissions=["talks.view_talk"]), id="viewer"),
    ],
)
def test_import_page_forbidden_without_add_talk(client, user):
    client.force_login(user())

    assert client.get(IMPORT).status_code == 403
    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})
    assert response.status_code == 403
    assert Talk.objects.count() == 0


def test_import_page_sends_anonymous_visitors_to_the_login(client):
    response = client.get(IMPORT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_organiser_imports_a_frab_file(organiser_client):
    response = organiser_client.post(IMPORT, {"file": upload("frab.xml"), "format": ""})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Talks: 4 created, 0 updated, 0 unchanged." in content
    assert "Skipped event 104: it has no title." in content
    assert Talk.objects.count() == 4
    assert not Edition.objects.get().is_published


def test_organiser_dry_run_shows_the_report_and_saves_nothing(organiser_client):
    TalkFactory()
    before = row_counts(), updated_ats()

    response = organiser_client.post(IMPORT, {"file": upload("pretalx.json"), "dry_run": "on"})

    assert (row_counts(), updated_ats()) == before
    content = response.content.decode()
    assert "What the import would do" in content
    assert "Talks: 2 created, 0 updated, 0 unchanged." in content
    assert "Марат Фаттахов" in content  # among the new speakers


def test_organiser_publishes_with_the_import(organiser_client):
    organiser_client.post(
        IMPORT, {"file": upload("pentabarf.xml"), "format": "frab", "publish": "on"}
    )

    assert Edition.objects.get().is_published
    assert Talk.objects.filter(is_published=True).count() == 2


def test_import_page_shows_imported_text_escaped(organiser_client):
    hostile = (
        (FIXTURES / "frab.xml")
        .read_text(encoding="utf-8")
        .replace(
            "<title>Closing, time to be announced</title>",
            "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>",
        )
        .replace("<language>tlh</language>", "<language>&lt;b&gt;bold&lt;/b&gt;</language>")
    )

    response = organiser_client.post(
        IMPORT, {"file": upload("frab.xml", hostile.encode()), "dry_run": "on"}
    )

    content = response.content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in content  # in the unknown-language warning
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;” (105) has no usable start" in content
    assert "<b>bold</b>" not in content
    assert "<script>alert" not in content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xml", b"<schedule>\n<conference>\n</schedul>", "line 3, column 3"),
        (
            "laughs.xml",
            b'<!DOCTYPE s [<!ENTITY a "aaaa">]><schedule>&a;</schedule>',
            "declares entities or external references",
        ),
        ("shape.json", b'{"schedule": []}', "“schedule” in the file should be an object"),
        ("notes.txt", b"just some notes", "neither an XML nor a JSON file"),
    ],
)
def test_bad_upload_is_refused_with_a_clear_message(organiser_client, name, content, message):
    TalkFactory()
    before = row_counts(), updated_ats()

    response = organiser_client.post(IMPORT, {"file": upload(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (row_counts(), updated_ats()) == before


def test_upload_without_a_file_asks_for_one(organiser_client):
    response = organiser_client.post(IMPORT, {"dry_run": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_upload_over_50_mb_is_refused(organiser_client):
    response = organiser_client.post(
        IMPORT, {"file": upload("huge.xml", b" " * (MAX_SCHEDULE_BYTES + 1))}
    )

    assert response.status_code == 200
    assert "the most we import is 50 MB" in response.content.decode()
    assert Talk.objects.count() == 0


def test_import_page_requires_csrf():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(StaffFactory(groups=[ORGANISERS]))

    response = csrf_client.post(IMPORT, {"file": upload("frab.xml")})

    assert response.status_code == 403
    assert Talk.objects.count() == 0


# --- what the import's effects need (issue 17, finding 5) -------------------------------------

# What an import of frab.xml into an empty archive does: an edition, talks, speakers, projects.
EVERYTHING_BUT_PUBLISHING = [
    "talks.add_talk",
    "talks.change_talk",
    "conference.add_edition",
    "talks.add_speaker",
    "talks.add_project",
]


def member_of_group_with(*permissions: str):
    """A staff user whose permissions come from a group of theirs, as on a real site."""
    group = Group.objects.create(name="Schedule editors")
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return StaffFactory(groups=[group.name])


def test_import_page_forbidden_with_only_add_talk(client):
    client.force_login(member_of_group_with("talks.add_talk", "talks.view_talk"))

    assert client.get(IMPORT).status_code == 403
    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})
    assert response.status_code == 403
    assert f'href="{IMPORT}"' not in client.get(TALKS).content.decode()
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_import_with_the_permissions_its_effects_need(client):
    client.force_login(member_of_group_with(*EVERYTHING_BUT_PUBLISHING))

    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})

    assert "Talks: 4 created, 0 updated, 0 unchanged." in response.content.decode()
    assert Talk.objects.count() == 4
    assert not Edition.objects.get().is_published


def test_import_publish_refused_without_the_permission_to_publish(client):
    client.force_login(member_of_group_with(*EVERYTHING_BUT_PUBLISHING))

    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": "", "publish": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "publish": [
            "You may not publish editions, talks and galleries. Untick “Publish” to import "
            "drafts for an organiser to publish."
        ]
    }
    assert response.context["report"] is None
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_import_publish_needs_the_right_to_publish_galleries_too(client):
    """Publishing an import publishes the edition's galleries (publish_editions)."""
    client.force_login(
        member_of_group_with(*EVERYTHING_BUT_PUBLISHING, "conference.change_edition")
    )

    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": "", "publish": "on"})

    assert list(response.context["form"].errors) == ["publish"]
    assert row_counts() == dict.fromkeys(row_counts(), 0)


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        (
            "conference.add_edition",
            "It would create the edition “PG Archive Conference 2024”; you may not add editions.",
        ),
        ("talks.add_speaker", "It would add new speakers; you may not add speakers."),
        ("talks.add_project", "It would add new projects; you may not add projects."),
    ],
)
def test_import_refused_when_an_effect_needs_a_missing_permission(client, missing, reason):
    granted = [permission for permission in EVERYTHING_BUT_PUBLISHING if permission != missing]
    client.force_login(member_of_group_with(*granted))

    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})

    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("You may not run this import. ")
    assert reason in errors[0]
    assert errors[0].endswith("Nothing was imported.")
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_import_changing_an_edition_needs_change_edition(client):
    client.force_login(member_of_group_with(*EVERYTHING_BUT_PUBLISHING))
    client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})
    edition = Edition.objects.get()
    Edition.objects.filter(pk=edition.pk).update(name_en="Renamed by an organiser")
    before = row_counts(), updated_ats()

    response = client.post(IMPORT, {"file": upload("frab.xml"), "dry_run": ""})

    [error] = response.context["form"].non_field_errors()
    assert "you may not change editions." in error
    assert (row_counts(), updated_ats()) == before
    assert Edition.objects.get().name == "Renamed by an organiser"
