"""The import report: every talk, speaker and project it wrote with its admin page, the
links it did not keep and why, the edition it made and the offer to publish it; the same
on the admin page and from the commands."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conference.models import Edition
from talks.importers.links import (
    NOT_PUBLIC,
    NOT_USED,
    NOT_WEB,
    OTHER_SLIDES,
    OTHER_VIDEO,
    sort_links,
)
from talks.importers.schedule import Link
from talks.models import Project, Speaker, Talk
from tests.factories import EditionFactory, GalleryFactory, StaffFactory, TalkFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:talks_talk_import")
LONG_VIDEO = "https://example.org/" + "v" * 500 + ".mp4"
SCHEDULE = f"""<?xml version='1.0' encoding='utf-8' ?>
<schedule>
<conference><acronym>pgconf2016</acronym><title>PGConf 2016</title>
<start>2016-02-03</start><end>2016-02-04</end></conference>
<day date='2016-02-03' index='1'><room name='Hall 1'>
<event guid='0b4f2f57-5a3c-4a4e-9f57-2b3c4d5e6f70' id='1'>
<date>2016-02-03T10:00:00+03:00</date><duration>00:45</duration><room>Hall 1</room>
<title>Vacuum without tears</title><language>en</language>
<persons><person id='1'>Ada Lovelace</person></persons>
<links>
<link href='https://www.youtube.com/watch?v=dQw4w9WgXcQ'>Recording</link>
<link href='https://media.ccc.de/v/pgconf2016-1'>Video</link>
<link href='ftp://example.org/deck.pdf'>Slides</link>
<link href='http://192.168.1.5/deck.pdf'>Slides</link>
<link href='https://github.com/postgrespro/pg_probackup'>Code</link>
<link href='https://example.org/feedback/1'>Feedback</link>
</links>
</event>
<event guid='0b4f2f57-5a3c-4a4e-9f57-2b3c4d5e6f71' id='2'>
<date>2016-02-03T11:00:00+03:00</date><duration>00:45</duration><room>Hall 1</room>
<title>Indexes</title><language>en</language>
<persons><person id='2'>Grace Hopper</person></persons>
<links><link href='{LONG_VIDEO}'>Recording</link></links>
</event>
</room></day>
</schedule>
"""
DROPPED = [
    ("Vacuum without tears", "ftp://example.org/deck.pdf", str(NOT_WEB)),
    ("Vacuum without tears", "http://192.168.1.5/deck.pdf", str(NOT_PUBLIC)),
    ("Vacuum without tears", "https://example.org/feedback/1", str(NOT_USED)),
    ("Vacuum without tears", "https://media.ccc.de/v/pgconf2016-1", str(OTHER_VIDEO)),
    ("Indexes", LONG_VIDEO, "longer than 500 characters"),
]


def import_file(tmp_path, *args: str) -> str:
    path = tmp_path / "schedule.xml"
    path.write_text(SCHEDULE)
    out = io.StringIO()
    call_command("import_frab", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def admin_change(model, obj) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])


def test_sort_links_says_why_each_link_is_dropped():
    links = [
        Link(url="javascript:alert(1)", title="Slides"),
        Link(url="http://localhost:8000/deck.pdf", title="Slides"),
        Link(url="http://[::1]/video.mp4", title="Video"),
        Link(url="http://10.1.2.3/video.mp4", title="Video"),
        Link(url="http://[bad/", title="Slides"),
        Link(url="https://example.org/a.pdf", title="Slides"),
        Link(url="https://example.org/b.pdf", title="Slides"),
        Link(url="https://example.org/a.pdf", title="Slides (again)"),
    ]

    result = sort_links(links)

    assert result.slides_url == "https://example.org/a.pdf"
    assert [(link.url, why) for link, why in result.dropped] == [
        ("javascript:alert(1)", NOT_WEB),
        ("http://localhost:8000/deck.pdf", NOT_PUBLIC),
        ("http://[::1]/video.mp4", NOT_PUBLIC),
        ("http://10.1.2.3/video.mp4", NOT_PUBLIC),
        ("http://[bad/", NOT_WEB),
        ("https://example.org/b.pdf", OTHER_SLIDES),
    ]


def test_command_prints_rows_with_admin_pages_dropped_links_and_the_edition(tmp_path):
    out = import_file(tmp_path)

    edition = Edition.objects.get()
    project = Project.objects.get()
    talks = {talk.title: talk for talk in Talk.objects.all()}
    speakers = {speaker.name: speaker for speaker in Speaker.objects.all()}
    edition_admin = admin_change(Edition, edition)
    lines = out.splitlines()
    assert "The edition is a draft: the public sees neither it nor its talks." in lines
    assert f"Edition: {edition_admin} (public page: /pgconf2016/)" in lines
    publish = reverse("admin:conference_edition_publish", args=[edition.pk])
    assert f"Publish it with its talks and galleries: {publish}" in lines
    assert "5 links of the file were not kept." in lines
    start = lines.index("New talks (2):")
    assert lines[start:] == [
        "New talks (2):",
        f"  Vacuum without tears {admin_change(Talk, talks['Vacuum without tears'])}",
        f"  Indexes {admin_change(Talk, talks['Indexes'])}",
        "New speakers (2):",
        f"  Ada Lovelace {admin_change(Speaker, speakers['Ada Lovelace'])}",
        f"  Grace Hopper {admin_change(Speaker, speakers['Grace Hopper'])}",
        "New projects (1):",
        f"  pg_probackup {admin_change(Project, project)}",
        "Links not kept (5):",
        *(f"  “{talk}”: {url} ({why})" for talk, url, why in DROPPED),
    ]


def test_command_offers_nothing_to_publish_after_publish(tmp_path):
    out = import_file(tmp_path, "--publish")

    assert "Publish it with" not in out
    assert "draft" not in out


def draft_edition_with_a_gallery_and_a_talk_not_in_the_file():
    """pgconf2016 as an organiser left it: a draft, a draft gallery, a draft talk of its
    own that no schedule file lists."""
    edition = EditionFactory(slug="pgconf2016", acronym="pgconf2016", is_published=False)
    gallery = GalleryFactory(edition=edition, is_published=False)
    own = TalkFactory(edition=edition, title="Closing words", is_published=False)
    return edition, gallery, own


def published_state(edition, gallery, own):
    return [
        type(row).objects.filter(pk=row.pk, is_published=True).exists()
        for row in (edition, gallery, own)
    ]


def test_command_publish_publishes_what_the_edition_publish_page_does(tmp_path):
    """--publish is publish_editions(talks=True, galleries=True), as the admin's page."""
    edition, gallery, own = draft_edition_with_a_gallery_and_a_talk_not_in_the_file()

    out = import_file(tmp_path, "--publish")

    assert published_state(edition, gallery, own) == [True, True, True]
    assert not Talk.objects.filter(edition=edition, is_published=False).exists()
    assert "Published: 1 edition, 3 talks, 1 gallery." in out
    # Run again, nothing is left to publish.
    assert "Nothing was published: all of it was public already." in import_file(
        tmp_path, "--publish"
    )


