"""conference.web.fast_urls.page_url gives what reverse() gives, faster, or defers to it."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from conference.web.fast_urls import fixed_prefix, page_url

CASES = [
    ("conference:edition-detail", {"slug": "pgconf-2019"}),
    ("talks:talk-detail", {"edition_slug": "pgconf-2019", "slug": "logical_replication-2"}),
    ("talks:speaker-detail", {"slug": "ronan-dunklau"}),
    ("talks:company-detail", {"slug": "postgres-pro"}),
    ("talks:project-detail", {"slug": "multicorn"}),
    ("photos:gallery-detail", {"edition_slug": "pgconf-2019", "slug": "day-1"}),
    ("photos:photo-detail", {"edition_slug": "pgconf-2019", "gallery_slug": "day-1", "pk": 42}),
    # Values that look like the markers or like each other are still put in their place.
    ("talks:talk-detail", {"edition_slug": "90817263045362718", "slug": "90817263145362718"}),
    ("photos:photo-detail", {"edition_slug": "1", "gallery_slug": "1", "pk": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_page_url_is_reverse(name, kwargs):
    assert page_url(name, **kwargs) == reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), CASES[:3])
def test_page_url_follows_the_script_prefix(name, kwargs):
    set_script_prefix("/archive/")
    try:
        assert page_url(name, **kwargs) == reverse(name, kwargs=kwargs)
        assert page_url(name, **kwargs).startswith("/archive/")
    finally:
        set_script_prefix("/")
    assert page_url(name, **kwargs) == reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("slug", ["", "with space", "ünïcode", "a/b", "a?b", "../x"])
def test_odd_values_go_through_reverse_and_are_refused_as_it_refuses_them(slug):
    with pytest.raises(NoReverseMatch):
        reverse("talks:speaker-detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        page_url("talks:speaker-detail", slug=slug)


def test_unknown_names_and_arguments_are_refused():
    with pytest.raises(NoReverseMatch):
        page_url("talks:no-such-page", slug="x")
    with pytest.raises(NoReverseMatch):
        page_url("talks:speaker-detail", pk=1)


def test_fixed_prefix_holds_the_prefix_it_started_with():
    set_script_prefix("/archive/")
    try:
        with fixed_prefix():
            set_script_prefix("/elsewhere/")
            inside = page_url("talks:speaker-detail", slug="anna")
        after = page_url("talks:speaker-detail", slug="anna")
    finally:
        set_script_prefix("/")
    assert inside == "/archive/speakers/anna/"
    assert after == "/elsewhere/speakers/anna/"
