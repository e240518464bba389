import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from conference.groups import PHOTOGRAPHERS
from talks.models import Company, Speaker, Talk, TalkSpeaker
from tests.admin_checks import assert_changelist_queries, messages_of
from tests.factories import (
    CompanyFactory,
    PhotoFactory,
    ProjectFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db

SPEAKERS = reverse("admin:talks_speaker_changelist")
COMPANIES = reverse("admin:talks_company_changelist")
TALKS = reverse("admin:talks_talk_changelist")


def permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="talks", codename__in=codenames)


# Rows with everything a list shows, so that a per-row query would change the count.
def make_talks(count):
    for _ in range(count):
        speakers = [SpeakerFactory(company=CompanyFactory()), SpeakerFactory()]
        TalkFactory(speakers=speakers, projects=[ProjectFactory()])


def make_speakers(count):
    for _ in range(count):
        TalkSpeakerFactory(speaker=SpeakerFactory(company=CompanyFactory()))


def make_companies(count):
    for company in CompanyFactory.create_batch(count):
        TalkSpeakerFactory(company=company, speaker=SpeakerFactory(company=company))


def make_projects(count):
    for project in ProjectFactory.create_batch(count):
        TalkFactory(projects=[project])


CHANGELISTS = [
    # (changelist, rows, queries as a superuser, as an organiser)
    pytest.param(TALKS, make_talks, 8, 10, id="talk"),
    pytest.param(SPEAKERS, make_speakers, 5, 7, id="speaker"),
    pytest.param(COMPANIES, make_companies, 5, 7, id="company"),
    pytest.param(reverse("admin:talks_project_changelist"), make_projects, 5, 7, id="project"),
]


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("url", "make_rows", "queries", "_"), CHANGELISTS)
def test_changelist_query_count_fixed_as_superuser(
    admin_client, django_assert_num_queries, url, make_rows, queries, _, rows
):
    assert_changelist_queries(
        admin_client, django_assert_num_queries, url, make_rows, queries, rows
    )


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("url", "make_rows", "_", "queries"), CHANGELISTS)
def test_changelist_query_count_fixed_as_organiser(
    organiser_client, django_assert_num_queries, url, make_rows, _, queries, rows
):
    # two more than a superuser: the user's own and their groups' permissions
    assert_changelist_queries(
        organiser_client, django_assert_num_queries, url, make_rows, queries, rows
    )


# --- lists and search -------------------------------------------------------


def test_speaker_changelist_talk_count_shown(admin_client):
    speaker = SpeakerFactory()
    TalkSpeakerFactory.create_batch(2, speaker=speaker)

    response = admin_client.get(SPEAKERS)

    assert [(row, row.talk_count) for row in response.context["cl"].result_list] == [(speaker, 2)]


def test_speaker_search_finds_alias(admin_client):
    speaker = SpeakerFactory(name="Oleg Bartunov", aliases=["Олег Бартунов"])
    SpeakerFactory(name="Teodor Sigaev")

    response = admin_client.get(SPEAKERS, {"q": "бартун"})

    assert list(response.context["cl"].result_list) == [speaker]


def test_company_search_finds_alias(admin_client):
    company = CompanyFactory(name="Postgres Professional", aliases=["Postgres Pro"])
    CompanyFactory(name="Dalibo")

    response = admin_client.get(COMPANIES, {"q": "pro"})

    assert list(response.context["cl"].result_list) == [company]


def test_speaker_autocomplete_finds_alias(admin_client):
    speaker = SpeakerFactory(name="Oleg Bartunov", aliases=["Олег Бартунов"])

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Олег",
            "app_label": "talks",
            "model_name": "talkspeaker",
            "field_name": "speaker",
        },
    )

    assert [result["id"] for result in response.json()["results"]] == [str(speaker.pk)]


def test_talk_search_finds_speaker_name(admin_client):
    talk = TalkFactory(speakers=[SpeakerFactory(name="Alexander Korotkov")])
    TalkFactory(speakers=[SpeakerFactory(name="Oleg Bartunov")])

    response = admin_client.get(TALKS, {"q": "korotkov"})

    assert list(response.context["cl"].result_list) == [talk]


# --- publish actions ----------------------------------------------------------


