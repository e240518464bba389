"""Takedown requests: the form on photo pages and the organisers' admin for them."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conference.groups import PHOTOGRAPHERS
from photos.choices import PhotoStatus
from photos.models import Photo, Rendition, TakedownRequest, TakedownStatus
from photos.services import add_photo
from tests.admin_checks import assert_changelist_queries, messages_of
from tests.factories import (
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    StaffFactory,
    jpeg_bytes,
)
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

REQUESTS = reverse("admin:photos_takedownrequest_changelist")
THANKS = "Thank you. The organisers will look at your request and hide the photo if needed."


def takedown_url(photo: Photo) -> str:
    return reverse(
        "photos:photo-takedown",
        kwargs={
            "edition_slug": photo.gallery.edition.slug,
            "gallery_slug": photo.gallery.slug,
            "pk": photo.pk,
        },
    )


# --- The form on the photo page ------------------------------------------------


def test_photo_page_has_takedown_form_with_csrf(client):
    photo = PhotoFactory()

    response = client.get(photo.get_absolute_url())

    html = response.content.decode()
    assert f'<form method="post" action="{takedown_url(photo)}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<textarea name="reason"' in html
    assert 'name="website"' in html  # the honeypot
    assert '<details class="takedown" id="takedown">' in html  # closed until used
    assert_csp_clean(html)


def test_takedown_valid_creates_open_request_and_thanks(client):
    photo = PhotoFactory()

    response = client.post(
        takedown_url(photo),
        {"reason": "  I am in this photo.  ", "contact": "anna@example.org", "website": ""},
        follow=True,
    )

    assert response.redirect_chain == [(photo.get_absolute_url(), 302)]
    request = TakedownRequest.objects.get()
    assert (request.photo, request.reason, request.contact, request.status) == (
        photo,
        "I am in this photo.",
        "anna@example.org",
        TakedownStatus.OPEN,
    )
    assert (request.handled_by, request.handled_at) == (None, None)
    assert THANKS in response.content.decode()
    # The photo stays public until an organiser acts.
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.PUBLISHED


def test_takedown_contact_is_optional(client):
    photo = PhotoFactory()

    response = client.post(takedown_url(photo), {"reason": "Please remove it."})

    assert response.status_code == 302
    assert TakedownRequest.objects.get().contact == ""


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_takedown_without_reason_is_400_with_message(client, reason):
    photo = PhotoFactory()

    response = client.post(takedown_url(photo), {"reason": reason, "contact": "Anna"})

    assert response.status_code == 400
    assert not TakedownRequest.objects.exists()
    html = response.content.decode()
    assert "This field is required." in html
    assert '<details class="takedown" id="takedown" open>' in html
    assert 'value="Anna"' in html  # what was typed is kept
    assert response.context["photo"] == photo


def test_takedown_reason_too_long_is_400(client):
    photo = PhotoFactory()

    response = client.post(takedown_url(photo), {"reason": "x" * 2001})

    assert response.status_code == 400
    assert not TakedownRequest.objects.exists()


def test_takedown_honeypot_filled_stores_nothing(client):
    photo = PhotoFactory()

    response = client.post(
        takedown_url(photo),
        {"reason": "Buy cheap watches", "website": "https://spam.example.com"},
    )

    # The same answer a person gets, so that a bot learns nothing.
    assert response.status_code == 302
    assert response.url == photo.get_absolute_url()
    assert messages_of(response) == [THANKS]
    assert not TakedownRequest.objects.exists()


@pytest.mark.parametrize(
    "photo_kwargs",
    [
        {"status": PhotoStatus.PENDING},
        {"status": PhotoStatus.REJECTED},
        {"gallery__is_published": False},
        {"gallery__edition__is_published": False},
    ],
    ids=["pending", "rejected", "draft-gallery", "draft-edition"],
)
def test_takedown_of_photo_not_public_is_404(client, photo_kwargs):
    photo = PhotoFactory(**photo_kwargs)

    response = client.post(takedown_url(photo), {"reason": "I am in this photo."})

    assert response.status_code == 404
    assert not TakedownRequest.objects.exists()


def test_takedown_url_refuses_get(client):
    photo = PhotoFactory()

    assert client.get(takedown_url(photo)).status_code == 405


def test_takedown_without_csrf_token_is_refused():
    photo = PhotoFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(takedown_url(photo), {"reason": "I am in this photo."})

    assert response.status_code == 403
    assert not TakedownRequest.objects.exists()


@pytest.fixture
def takedown_limit(settings):
    """Three takedown requests per client; an hour's window, so that a test never straddles
    two windows; no counts left over from other tests."""
    cache.clear()
    settings.RATE_LIMITS = {"takedown": 3}
    settings.RATE_LIMIT_WINDOW = 3600
    yield
    cache.clear()


def test_takedown_over_the_limit_is_429_and_stores_nothing(takedown_limit):
    photo = PhotoFactory()
    flooder, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.2")
    reason = "x" * 2000

    answers = [flooder.post(takedown_url(photo), {"reason": reason}) for _ in range(4)]

    assert [response.status_code for response in answers] == [302, 302, 302, 429]
    refused = answers[-1]
    assert "Too many requests. Please try again in" in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert TakedownRequest.objects.count() == 3
    # Another address is counted on its own.
    assert neighbour.post(takedown_url(photo), {"reason": "Me too."}).status_code == 302
    assert TakedownRequest.objects.count() == 4
    assert TakedownRequest.objects.filter(reason="Me too.").exists()


def test_takedown_photo_page_query_count_unchanged(client, django_assert_num_queries):
    photo = PhotoFactory()
    RenditionFactory(photo=photo)

    # the photo page's one statement (photos.readers.photo_page): the form adds none
    with django_assert_num_queries(1):
        client.get(photo.get_absolute_url())


# --- The admin --------------------------------------------------------------------


def make_requests(count):
    for photo in PhotoFactory.create_batch(count):
        RenditionFactory(photo=photo)
        TakedownRequest.objects.create(photo=photo, reason="I am in it.", contact="x@example.org")


@pytest.mark.parametrize("rows", [1, 5])
def test_takedown_changelist_query_count_fixed(organiser_client, django_assert_num_queries, rows):
    # session, user, user and group permissions, count, total count, rows,
    # the date hierarchy's first and last date, and its dates
    assert_changelist_queries(
        organiser_client, django_assert_num_queries, REQUESTS, make_requests, 9, rows
    )


def test_takedown_changelist_shows_thumbnail_and_filters_by_status(organiser_client):
    open_photo = PhotoFactory(caption="Open one")
    thumbnail = RenditionFactory(photo=open_photo)
    TakedownRequest.objects.create(photo=open_photo, reason="Please remove me.")
    closed_photo = PhotoFactory(caption="Closed one")
    TakedownRequest.objects.create(
        photo=closed_photo, reason="Old.", status=TakedownStatus.DECLINED, handled_at=timezone.now()
    )

    everything = organiser_client.get(REQUESTS)
    only_open = organiser_client.get(REQUESTS, {"status__exact": TakedownStatus.OPEN})

    assert f'src="{thumbnail.file.url}"' in everything.text
    assert open_photo.original.name not in everything.text
    assert [r.photo for r in everything.context["cl"].result_list] == [closed_photo, open_photo]
    assert [r.photo for r in only_open.context["cl"].result_list] == [open_photo]


def test_hide_action_rejects_photo_and_closes_its_requests(organiser_client):
    photo = PhotoFactory()
    first = TakedownRequest.objects.create(photo=photo, reason="Me.")
    second = TakedownRequest.objects.create(photo=photo, reason="Me too.")
    other = TakedownRequest.objects.create(photo=PhotoFactory(), reason="Someone else.")
    user = organiser_client.session["_auth_user_id"]

    response = organiser_client.post(
        REQUESTS, {"action": "hide_photo_and_close", "_selected_action": [first.pk]}
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.REJECTED
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == TakedownStatus.DONE
        assert str(request.handled_by_id) == user
        assert request.handled_at is not None
    other.refresh_from_db()
    assert other.status == TakedownStatus.OPEN
    assert other.photo.status == PhotoStatus.PUBLISHED
    assert messages_of(response) == ["1 photo was hidden; its requests are done."]
    # Hidden at once: the public page is gone.
    assert organiser_client.get(photo.get_absolute_url()).status_code == 404


def test_hide_action_refused_to_photographer(client):
    viewer = StaffFactory(groups=[PHOTOGRAPHERS], permissions=["photos.change_takedownrequest"])
    client.force_login(viewer)
    photo = PhotoFactory()
    request = TakedownRequest.objects.create(photo=photo, reason="Me.")

    client.post(REQUESTS, {"action": "hide_photo_and_close", "_selected_action": [request.pk]})

    photo.refresh_from_db()
    request.refresh_from_db()
    assert (photo.status, request.status) == (PhotoStatus.PUBLISHED, TakedownStatus.OPEN)


def test_takedown_admin_closed_to_photographers(client):
    client.force_login(StaffFactory(groups=[PHOTOGRAPHERS]))

    assert client.get(REQUESTS).status_code == 403


def test_decline_action_keeps_photo(organiser_client):
    photo = PhotoFactory()
    request = TakedownRequest.objects.create(photo=photo, reason="Not me, actually.")

    response = organiser_client.post(
        REQUESTS, {"action": "decline_requests", "_selected_action": [request.pk]}
    )

    request.refresh_from_db()
    photo.refresh_from_db()
    assert (request.status, photo.status) == (TakedownStatus.DECLINED, PhotoStatus.PUBLISHED)
    assert request.handled_at is not None
    assert messages_of(response) == ["1 takedown request was declined."]


def test_closing_request_by_hand_records_who(organiser_client):
    request = TakedownRequest.objects.create(photo=PhotoFactory(), reason="Me.")
    url = reverse("admin:photos_takedownrequest_change", args=[request.pk])

    response = organiser_client.post(url, {"status": TakedownStatus.DECLINED})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_by is not None
    assert request.handled_at is not None

    organiser_client.post(url, {"status": TakedownStatus.OPEN})
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.handled_at) == (
        TakedownStatus.OPEN,
        None,
        None,
    )


def test_takedown_requests_cannot_be_added_in_admin(organiser_client):
    response = organiser_client.get(reverse("admin:photos_takedownrequest_add"))

    assert response.status_code == 403


def test_photo_changelist_shows_open_takedown_count(organiser_client):
    photo = PhotoFactory()
    TakedownRequest.objects.create(photo=photo, reason="Me.")
    TakedownRequest.objects.create(photo=photo, reason="Me again.")
    TakedownRequest.objects.create(
        photo=photo, reason="Old.", status=TakedownStatus.DONE, handled_at=timezone.now()
    )
    quiet = PhotoFactory()

    response = organiser_client.get(reverse("admin:photos_photo_changelist"))

    rows = {row.pk: row.open_takedown_count for row in response.context["cl"].result_list}
    assert rows == {photo.pk: 2, quiet.pk: 0}
    assert f"?photo__id__exact={photo.pk}&amp;status__exact=open" in response.text
    assert "2 open" in response.text


def test_hidden_photo_loses_its_public_files_and_gets_them_back_when_published(
    organiser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(
            gallery=GalleryFactory(),
            file=SimpleUploadedFile("p.jpg", jpeg_bytes(1000, 700), content_type="image/jpeg"),
            status=PhotoStatus.PUBLISHED,
            build_now=True,
        )
    storage = Rendition._meta.get_field("file").storage
    names = list(photo.renditions.values_list("file", flat=True))
    assert names
    assert all(storage.exists(name) for name in names)
    request = TakedownRequest.objects.create(photo=photo, reason="Me.")

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            REQUESTS, {"action": "hide_photo_and_close", "_selected_action": [request.pk]}
        )

    # Its addresses were public: the files go, not only the photo's place on the pages.
    assert not photo.renditions.exists()
    assert not any(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("admin:photos_photo_changelist"),
            {"action": "publish_photos", "_selected_action": [photo.pk]},
        )

    assert photo.renditions.count() == len(names)
    assert organiser_client.get(photo.get_absolute_url()).status_code == 200
