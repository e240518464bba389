"""The layout's navigation (templates/base.html): the main navigation and the language
links, compared with fixed expected markup in both languages."""

import re

import pytest

from conference.web.export_flag import FLAG
from tests.factories import SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def nav(html: str, css_class: str) -> str:
    """The <nav class=css_class> of a page, with the whitespace between tags taken out
    (the template's line breaks and indentation mean nothing to the page's DOM)."""
    found = re.search(rf'<nav class="{css_class}".*?</nav>', html, re.DOTALL)
    assert found, f"no <nav class={css_class!r}>"
    return re.sub(r">\s+<", "><", found.group(0))


def page(client, url: str, language: str) -> str:
    """The page at `url` in `language`: its address in it (/ru/... in Russian)."""
    response = client.get(url if language == "en" else f"/{language}{url}")
    assert response.status_code == 200
    return response.content.decode()


def test_main_nav_marks_the_sections_own_list_as_the_page(client):
    html = page(client, "/speakers/", "en")

    assert nav(html, "site-nav") == (
        '<nav class="site-nav" aria-label="Main"><ul>'
        '<li><a href="/editions/">Talks archive</a></li>'
        '<li><a href="/speakers/" aria-current="page">Speakers</a></li>'
        '<li><a href="/companies/">Companies</a></li>'
        '<li><a href="/projects/">Projects</a></li>'
        '<li><a href="/topics/">Topics</a></li>'
        '<li><a href="/photos/">Photos</a></li>'
        "</ul></nav>"
    )


def test_main_nav_marks_the_section_elsewhere_in_it_as_true_in_russian(client):
    speaker = SpeakerFactory(slug="anna")
    TalkFactory(speakers=[speaker])

    html = page(client, "/speakers/anna/", "ru")

    assert nav(html, "site-nav") == (
        '<nav class="site-nav" aria-label="Главное меню"><ul>'
        '<li><a href="/ru/editions/">Архив докладов</a></li>'
        '<li><a href="/ru/speakers/" aria-current="true">Докладчики</a></li>'
        '<li><a href="/ru/companies/">Компании</a></li>'
        '<li><a href="/ru/projects/">Проекты</a></li>'
        '<li><a href="/ru/topics/">Темы</a></li>'
        '<li><a href="/ru/photos/">Фотографии</a></li>'
        "</ul></nav>"
    )


def test_main_nav_marks_the_topic_index_as_the_page_in_russian(client):
    html = page(client, "/topics/", "ru")

    assert '<li><a href="/ru/topics/" aria-current="page">Темы</a></li>' in nav(html, "site-nav")


def test_main_nav_marks_topics_as_the_section_on_a_topic_page(client):
    TopicFactory(slug="walruses", name_en="Walruses", terms_en=["walrus"])
    TalkFactory(title="What a walrus eats")

    html = page(client, "/topics/walruses/", "en")

    assert '<li><a href="/topics/" aria-current="true">Topics</a></li>' in nav(html, "site-nav")


def test_main_nav_marks_nothing_outside_its_sections(client):
    html = page(client, "/", "en")

    assert "aria-current" not in nav(html, "site-nav")


def test_language_links_lead_to_this_page_with_its_query_escaped(client):
    html = page(client, "/search/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&page=2", "ru")

    # The query string as the browser sent it (still percent-encoded), "&" escaped for HTML.
    query = "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&amp;page=2"
    assert nav(html, "language-switch") == (
        '<nav class="language-switch" aria-label="Язык">'
        f'<a href="/search/{query}" lang="en" hreflang="en">English</a>'
        f'<a href="/ru/search/{query}" lang="ru" hreflang="ru" aria-current="true">Русский</a>'
        "</nav>"
    )


def test_language_links_mark_english_current_in_english(client):
    html = page(client, "/editions/", "en")

    assert nav(html, "language-switch") == (
        '<nav class="language-switch" aria-label="Language">'
        '<a href="/editions/" lang="en" hreflang="en" aria-current="true">English</a>'
        '<a href="/ru/editions/" lang="ru" hreflang="ru">Русский</a>'
        "</nav>"
    )


def test_language_links_on_a_page_with_one_address_set_the_cookie(organiser_client):
    """The upload page (staff) has one address for every language: its switch is the
    cookie's (conference.views.switch_language), back to the same page."""
    html = page(organiser_client, "/photos/upload/?gallery=3", "en")

    assert nav(html, "language-switch") == (
        '<nav class="language-switch" aria-label="Language">'
        '<a href="/language/en/?next=/photos/upload/%3Fgallery%3D3" lang="en" hreflang="en" '
        'aria-current="true">English</a>'
        '<a href="/language/ru/?next=/photos/upload/%3Fgallery%3D3" lang="ru" hreflang="ru">'
        "Русский</a>"
        "</nav>"
    )


def test_menu_and_footer_kept_per_language_section_and_export_flag(client):
    """The menu and the footer are rendered once per process for each key
    ({% layout_fragment %}): pages asked one after the other still get their own."""
    speakers, home = page(client, "/speakers/", "en"), page(client, "/", "en")
    russian = page(client, "/speakers/", "ru")
    exported = client.get("/", **{FLAG: "1"}).content.decode()

    assert 'aria-current="page">Speakers' in nav(speakers, "site-nav")
    assert "aria-current" not in nav(home, "site-nav")
    assert 'href="/ru/speakers/" aria-current="page">Докладчики' in nav(russian, "site-nav")
    assert "/api/v1/" in home.split('<footer class="site-footer">')[1]
    assert "/api/v1/" not in exported.split('<footer class="site-footer">')[1]
