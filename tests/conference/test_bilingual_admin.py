"""Organisers enter bilingual content in the admin with the English and Russian values side
by side (one form row per field), and both are saved; a name or title is required in one
language at least, by the form and by the database."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conference.models import Edition
from photos.models import Gallery
from talks.models import Project, Talk
from tests.conference.edition_form import EDITION_INLINES
from tests.factories import EditionFactory, ProjectFactory, TalkFactory

pytestmark = pytest.mark.django_db


def form_rows(html: str) -> list[list[str]]:
    """The field names of each row of an admin form, in order: fields on one row are side
    by side (Django renders a fieldset's tuple of fields as one "form-row")."""
    return [
        re.findall(r'<(?:input|textarea|select)[^>]* name="([a-z][a-z_]*)"', row)
        for row in re.split(r'<div class="form-row', html)[1:]
    ]


EDITION_DATA = {
    "name_en": "PGConf.Russia 2016",
    "name_ru": "PGConf.Россия 2016",
    "slug": "pgconf-russia-2016",
    "acronym": "",
    "start_date": "2016-02-03",
    "end_date": "2016-02-05",
    "time_zone": "Europe/Moscow",
    "city_en": "Moscow",
    "city_ru": "Москва",
    "venue_en": "Radisson Slavyanskaya",
    "venue_ru": "Рэдиссон Славянская",
    "website": "",
    "summary_en": "Three days of talks.",
    "summary_ru": "Три дня докладов.",
    **EDITION_INLINES,
}


def test_edition_form_has_each_field_in_both_languages_side_by_side(organiser_client):
    page = organiser_client.get(reverse("admin:conference_edition_add")).content.decode()

    rows = form_rows(page)
    for field in ("name", "city", "venue", "summary"):
        assert [f"{field}_en", f"{field}_ru"] in rows
    assert "Name [en]" in page
    assert "Name [ru]" in page


def test_edition_form_saves_both_languages(organiser_client):
    response = organiser_client.post(reverse("admin:conference_edition_add"), EDITION_DATA)

    assert response.status_code == 302
    edition = Edition.objects.get(slug="pgconf-russia-2016")
    fields = {name: value for name, value in EDITION_DATA.items() if name not in EDITION_INLINES}
    assert {name: str(getattr(edition, name)) for name in fields} == fields


def test_edition_needs_a_name_in_one_language_at_least(organiser_client):
    only_russian = {**EDITION_DATA, "name_en": ""}
    neither = {**EDITION_DATA, "name_en": "", "name_ru": "", "slug": "nameless"}

    saved = organiser_client.post(reverse("admin:conference_edition_add"), only_russian)
    refused = organiser_client.post(reverse("admin:conference_edition_add"), neither)

    assert saved.status_code == 302
    assert str(Edition.objects.get(slug="pgconf-russia-2016")) == "PGConf.Россия 2016"
    assert refused.status_code == 200
    assert "Give the edition a name in English, in Russian or in both." in refused.text
    assert not Edition.objects.filter(slug="nameless").exists()


def test_the_database_refuses_an_edition_or_gallery_without_any_name(organiser_client):
    edition = EditionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(name_en="", name_ru="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Gallery.objects.create(edition=edition, slug="untitled")


def test_project_and_gallery_forms_save_both_languages(organiser_client):
    project = ProjectFactory(name="Multicorn", slug="multicorn")
    edition = EditionFactory()

    project_response = organiser_client.post(
        reverse("admin:talks_project_change", args=[project.pk]),
        {
            "name": "Multicorn",
            "slug": "multicorn",
            "repository_url": "",
            "homepage_url": "",
            "description_en": "Foreign data wrappers in Python.",
            "description_ru": "Обёртки сторонних данных на Python.",
        },
    )
    gallery_response = organiser_client.post(
        reverse("admin:photos_gallery_add"),
        {
            "edition": edition.pk,
            "title_en": "",
            "title_ru": "День первый",
            "slug": "day-one",
            "description": "",
            "position": 0,
        },
    )

    assert (project_response.status_code, gallery_response.status_code) == (302, 302)
    project.refresh_from_db()
    assert (project.description_en, project.description_ru) == (
        "Foreign data wrappers in Python.",
        "Обёртки сторонних данных на Python.",
    )
    gallery = Gallery.objects.get(slug="day-one")
    assert (gallery.title_en, gallery.title_ru, gallery.title) == ("", "День первый", "День первый")


def test_talk_form_takes_the_title_in_the_other_language(organiser_client):
    talk = TalkFactory(title="Multicorn", slug="multicorn")

    page = organiser_client.get(reverse("admin:talks_talk_change", args=[talk.pk])).text

    assert 'name="other_title"' in page
    assert "Title in the other language" in page
    found = organiser_client.get(reverse("admin:talks_talk_changelist"), {"q": "Мультикорн"})
    assert found.context["cl"].result_count == 0
    Talk.objects.filter(pk=talk.pk).update(other_title="Мультикорн")
    found = organiser_client.get(reverse("admin:talks_talk_changelist"), {"q": "Мультикорн"})
    assert found.context["cl"].result_count == 1


def test_admin_search_finds_russian_values(organiser_client):
    EditionFactory(name="PGConf 2016", name_ru="ПГКонф 2016", slug="pgconf-2016", city_ru="Москва")
    Project.objects.create(name="Odyssey", slug="odyssey", description_ru="Пулер соединений")

    editions = organiser_client.get(reverse("admin:conference_edition_changelist"), {"q": "Москва"})
    projects = organiser_client.get(reverse("admin:talks_project_changelist"), {"q": "пулер"})

    assert [str(edition) for edition in editions.context["cl"].result_list] == ["PGConf 2016"]
    assert [str(project) for project in projects.context["cl"].result_list] == ["Odyssey"]
