"""Property-based: random path parameters and query strings on every public URL pattern
and the API never get a 5xx.

Bounded and reproducible: derandomized, no example database, about 100 examples per
family of URLs.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EditionFactory, GalleryFactory, PhotoFactory, TalkFactory
from tests.routes import public_routes

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    # The archive fixture is set up once per test and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Uploads need a signed-in photographer and have their own tests (tests/photos/test_upload.py).
GET_ROUTES = [
    route
    for route in public_routes()
    if route.name
    not in {
        "upload",
        "upload-file",
        "upload-start",
        "upload-chunk",
        "upload-complete",
        "photo-takedown",
    }
]
PARAMETERS = (
    "q", "limit", "offset", "page", "edition", "language", "track", "company", "project",
    "has_video", "has_slides", "format", "kind",
)  # fmt: skip

text = st.text(st.characters(codec="utf-8"), max_size=60)
odd_text = st.one_of(
    text,
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "true", "null", "%00", "ru"]),
    st.text("<>\"'&;:/\\%{}[]()*!?-_ 0aA\x00\t\n", max_size=30),
    st.just("x" * 10_000),
)
slug = st.one_of(st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True), st.just("pgconf-2016"))
value_of = {
    "slug": slug,
    "int": st.one_of(st.integers(0, 10**30).map(str), st.just("1")),
    "str": st.one_of(slug, text.filter(bool)),
}
query_strings = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), text), odd_text, max_size=5)


@pytest.fixture
def archive():
    edition = EditionFactory(slug="pgconf-2016")
    TalkFactory(edition=edition, slug="talk")
    PhotoFactory(gallery=GalleryFactory(edition=edition, slug="day-1"))


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, url


@st.composite
def route_urls(draw, routes):
    route = draw(st.sampled_from(routes))
    values = [quote(draw(value_of[c]), safe="") for c in route.converters]
    return route.url(*values)


@FUZZ
@given(url=route_urls([r for r in GET_ROUTES if not r.route.startswith("api/")]))
def test_random_path_parameters_of_pages_never_5xx(client, archive, url):
    assert_no_server_error(client, url)


@FUZZ
@given(url=route_urls([r for r in GET_ROUTES if r.route.startswith("api/")]))
def test_random_path_parameters_of_api_never_5xx(client, archive, url):
    assert_no_server_error(client, url)


@FUZZ
@given(params=query_strings)
def test_random_search_page_queries_never_5xx(client, archive, params):
    assert_no_server_error(client, "/search/?" + urlencode(params))


API_PATHS = st.sampled_from(
    ["search", "suggest", "editions", "talks", "speakers", "companies", "projects", "galleries"]
)


@FUZZ
@given(path=API_PATHS, params=query_strings)
def test_random_api_queries_never_5xx(client, archive, path, params):
    assert_no_server_error(client, f"/api/v1/{path}?" + urlencode(params))


def test_nul_in_a_query_is_400_and_in_a_path_404(client, archive):
    # Found by the fuzzing above: PostgreSQL refuses text with NUL in it (it was a 500).
    assert client.get("/api/v1/talks?edition=%00").status_code == 400
    assert client.get("/api/v1/speakers/%00").status_code == 404
    assert client.get("/search/?q=%00").status_code == 400  # the form's own message
