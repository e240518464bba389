import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from conference.management.commands.demo import serving_settings
from conference.models import Edition
from conference.sample import ArchiveCounts

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def printed(output: str, label: str) -> str:
    match = re.search(rf"^{label}: +(.+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def test_demo_twice_prints_a_working_login_and_duplicates_nothing(settings, monkeypatch):
    # pytest-django runs tests with DEBUG off; the demo is for development.
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)

    first = run_demo()
    counts = ArchiveCounts.current()
    first_password = printed(first, "Password")
    assert printed(first, "Username") == "admin"
    assert printed(first, "Site") == "http://127.0.0.1:8000/"
    assert printed(first, "Admin") == "http://127.0.0.1:8000/admin/"
    assert "Sample archive loaded" in first
    assert authenticate(username="admin", password=first_password) is not None

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a chosen demo password")
    second = run_demo("--addr", "0.0.0.0:8012")

    assert printed(second, "Site") == "http://0.0.0.0:8012/"
    assert printed(second, "Password") == "a chosen demo password"
    admin = authenticate(username="admin", password="a chosen demo password")
    assert admin is not None
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert authenticate(username="admin", password=first_password) is None
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert ArchiveCounts.current() == counts


def test_demo_with_debug_off_refused(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        run_demo()

    assert not Edition.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.parametrize("addr", ["localhost", "localhost:", ":8000", "localhost:http"])
def test_demo_bad_addr_refused_before_changing_anything(settings, addr):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="--addr must be HOST:PORT"):
        run_demo("--addr", addr)

    assert not Edition.objects.exists()


def test_demo_serving_settings_show_the_sites_own_404_page(settings, client):
    # The demo prepares with DEBUG on (the settings' development default) and serves
    # with the settings serving_settings gives it.
    settings.DEBUG = True
    debug_page = client.get("/no-such-page/does-not-exist/")
    assert "Using the URLconf" in debug_page.content.decode()  # Django's technical 404

    with serving_settings("127.0.0.1:8000"):
        response = client.get("/no-such-page/does-not-exist/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Using the URLconf" not in page
    assert "There is nothing at this address." in page
    assert 'class="site-header"' in page  # in the site's layout


@pytest.mark.parametrize(
    ("addr", "allowed"),
    [("127.0.0.1:8000", "127.0.0.1"), ("demo.test:8000", "demo.test"), ("0.0.0.0:8000", "*")],
)
def test_demo_serving_settings_allow_the_served_host(settings, addr, allowed):
    settings.DEBUG = True

    with serving_settings(addr):
        assert settings.DEBUG is False
        assert allowed in settings.ALLOWED_HOSTS