def test_talk_publish_action_publishes_selected(organiser_client):
    drafts = TalkFactory.create_batch(2, is_published=False)
    TalkFactory(is_published=False)

    response = organiser_client.post(
        TALKS, {"action": "publish_selected", "_selected_action": [talk.pk for talk in drafts]}
    )

    assert list(Talk.objects.filter(is_published=True).order_by("pk")) == drafts
    assert messages_of(response) == ["2 talks were published."]


def test_talk_unpublish_action_unpublishes_selected(organiser_client):
    talk = TalkFactory(is_published=True)

    response = organiser_client.post(
        TALKS, {"action": "unpublish_selected", "_selected_action": [talk.pk]}
    )

    talk.refresh_from_db()
    assert not talk.is_published
    assert messages_of(response) == ["1 talk was unpublished."]


# --- editing talks ----------------------------------------------------------


def talk_form_data(talk, links):
    """The change form of `talk` as a browser posts it, with `links` as inline rows."""
    data = {
        "edition": talk.edition.pk,
        "title": "Multicorn: foreign data wrappers in Python",
        "subtitle": "",
        "slug": talk.slug,
        "abstract": talk.abstract,
        "language": "ru",
        "kind": "talk",
        "track": "",
        "room": "",
        "start_0": "",
        "start_1": "",
        "duration": "",
        "slides_url": "",
        "video_url": "",
        "is_published": "on",
        "talk_speakers-TOTAL_FORMS": len(links),
        "talk_speakers-INITIAL_FORMS": sum(1 for link in links if link.get("id")),
        "talk_speakers-MIN_NUM_FORMS": 0,
        "talk_speakers-MAX_NUM_FORMS": 1000,
        # The topics inline (talks/topic_admin.py), left as it is.
        "talk_topics-TOTAL_FORMS": 0,
        "talk_topics-INITIAL_FORMS": 0,
        "talk_topics-MIN_NUM_FORMS": 0,
        "talk_topics-MAX_NUM_FORMS": 1000,
    }
    for index, link in enumerate(links):
        for key, value in link.items():
            data[f"talk_speakers-{index}-{key}"] = value
        data[f"talk_speakers-{index}-talk"] = talk.pk
    return data


def test_talk_change_by_organiser_saves_speakers_in_clean_order(organiser_client):
    first, second, added = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(speakers=[first, second])
    first_link, second_link = talk.talk_speakers.all()
    company = CompanyFactory()
    links = [
        {"id": first_link.pk, "speaker": first.pk, "position": 5, "company": ""},
        {"id": second_link.pk, "speaker": second.pk, "position": 2, "company": ""},
        {"speaker": added.pk, "position": 9, "company": company.pk},
    ]

    response = organiser_client.post(
        reverse("admin:talks_talk_change", args=[talk.pk]), talk_form_data(talk, links)
    )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.title, talk.language) == ("Multicorn: foreign data wrappers in Python", "ru")
    assert list(talk.talk_speakers.values_list("speaker", "position", "company")) == [
        (second.pk, 0, None),
        (first.pk, 1, None),
        (added.pk, 2, company.pk),
    ]


def test_talk_change_page_shows_guid_read_only(admin_client):
    talk = TalkFactory(guid="5f1a0b9e-8a40-4f0c-9d57-6a3b0e0c1c11")

    response = admin_client.get(reverse("admin:talks_talk_change", args=[talk.pk]))

    assert response.status_code == 200
    assert "guid" not in response.context["adminform"].form.fields
    assert "5f1a0b9e-8a40-4f0c-9d57-6a3b0e0c1c11" in response.text


def test_talk_changelist_forbidden_to_photographer(client):
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))

    response = client.get(TALKS)

    assert response.status_code == 403


# --- merging duplicates -------------------------------------------------------


