"""Unknown and malformed slugs and ids on every public URL pattern get a 404, never a
500; methods a GET-only page does not take get a 405."""

import pytest

from conference.groups import ORGANISERS
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    StaffFactory,
    TalkFactory,
)
from tests.routes import public_routes

pytestmark = pytest.mark.django_db

ROUTES = public_routes()
# Pages that take a form or JSON: the upload page and its endpoints (tests/photos/), the
# photo takedown request, the moderation page's bulk actions and a batch's camera clock
# (tests/photos/test_moderation_page.py).
POSTED = {
    "upload",
    "upload-file",
    "upload-start",
    "upload-chunk",
    "upload-complete",
    "photo-takedown",
    "moderation",
    "batch-clock",
}
WITH_PARAMETERS = [route for route in ROUTES if route.converters and route.name not in POSTED]
# Pages for staff only answer 403 to anyone else before they look anything up (which would
# tell what exists); signed in as an organiser, a bad part is a 404 there too.
STAFF_ONLY = {"photo-preview"}


UNKNOWN = {"slug": "no-such-thing", "int": "424242", "str": "no-such-thing"}
MALFORMED = {
    "slug": ["-", "_", "a" * 5000, "0", "UPPER-case", "select-1-from-pg-user"],
    "int": ["0", "99999999999999999999999", "9223372036854775808", "00001"],
    "str": ["%00", "..", "%2e%2e", "a%0Ab", "%D0%B4%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4", "x" * 5000],
}


@pytest.fixture
def archive():
    """Something real at every pattern, so that a 404 is about the bad part only."""
    edition = EditionFactory(slug="pgconf-2016")
    TalkFactory(edition=edition, slug="talk")
    PhotoFactory(gallery=GalleryFactory(edition=edition, slug="day-1"))


@pytest.fixture
def visitor(client, request):
    """An anonymous client, or an organiser's for the pages only staff may see."""
    if request.node.callspec.params["route"].name in STAFF_ONLY:
        client.force_login(StaffFactory(groups=[ORGANISERS]))
    return client


def test_every_public_pattern_is_covered():
    names = {route.name for route in ROUTES}
    # A sample of what the URLconf must yield; public_routes() reads it, so new pages join.
    assert {"talk-detail", "photo-detail", "get_talk", "schedule-ics", "edition-detail"} <= names
    assert not any(route.route.startswith("admin/") for route in ROUTES)


@pytest.mark.parametrize("route", WITH_PARAMETERS, ids=lambda route: route.route)
def test_unknown_slugs_and_ids_are_404(visitor, archive, route):
    response = visitor.get(route.url(*(UNKNOWN[c] for c in route.converters)))
    assert response.status_code == 404


@pytest.mark.parametrize("route", WITH_PARAMETERS, ids=lambda route: route.route)
def test_each_unknown_part_alone_is_404(visitor, archive, route):
    """The real edition with an unknown talk, an unknown edition with a real talk..."""
    real = {"edition_slug": "pgconf-2016", "slug": "talk", "gallery_slug": "day-1"}
    for position in range(len(route.names)):
        values = [
            UNKNOWN[route.converters[i]] if i == position else real.get(name, "1")
            for i, name in enumerate(route.names)
        ]
        response = visitor.get(route.url(*values))
        assert response.status_code == 404, route.url(*values)


@pytest.mark.parametrize(
    "route",
    WITH_PARAMETERS,
    ids=lambda route: route.route,
)
def test_malformed_slugs_and_ids_are_404(visitor, archive, route):
    for converter in set(route.converters):
        for bad in MALFORMED[converter]:
            values = [bad if c == converter else UNKNOWN[c] for c in route.converters]
            response = visitor.get(route.url(*values))
            assert response.status_code == 404, route.url(*values)


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name not in POSTED], ids=lambda r: r.route
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_get_only_pages_refuse_other_methods_with_405(client, archive, route, method):
    values = {"slug": "pgconf-2016", "int": "1", "str": "pgconf-2016"}
    response = getattr(client, method)(route.url(*(values[c] for c in route.converters)))
    assert response.status_code == 405


@pytest.mark.parametrize("method", ["get", "head"])
def test_takedown_of_unknown_photo_is_404_and_reading_it_is_405(client, archive, method):
    assert client.post("/pgconf-2016/photos/day-1/424242/takedown/").status_code == 404
    assert client.post("/no-such/photos/day-1/1/takedown/").status_code == 404
    response = getattr(client, method)("/pgconf-2016/photos/day-1/424242/takedown/")
    assert response.status_code == 405
