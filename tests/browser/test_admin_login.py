import pytest

from tests.factories import EditionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_login_in_browser_reaches_dashboard_and_edition_list(page):
    UserFactory(username="organiser", is_staff=True, is_superuser=True)
    EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")

    page.goto("/admin/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.click("text=Editions")

    assert page.locator("#result_list").inner_text().count("PGConf.Russia 2016") == 1
    assert page.console_errors == []
