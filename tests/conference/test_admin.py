import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import Edition
from tests.admin_checks import assert_changelist_queries
from tests.factories import EditionFactory, StaffFactory, TalkFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:conference_edition_changelist")


def make_editions(count):
    """Editions with talks, so that a per-row talk count would show as extra queries."""
    for edition in EditionFactory.create_batch(count):
        TalkFactory.create_batch(2, edition=edition)


def updates_of(table, queries):
    return [query["sql"] for query in queries if query["sql"].startswith(f'UPDATE "{table}"')]


@pytest.mark.parametrize("rows", [1, 5])
def test_edition_changelist_query_count_fixed_as_superuser(
    admin_client, django_assert_num_queries, rows
):
    # session, user, filtered and full counts, rows with talk counts, 2 for the date hierarchy
    assert_changelist_queries(
        admin_client, django_assert_num_queries, CHANGELIST, make_editions, 7, rows
    )


@pytest.mark.parametrize("rows", [1, 5])
def test_edition_changelist_query_count_fixed_as_organiser(
    organiser_client, django_assert_num_queries, rows
):
    # as a superuser, plus the user's and the groups' permissions
    assert_changelist_queries(
        organiser_client, django_assert_num_queries, CHANGELIST, make_editions, 9, rows
    )


def test_edition_changelist_talk_count_shown(admin_client):
    edition = EditionFactory()
    TalkFactory.create_batch(3, edition=edition)

    response = admin_client.get(CHANGELIST)

    assert [row.talk_count for row in response.context["cl"].result_list] == [3]


def test_edition_add_page_loads_as_organiser(organiser_client):
    response = organiser_client.get(reverse("admin:conference_edition_add"))

    assert response.status_code == 200


def test_edition_publish_action_publishes_selected_in_one_update(admin_client):
    drafts = EditionFactory.create_batch(2, is_published=False)
    other = EditionFactory(is_published=False)
    data = {
        "action": "publish_selected",
        "_selected_action": [edition.pk for edition in drafts],
        "post": "yes",  # confirmed on its page (tests/conference/test_publish_admin.py)
    }

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(CHANGELIST, data)

    assert response.status_code == 302
    assert len(updates_of("conference_edition", queries.captured_queries)) == 1
    assert list(Edition.objects.filter(is_published=True).order_by("pk")) == drafts
    assert not Edition.objects.get(pk=other.pk).is_published
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Published: 2 editions."]


def test_edition_unpublish_action_unpublishes_selected(admin_client):
    published = EditionFactory(is_published=True)
    data = {"action": "unpublish_selected", "_selected_action": [published.pk], "post": "yes"}

    response = admin_client.post(CHANGELIST, data)

    published.refresh_from_db()
    assert not published.is_published
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["1 edition was unpublished."]


def test_edition_publish_action_refused_without_change_permission(client):
    client.force_login(StaffFactory(groups=["Photographers"]))
    draft = EditionFactory(is_published=False)

    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published
