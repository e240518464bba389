"""The talk list and credits tags (talks/templatetags/talk_lists.py)."""

import datetime
import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from talks.choices import TalkKind
from tests.factories import CompanyFactory, EditionFactory, SpeakerFactory, TalkFactory
from tests.html import assert_csp_clean
from tests.talks.readers import reference_querysets as querysets

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(\"x\")</script> & 'quotes'"


def render(source: str, **context) -> str:
    template = engines["django"].from_string("{% load talk_lists %}" + source)
    return template.render(context, request=RequestFactory().get("/"))


def loaded(*talks):
    return list(querysets.visible_talks(include_drafts=True).filter(pk__in=[t.pk for t in talks]))


def test_talk_list_item_markup():
    company = CompanyFactory(name="Postgres Professional")
    speaker = SpeakerFactory(name="Anna", company=company)
    talk = TalkFactory(
        title="Logical replication",
        subtitle="In practice",
        track="Internals",
        room="Hall 2",
        kind=TalkKind.KEYNOTE,
        duration=datetime.timedelta(minutes=40),
        speakers=[speaker],
    )
    html = render(
        "{% talk_list talks level=4 show_edition=True show_date=True show_room=True %}",
        talks=loaded(talk),
    )
    assert html.startswith('<ul class="talk-list"><li data-track="internals" data-language="en">')
    assert '<h4 class="talk-item-title">' in html
    assert f'<a href="{talk.get_absolute_url()}" lang="en">Logical replication</a>' in html
    assert '<p class="talk-item-subtitle" lang="en">In practice</p>' in html
    assert f'<a href="{speaker.get_absolute_url()}">Anna</a>' in html
    assert f'(<a href="{company.get_absolute_url()}">Postgres Professional</a>)' in html
    assert f'<li><a href="{talk.edition.get_absolute_url()}">{talk.edition.name}</a></li>' in html
    assert "<li>Hall 2</li><li>Internals</li><li>Keynote</li>" in html
    assert '<li><abbr title="English">EN</abbr></li><li>40 min</li>' in html
    assert '<time datetime="' in html
    assert "badge-draft" not in html


def test_options_off_leave_their_facts_out():
    talk = TalkFactory(room="Hall 2")
    html = render("{% talk_list talks %}", talks=loaded(talk))
    assert '<h3 class="talk-item-title">' in html
    assert "Hall 2" not in html
    assert "<time" not in html
    assert f'href="{talk.edition.get_absolute_url()}"' not in html


def test_draft_talk_and_draft_edition_are_marked():
    draft = TalkFactory(is_published=False)
    in_draft_edition = TalkFactory(edition=EditionFactory(is_published=False))
    html = render("{% talk_list talks %}", talks=loaded(draft, in_draft_edition))
    assert html.count('<span class="badge badge-draft">Draft</span>') == 2


def test_words_follow_the_language():
    talk = TalkFactory(kind=TalkKind.LIGHTNING, duration=datetime.timedelta(minutes=5))
    with translation.override("ru"):
        html = render("{% talk_list talks %}", talks=loaded(talk))
    with translation.override("ru"):
        assert f"<li>{TalkKind.LIGHTNING.label}</li>" in html
    assert "5 мин" in html
    assert "min<" not in html


def test_every_value_is_escaped():
    speaker = SpeakerFactory(name=HOSTILE, company=CompanyFactory(name=HOSTILE))
    talk = TalkFactory(title=HOSTILE, subtitle=HOSTILE, track=HOSTILE, speakers=[speaker])
    talk.edition.name = HOSTILE
    talk.edition.save()
    html = render(
        "{% talk_list talks show_edition=True show_room=True %}{% talk_credits talk %}",
        talks=loaded(talk),
        talk=loaded(talk)[0],
    )
    assert "<script>" not in html
    assert "</script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; &#x27;quotes&#x27;" in html
    assert_csp_clean(html)


def test_credits_empty_without_speakers():
    talk = TalkFactory()
    assert render("{% talk_credits talk %}", talk=loaded(talk)[0]) == ""


def talk_with_everything():
    """A talk whose item shows every part, with values that need escaping."""
    company = CompanyFactory(name="Ivanov & Sons", slug="ivanov")
    speaker = SpeakerFactory(
        name_en="Ivan <Ivanov>", name_ru="Иван <Иванов>", slug="ivanov", company=company
    )
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    return TalkFactory(
        edition=edition,
        slug="replication",
        title='Replication "in depth" & <friends>',
        subtitle="Part 1",
        language="ru",
        track="Internals",
        room="Hall 2",
        kind=TalkKind.KEYNOTE,
        start=datetime.datetime(2016, 2, 3, 7, 0, tzinfo=datetime.UTC),
        duration=datetime.timedelta(minutes=40),
        abstract="How logical replication works, step by step.",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        slides_url="https://example.com/slides.pdf",
        speakers=[speaker],
    )


TITLE = "Replication &quot;in depth&quot; &amp; &lt;friends&gt;"
# The speaker in the reader's script; the company, with a Latin name only, says its
# language where the page's is another.
CREDITS = {
    "ru": (
        '<ul class="credits"><li><a href="/speakers/ivanov/">Иван &lt;Иванов&gt;</a> '
        '<span class="credit-company">(<a href="/companies/ivanov/" lang="en">'
        "Ivanov &amp; Sons</a>)</span></li></ul>"
    ),
    "en": (
        '<ul class="credits"><li><a href="/speakers/ivanov/">Ivan &lt;Ivanov&gt;</a> '
        '<span class="credit-company">(<a href="/companies/ivanov/">Ivanov &amp; Sons</a>)'
        "</span></li></ul>"
    ),
}


def test_talk_list_item_in_russian_is_the_expected_markup():
    talk = talk_with_everything()
    with translation.override("ru"):
        html = render(
            "{% talk_list talks level=2 show_edition=True show_date=True show_room=True %}",
            talks=loaded(talk),
        )

    assert html == (
        '<ul class="talk-list"><li data-track="internals" data-language="ru">'
        '<article class="talk-item"><h2 class="talk-item-title">'
        f'<a href="/ru/pgconf-2016/talks/replication/" lang="ru">{TITLE}</a></h2>'
        '<p class="talk-item-subtitle" lang="ru">Part 1</p>'
        # In Russian, links lead to the Russian pages (/ru/...).
        f"{CREDITS['ru'].replace('href="/', 'href="/ru/')}"
        # The edition has an English name only: it says so (conference.bilingual).
        '<ul class="facts-inline"><li><a href="/ru/pgconf-2016/" lang="en">PGConf 2016</a></li>'
        '<li><time datetime="2016-02-03T10:00:00+03:00">3 февраля 2016\u00a0г.</time></li>'
        '<li><span lang="en">Hall 2</span></li><li><span lang="en">Internals</span></li>'
        "<li>Пленарный доклад</li>"
        '<li><abbr title="Русский">RU</abbr></li><li>40 мин</li></ul>'
        "</article></li></ul>"
    )


def test_search_result_item_is_the_expected_markup(client):
    talk_with_everything()

    html = client.get("/search/", {"q": "replication"}).content.decode()

    item = re.search(r'<ol class="talk-list search-results"[^>]*>\s*(.*?)\s*</ol>', html, re.S)
    assert item.group(1) == (
        '<li><article class="search-result"><h2 class="talk-item-title">'
        f'<a href="/pgconf-2016/talks/replication/" lang="ru">{TITLE}</a></h2>'
        '<p class="talk-item-subtitle" lang="ru">Part 1</p>'
        f"{CREDITS['en']}"
        '<ul class="facts-inline"><li><a href="/pgconf-2016/">PGConf 2016</a></li>'
        '<li><time datetime="2016-02-03T10:00:00+03:00">Feb. 3, 2016</time></li>'
        '<li><abbr class="badge badge-lang" title="Russian">RU</abbr></li>'
        "<li>video</li><li>slides</li></ul>"
        '<p class="search-snippet" lang="ru">How logical <mark>replication</mark> works, '
        "step by step</p></article></li>"
    )
