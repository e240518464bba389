"""Password guessing at the admin sign-in is locked out by django-axes
(conference/web/lockout.py)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def organiser():
    return UserFactory(username="organiser", is_staff=True, is_superuser=True)


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, username="organiser", address="192.0.2.10"):
    """Sign in with a wrong password `times` times; answers the statuses."""
    return [sign_in(client, username, "wrong password", address).status_code for _ in range(times)]


def test_right_password_refused_with_lockout_page_after_five_failures(client, organiser):
    # The form with its error four times; the fifth failure already locks.
    assert fail(client, 5) == [200, 200, 200, 200, 429]

    response = sign_in(client, "organiser", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Sign-in locked</h1>" in html
    assert "after 5 failed attempts" in html
    assert "Please try again in 1\xa0hour" in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_out(client, organiser):
    fail(client, 4)

    response = sign_in(client, "organiser", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_success_resets_the_failure_count(client, organiser):
    fail(client, 4)
    assert sign_in(client, "organiser", PASSWORD).status_code == 302
    client.logout()

    fail(client, 4)
    assert sign_in(client, "organiser", PASSWORD).status_code == 302


def test_lockout_covers_every_address_of_an_ipv6_64(client, organiser):
    """One IPv6 customer holds a /64: rotating addresses in it must not buy more guesses."""
    for host in range(5):
        fail(client, 1, address=f"2001:db8:1:2::{host + 1}")

    response = sign_in(client, "organiser", PASSWORD, address="2001:db8:1:2::99")

    assert response.status_code == 429


def test_lockout_of_one_address_leaves_other_addresses_signing_in(client, organiser):
    fail(client, 5, address="192.0.2.10")

    response = sign_in(client, "organiser", PASSWORD, address="198.51.100.20")

    assert response.status_code == 302


def test_lockout_of_one_username_leaves_other_users_signing_in(client, organiser):
    UserFactory(username="photographer", is_staff=True, is_superuser=True)
    fail(client, 5, username="organiser")

    response = sign_in(client, "photographer", PASSWORD)

    assert response.status_code == 302
    assert sign_in(client, "organiser", PASSWORD).status_code == 429


def test_lockout_page_in_russian(client, organiser):
    fail(client, 5)
    client.cookies["django_language"] = "ru"
    response = sign_in(client, "organiser", PASSWORD)
    assert response.status_code == 429
    assert 'lang="ru"' in response.content.decode()
