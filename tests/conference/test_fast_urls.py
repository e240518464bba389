"""conference.web.fast_urls.page_url gives what reverse() gives, faster, or defers to it."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from conference.web.fast_urls import _url_parts, fixed_prefix, page_url

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


@pytest.mark.parametrize(("name", "kwargs"), CASES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_page_url_is_reverse_in_each_language(name, kwargs, language):
    """Public pages have an address per language: a Russian page's links lead to /ru/."""
    with translation.override(language):
        url = page_url(name, **kwargs)
        assert url == reverse(name, kwargs=kwargs)
    assert url.startswith("/ru/") == (language == "ru")


def test_page_url_cache_keeps_languages_apart():
    """The same name and arguments, one language after the other and back: each gets its
    own address, never the one cached for the other."""
    answers = []
    for language in ("en", "ru", "en", "ru"):
        with translation.override(language):
            answers.append(page_url("talks:speaker-detail", slug="anna"))
            with fixed_prefix():
                answers.append(page_url("talks:speaker-detail", slug="anna"))
    assert (
        answers
        == ["/speakers/anna/"] * 2
        + ["/ru/speakers/anna/"] * 2
        + ["/speakers/anna/"] * 2
        + ["/ru/speakers/anna/"] * 2
    )


def test_fixed_prefix_holds_the_language_it_started_with():
    _url_parts.cache_clear()
    with translation.override("ru"), fixed_prefix(), translation.override("en"):
        # Cut while English is active, for the Russian key: made in Russian.
        inside = page_url("talks:project-detail", slug="multicorn")
    with translation.override("ru"):
        russian = page_url("talks:project-detail", slug="multicorn")
    assert inside == russian == "/ru/projects/multicorn/"
    assert page_url("talks:project-detail", slug="multicorn") == "/projects/multicorn/"


def test_staff_and_api_addresses_are_the_same_in_every_language():
    with translation.override("ru"):
        assert page_url("photo-staff:upload") == "/photos/upload/"
        assert page_url("api-suggest") == "/api/v1/suggest"