def test_admin_import_publish_publishes_what_the_edition_publish_page_does(organiser_client):
    edition, gallery, own = draft_edition_with_a_gallery_and_a_talk_not_in_the_file()

    response = organiser_client.post(IMPORT, {"file": upload(), "format": "", "publish": "on"})

    assert response.status_code == 200
    assert published_state(edition, gallery, own) == [True, True, True]
    assert "Published: 1 edition, 3 talks, 1 gallery." in response.content.decode()
    assert not response.context["report"].offers_publishing


def test_command_without_publish_publishes_nothing(tmp_path):
    edition, gallery, own = draft_edition_with_a_gallery_and_a_talk_not_in_the_file()

    import_file(tmp_path)

    assert published_state(edition, gallery, own) == [False, False, False]
    assert not Talk.objects.filter(edition=edition, is_published=True).exists()


def test_command_quiet_prints_the_counts_only(tmp_path):
    out = import_file(tmp_path, "-v", "0")

    assert "Talks: 2 created, 0 updated, 0 unchanged." in out
    assert "New talks" not in out
    assert "Links not kept" not in out


def test_second_import_reports_updated_and_matched_rows(tmp_path):
    import_file(tmp_path)
    Talk.objects.filter(title="Indexes").update(duration=None)

    out = import_file(tmp_path)

    indexes = Talk.objects.get(title="Indexes")
    project = Project.objects.get()
    assert f"Updated talks (1):\n  Indexes {admin_change(Talk, indexes)}\n" in out
    assert (
        f"Matched to existing projects (1):\n  pg_probackup {admin_change(Project, project)}" in out
    )
    assert "New projects" not in out


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("schedule.xml", SCHEDULE.encode())


def test_admin_report_links_rows_edition_and_publishing(organiser_client):
    response = organiser_client.post(IMPORT, {"file": upload(), "format": ""})

    assert response.status_code == 200
    html = response.content.decode()
    edition = Edition.objects.get()
    project = Project.objects.get()
    assert f'<a href="{admin_change(Project, project)}">pg_probackup</a>' in html
    for talk in Talk.objects.all():
        assert f'<a href="{admin_change(Talk, talk)}">{talk.title}</a>' in html
    assert f'<a href="{admin_change(Edition, edition)}">PGConf 2016</a>' in html
    assert '<a href="/pgconf2016/">public page</a>' in html
    publish = reverse("admin:conference_edition_publish", args=[edition.pk])
    assert f'href="{publish}"' in html
    rows = [
        (link.talk, link.url, str(link.reason)) for link in response.context["report"].links_dropped
    ]
    assert rows == DROPPED
    assert "<td>http://192.168.1.5/deck.pdf</td>" in html
    assert f"<td>{NOT_PUBLIC}</td>" in html

    # The offer leads to the confirmation page, with what the import left unpublished.
    page = organiser_client.get(publish)
    assert page.status_code == 200
    [contents] = page.context["contents"]
    assert (contents.talks, contents.talks_published) == (2, 0)


def test_admin_dry_run_report_lists_rows_without_links(organiser_client):
    response = organiser_client.post(IMPORT, {"file": upload(), "format": "", "dry_run": "on"})

    html = response.content.decode()
    report = html[html.index('id="import-report"') : html.index("</section>")]
    sections = {section.title: section.rows for section in response.context["report"].sections()}
    assert sections["New projects"] == [("pg_probackup", None)]
    assert "pg_probackup" in report
    # The rows were rolled back: no links to pages that do not exist.
    assert "href" not in report
    assert [link.url for link in response.context["report"].links_dropped] == [
        url for _, url, _ in DROPPED
    ]


def test_admin_report_offers_no_publishing_without_change_edition(client):
    client.force_login(
        StaffFactory(
            permissions=[
                "talks.add_talk",
                "talks.change_talk",
                "conference.add_edition",
                "talks.add_speaker",
                "talks.add_project",
            ]
        )
    )

    response = client.post(IMPORT, {"file": upload(), "format": ""})

    edition = Edition.objects.get()
    assert response.context["report"].offers_publishing
    publish = reverse("admin:conference_edition_publish", args=[edition.pk])
    assert publish not in response.content.decode()
