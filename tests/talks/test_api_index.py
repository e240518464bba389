"""/api/v1/: the page for people listing the API's endpoints (talks/api_v1/index.py)."""

import re

import pytest
from django.utils import translation

from talks.api_v1 import api
from talks.api_v1.index import PARAMETERS, PURPOSES, endpoints
from tests.html import assert_csp_clean, page_meta

pytestmark = pytest.mark.django_db


def schema_operations() -> dict[str, set[str]]:
    """Each path of the OpenAPI document under /api/v1, with its parameters' names."""
    paths = api.get_openapi_schema(path_prefix="")["paths"]
    return {
        path: {
            parameter["name"] for each in ops.values() for parameter in each.get("parameters", [])
        }
        for path, ops in paths.items()
    }


def test_api_index_lists_every_endpoint_with_its_methods_and_parameters(client):
    response = client.get("/api/v1/")

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    listed = re.findall(r"<code>(/api/v1/[^<]*)</code>", page)
    assert listed == [f"/api/v1{path}" for path in schema_operations()]
    assert "/api/v1/talks/{edition_slug}/{slug}" in listed
    assert "GET, HEAD" in page
    assert "<code>has_video</code>" in page
    assert "results per page, 1 to 100" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert 'class="site-header"' in page  # the site's layout


def test_api_index_every_endpoint_and_parameter_has_its_words():
    # A new endpoint or parameter fails here until the page says what it is for.
    operations = schema_operations()

    assert set(PURPOSES) == set(operations)
    assert set().union(*operations.values()) <= set(PARAMETERS)
    assert all(endpoint.purpose for endpoint in endpoints())


def test_api_index_under_the_sites_csp(client):
    response = client.get("/api/v1/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert_csp_clean(response.content.decode())


def test_api_index_in_russian(client):
    client.cookies["django_language"] = "ru"

    page = client.get("/api/v1/").content.decode()

    with translation.override("ru"):
        purpose = str(PURPOSES["/talks"])
    assert purpose != "Published talks, newest edition first, filtered as asked."
    assert purpose in page


def test_api_index_names_no_address_in_another_language(client):
    """The page has one address, in the visitor's language: an hreflang alternate at
    /ru/api/v1/ would send search engines to a 404 (the audit found it)."""
    client.cookies["django_language"] = "ru"

    meta = page_meta(client.get("/api/v1/").content.decode())

    assert meta.links["canonical"] == ["http://testserver/api/v1/"]
    assert meta.hreflang == {}
    assert client.get("/ru/api/v1/").status_code == 404


def test_api_index_linked_from_every_pages_footer(client):
    page = client.get("/speakers/").content.decode()

    assert 'href="/api/v1/"' in page


def test_api_index_answers_get_and_head_only(client):
    assert client.head("/api/v1/").status_code == 200
    assert client.post("/api/v1/").status_code == 405


def test_api_index_json_endpoints_unchanged(client):
    assert client.get("/api/v1/editions").json()["count"] == 0
    assert client.get("/api/v1/openapi.json").json()["info"]["version"] == "1"
