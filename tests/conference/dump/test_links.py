"""The data dump is linked from every page's footer and from the API's page, in both
languages, at its stable address."""

import pytest
from django.core.files.storage import default_storage

from conference.dump.build import STABLE_NAME

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Data dump"),
        ("/ru/", "Выгрузка данных"),
        ("/api/v1/", "data dump"),
    ],
)
def test_pages_link_the_dump_at_its_stable_address(client, path, text):
    response = client.get(path)

    link = f'<a href="{default_storage.url(STABLE_NAME)}" type="application/gzip">{text}</a>'
    assert link in response.content.decode()


def test_api_page_describes_the_dump_in_russian(client):
    response = client.get("/api/v1/", headers={"accept-language": "ru"})

    assert "выгрузка" in response.content.decode()