def test_speaker_merge_action_shows_candidates_then_merges_into_chosen(organiser_client):
    keep = SpeakerFactory(name="Alexander Korotkov")
    spelled = SpeakerFactory(name="Alexandr Korotkov")
    cyrillic = SpeakerFactory(name="Александр Коротков")
    talks = [TalkFactory(speakers=[speaker]) for speaker in (keep, spelled, spelled, cyrillic)]
    selected = [keep.pk, spelled.pk, cyrillic.pk]

    confirmation = organiser_client.post(
        SPEAKERS, {"action": "merge_selected", "_selected_action": selected}
    )

    assert confirmation.status_code == 200
    assert "admin/talks/merge.html" in [template.name for template in confirmation.templates]
    shown = [(str(c), c.talk_count) for c in confirmation.context["selected"]]
    assert shown == [("Alexandr Korotkov", 2), ("Alexander Korotkov", 1), ("Александр Коротков", 1)]
    assert Speaker.objects.count() == 3

    response = organiser_client.post(
        SPEAKERS,
        {
            "action": "merge_selected",
            "_selected_action": selected,
            "post": "yes",
            "keep": keep.pk,
        },
    )

    assert response.status_code == 302
    assert list(Speaker.objects.all()) == [keep]
    assert list(Talk.objects.filter(speakers=keep).order_by("pk")) == talks
    keep.refresh_from_db()
    # The Cyrillic spelling keep lacked is its name_ru now, the other Latin one an alias.
    assert (keep.name_en, keep.name_ru) == ("Alexander Korotkov", "Александр Коротков")
    assert keep.aliases == ["Alexandr Korotkov"]
    assert messages_of(response) == ["Merged 2 speakers into “Alexander Korotkov”."]


def test_speaker_merge_page_has_no_inline_script_or_style(admin_client):
    selected = [speaker.pk for speaker in SpeakerFactory.create_batch(2)]

    response = admin_client.post(
        SPEAKERS, {"action": "merge_selected", "_selected_action": selected}
    )

    page = response.text
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count('type="radio" name="keep"') == 2
    assert "style=" not in page
    assert "<script>" not in page


def test_speaker_merge_action_with_one_selected_explains(organiser_client):
    speaker = SpeakerFactory()

    response = organiser_client.post(
        SPEAKERS, {"action": "merge_selected", "_selected_action": [speaker.pk]}
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Select at least two speakers to merge them."]
    assert Speaker.objects.count() == 1


def test_speaker_merge_action_keep_outside_selection_refused(organiser_client):
    selected = SpeakerFactory.create_batch(2)
    outsider = SpeakerFactory()

    response = organiser_client.post(
        SPEAKERS,
        {
            "action": "merge_selected",
            "_selected_action": [speaker.pk for speaker in selected],
            "post": "yes",
            "keep": outsider.pk,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["keep"]
    assert Speaker.objects.count() == 3


def test_speaker_merge_action_needs_delete_permission(client):
    editor = StaffFactory()
    editor.user_permissions.add(*permissions("view_speaker", "change_speaker"))
    client.force_login(editor)
    selected = [speaker.pk for speaker in SpeakerFactory.create_batch(2)]

    client.post(
        SPEAKERS,
        {
            "action": "merge_selected",
            "_selected_action": selected,
            "post": "yes",
            "keep": selected[0],
        },
    )

    assert Speaker.objects.count() == 2


def test_speaker_merge_action_moves_photos_and_companies_at_talks(organiser_client):
    keep, duplicate = SpeakerFactory(), SpeakerFactory()
    link = TalkSpeakerFactory(speaker=duplicate)
    photo = PhotoFactory(speakers=[duplicate])

    organiser_client.post(
        SPEAKERS,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "post": "yes",
            "keep": keep.pk,
        },
    )

    assert list(TalkSpeaker.objects.values_list("speaker", "company")) == [
        (keep.pk, link.company_id)
    ]
    assert list(photo.speakers.all()) == [keep]


def test_company_merge_action_merges_into_chosen(organiser_client):
    keep, duplicate = CompanyFactory(name="Postgres Pro"), CompanyFactory(name="PostgresPro")
    link = TalkSpeakerFactory(company=duplicate)

    response = organiser_client.post(
        COMPANIES,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "post": "yes",
            "keep": keep.pk,
        },
    )

    assert list(Company.objects.all()) == [keep]
    link.refresh_from_db()
    assert link.company == keep
    assert messages_of(response) == ["Merged 1 company into “Postgres Pro”."]


@pytest.mark.parametrize(
    ("model_name", "factory"),
    [
        ("talk", TalkFactory),
        ("speaker", SpeakerFactory),
        ("company", CompanyFactory),
        ("project", ProjectFactory),
    ],
)
def test_add_and_change_pages_load_as_organiser(organiser_client, model_name, factory):
    obj = factory()

    add = organiser_client.get(reverse(f"admin:talks_{model_name}_add"))
    change = organiser_client.get(reverse(f"admin:talks_{model_name}_change", args=[obj.pk]))

    assert (add.status_code, change.status_code) == (200, 200)
