"""The security headers a page gets with the production settings (DJANGO_DEBUG=0).

The production values are read in a fresh interpreter (the settings module reads the
environment once), then applied to this process to fetch a real page over HTTPS.
"""

import json

import pytest

from tests.conference.test_settings import PRODUCTION, run_python

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
)
REPORT = f"""
import json, django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))
"""


@pytest.fixture
def production_security(settings):
    result = run_python(REPORT, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    for name, value in values.items():
        setattr(settings, name, value)
    return values


def test_production_settings_turn_on_hsts_and_secure_cookies(production_security):
    assert production_security["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_security["SECURE_SSL_REDIRECT"] is True
    assert production_security["SESSION_COOKIE_SECURE"] is True
    assert production_security["CSRF_COOKIE_SECURE"] is True


def test_production_page_over_https_sends_hsts_referrer_and_opener_policies(
    client, production_security
):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_production_plain_http_redirected_to_https(client, production_security):
    response = client.get("/speakers/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/speakers/"


def test_production_session_and_csrf_cookies_secure_and_http_only(client, production_security):
    from tests.factories import UserFactory

    UserFactory(username="organiser", is_staff=True)
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "organiser", "password": "correct horse battery staple"},
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert client.cookies["csrftoken"]["secure"] is True
