"""The search page (/search/), the header's search box and the OpenSearch description."""

import datetime
import re
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from talks.choices import Language
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.html import assert_csp_clean
from tests.talks import drafts

pytestmark = pytest.mark.django_db

URL = reverse("talks:search")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def result_titles(response) -> list[str]:
    return [talk.title for talk in response.context["results"].talks]


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    zalando = CompanyFactory(name="Zalando", slug="zalando")
    multicorn = ProjectFactory(name="Multicorn", slug="multicorn")
    return {
        "zalando": TalkFactory(
            edition=edition,
            title="Data integration with PostgreSQL logical replication at Zalando",
            abstract="PostgreSQL's new logical replication features stream all the changes.",
            speakers=[SpeakerFactory(name="Valentine Gogichashvili", company=zalando)],
            video_url="https://www.youtube.com/watch?v=abc",
        ),
        "multicorn": TalkFactory(
            edition=edition,
            title="Multicorn: writing foreign data wrappers in Python for PostgreSQL",
            abstract="Multicorn is a generic Foreign Data Wrapper.",
            speakers=[SpeakerFactory(name="Ronan Dunklau")],
            projects=[multicorn],
        ),
        "russian": TalkFactory(
            edition=edition,
            title="Репликация в PostgreSQL: как мы перестали бояться",
            abstract="Расскажем о логической репликации между кластерами.",
            language=Language.RUSSIAN,
            speakers=[SpeakerFactory(name="Иван Петров")],
            track="Migration",
        ),
    }


def test_search_page_shows_results_with_marked_snippets_and_escaped_titles(client, archive):
    TalkFactory(
        edition=archive["zalando"].edition,
        title='<b>Sharding</b> & "friends"',
        abstract="All about sharding <script>alert(1)</script>.",
        speakers=[SpeakerFactory(name="Anna <i>Shard</i>")],
    )

    response = client.get(URL, {"q": "sharding"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 talk found" in html
    assert "&lt;b&gt;Sharding&lt;/b&gt; &amp; &quot;friends&quot;" in html
    assert "Anna &lt;i&gt;Shard&lt;/i&gt;" in html
    assert "<mark>sharding</mark>" in html
    assert "<script>alert" not in html
    assert "PGConf.Russia 2016" in html
    assert_csp_clean(html)


def test_hostile_names_come_out_escaped_in_results_and_facets(client, archive):
    hostile = "<script>alert(\"x\")</script> & 'quoted'"
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"
    talk = TalkFactory(
        edition=EditionFactory(name=f"Edition {hostile}"),
        title=f"Sharding {hostile}",
        subtitle=f"Subtitle {hostile}",
        track=f"Track {hostile}",
        speakers=[
            SpeakerFactory(name=f"Speaker {hostile}", company=CompanyFactory(name=f"Co {hostile}"))
        ],
        projects=[ProjectFactory(name=f"Project {hostile}")],
    )

    response = client.get(URL, {"q": "sharding", "track": talk.track.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert result_titles(response) == [talk.title]
    for name in ("Sharding", "Subtitle", "Track", "Speaker", "Co", "Project", "Edition"):
        assert f"{name} {escaped}" in html, name
    assert "<script>" not in html
    assert 'alert("x")' not in html
    assert_csp_clean(html)
    # The chosen track's link removes it; the other values' links add them to it.
    facets = {facet.name: facet for facet in response.context["facets"]}
    (track,) = facets["track"].links
    assert track.active
    assert query_of(track.url) == {"q": ["sharding"]}
    (company,) = facets["company"].links
    assert query_of(company.url)["track"] == [talk.track.slug]
    assert f'href="{escape(company.url)}"' in html


def test_search_page_marks_each_result_with_its_language(client, archive):
    response = client.get(URL, {"q": "PostgreSQL"})

    html = response.content.decode()
    assert "3 talks found" in html
    russian = archive["russian"]
    assert f'<a href="{russian.get_absolute_url()}" lang="ru">{russian.title}</a>' in html
    assert '<abbr class="badge badge-lang" title="Russian">RU</abbr>' in html

    html = client.get(URL, {"q": "репликации"}).content.decode()
    assert re.search(r'<p class="search-snippet" lang="ru">[^<]*<mark>', html)


def test_search_box_in_header_on_every_page_and_prefilled_on_search_page(client, archive):
    home = client.get(reverse("conference:home")).content.decode()
    search = client.get(URL, {"q": "replication"}).content.decode()

    for html in (home, search):
        assert f'<form class="site-search" role="search" action="{URL}" method="get"' in html
        assert '<label class="visually-hidden" for="site-search-q">' in html
        assert 'type="application/opensearchdescription+xml"' in html
        assert '<script src="/static/js/search-suggest.js" defer></script>' in html
    assert 'name="q" value=""' in home
    assert 'name="q" value="replication"' in search


def test_facet_links_add_a_filter_and_keep_the_query_and_other_filters(client, archive):
    response = client.get(URL, {"q": "PostgreSQL", "has_video": "false"})

    facets = {facet.name: facet for facet in response.context["facets"]}
    languages = {link.label: query_of(link.url) for link in facets["language"].links}
    assert languages == {
        "English": {"q": ["PostgreSQL"], "has_video": ["false"], "language": ["en"]},
        "Russian": {"q": ["PostgreSQL"], "has_video": ["false"], "language": ["ru"]},
    }
    (video,) = facets["has_video"].links
    assert video.active is True
    assert query_of(video.url) == {"q": ["PostgreSQL"]}  # the chosen value removes itself
    html = response.content.decode()
    assert 'href="/search/?q=PostgreSQL&amp;has_video=false&amp;language=ru"' in html


def test_filters_narrow_results_and_show_a_remove_link(client, archive):
    response = client.get(URL, {"q": "PostgreSQL", "language": "ru", "track": "Migration"})

    assert result_titles(response) == [archive["russian"].title]
    active = [
        (f.title, f.label, query_of(f.remove_url)) for f in response.context["active_filters"]
    ]
    assert active == [
        ("Language", "Russian", {"q": ["PostgreSQL"], "track": ["Migration"]}),
        ("Track", "Migration", {"q": ["PostgreSQL"], "language": ["ru"]}),
    ]
    html = response.content.decode()
    assert "Remove the filter Language: Russian" in html
    assert 'href="/search/?q=PostgreSQL">Clear all filters</a>' in html


def test_company_and_project_filters_come_from_facets(client, archive):
    by_company = client.get(URL, {"q": "PostgreSQL", "company": "zalando"})
    by_project = client.get(URL, {"q": "PostgreSQL", "project": "multicorn"})

    assert result_titles(by_company) == [archive["zalando"].title]
    assert result_titles(by_project) == [archive["multicorn"].title]
    assert [f.label for f in by_project.context["active_filters"]] == ["Multicorn"]


def test_corrected_query_shown_with_a_link_to_the_query_as_typed(client, archive):
    response = client.get(URL, {"q": "replicaton", "language": "en"})

    html = response.content.decode()
    assert (
        "Showing results for <strong>replication</strong>; search instead for"
        ' <a href="/search/?q=replicaton&amp;language=en&amp;verbatim=true">replicaton</a>'
    ) in html
    assert "No exact matches" not in html
    assert result_titles(response) == [archive["zalando"].title]


def test_corrected_query_shown_in_russian(client, archive):
    response = client.get("/ru" + URL, {"q": "репликацыя"})

    html = response.content.decode()
    assert "Показаны результаты для <strong>репликация</strong>" in html
    assert 'verbatim=true">репликацыя</a>' in html


def test_no_exact_match_note_for_trigram_fallback(client, archive):
    response = client.get(URL, {"q": "Gogichasvili", "verbatim": "true"})

    html = response.content.decode()
    assert result_titles(response) == [archive["zalando"].title]
    assert "No exact matches; showing talks" in html
    assert "Showing results for" not in html


def test_sort_by_date_lists_newest_first_and_keeps_the_query(client, archive):
    older = TalkFactory(
        edition=EditionFactory(slug="old", start_date=datetime.date(2010, 5, 1)),
        title="Replication in 2010",
    )
    by_relevance = client.get(URL, {"q": "replication"})
    by_date = client.get(URL, {"q": "replication", "sort": "date"})

    assert result_titles(by_date)[-1] == older.title
    assert sorted(result_titles(by_date)) == sorted(result_titles(by_relevance))
    html = by_relevance.content.decode()
    assert '<a href="/search/?q=replication&amp;sort=date">Newest first</a>' in html
    assert '<strong aria-current="true">Relevance</strong>' in html
    assert '<strong aria-current="true">Newest first</strong>' in by_date.content.decode()


def test_empty_state_offers_ways_on(client, archive):
    response = client.get(URL, {"q": "zzyzx qwfp", "language": "ru"})

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "0 talks found" in html
    assert "No talks match “zzyzx qwfp”." in html
    assert "Check the spelling" in html
    assert "Use fewer words" in html
    assert '<a href="/search/?q=zzyzx+qwfp">Search again without the filters</a>' in html
    assert f'<a href="{reverse("talks:speaker-list")}">speakers</a>' in html
    assert f'<a href="{reverse("talks:project-list")}">projects</a>' in html
    assert f'<a href="{reverse("conference:edition-list")}">editions</a>' in html
    for example in ("replication", "репликация", "Multicorn"):
        assert f">{example}</a>" in html


def test_page_without_query_explains_and_runs_no_query(client, archive, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "talks found" not in html
    assert "Try an example:" in html


def test_query_without_words_asks_for_one(client, archive):
    response = client.get(URL, {"q": "!!! ---"})

    assert response.status_code == 200
    assert "Type at least one word" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"has_video": "maybe"}, "Video: Use true or false."),
        ({"has_slides": "1; DROP TABLE talks_talk"}, "Slides: Use true or false."),
        ({"language": "xx"}, "Language: Select a valid choice."),
        ({"page": "abc"}, "Page: Enter a whole number."),
        ({"page": "0"}, "Page: Ensure this value is greater than or equal to 1."),
        ({"page": "99999999999999999999"}, "Page: Ensure this value is less than or equal to"),
        ({"edition": "no slug!"}, "Edition: Enter a valid “slug”"),
        ({"track": "x" * 500}, "Track: Ensure this value has at most 100 characters"),
    ],
)
def test_bad_parameters_are_left_out_with_a_message(client, archive, params, message):
    response = client.get(URL, {"q": "PostgreSQL", **params})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Some search options could not be used and were left out:" in html
    assert message in html
    assert "3 talks found" in html  # the rest of the search still ran


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "1; DROP TABLE talks_talk", "ы" * 10_000, "<script>", "-", "OR", "%_\\"],
)
def test_odd_queries_never_fail(client, archive, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_null_character_in_query_is_a_clear_400(client, archive):
    response = client.get(URL, {"q": "a\x00b"})

    assert response.status_code == 400
    assert "Search: Null characters are not allowed." in response.content.decode()


def test_limit_parameter_is_ignored_by_the_page(client, archive):
    response = client.get(URL, {"q": "PostgreSQL", "limit": "abc"})

    assert response.status_code == 200
    assert len(result_titles(response)) == 3


def test_pagination_shows_twenty_a_page_and_keeps_the_query(client, archive):
    edition = archive["zalando"].edition
    for number in range(22):
        TalkFactory(edition=edition, title=f"Vacuum story {number}")

    first = client.get(URL, {"q": "vacuum", "track": "Development"})
    second = client.get(URL, {"q": "vacuum", "track": "Development", "page": 2})

    assert len(result_titles(first)) == 20
    assert len(result_titles(second)) == 2
    assert not set(result_titles(first)) & set(result_titles(second))
    html = first.content.decode()
    assert "22 talks found" in html
    assert "Page 1 of 2" in html
    assert 'rel="next" href="?q=vacuum&amp;track=Development&amp;page=2"' in html
    assert '<ol class="talk-list search-results" start="21">' in second.content.decode()


def test_page_past_the_last_links_back(client, archive):
    response = client.get(URL, {"q": "PostgreSQL", "page": 5})

    html = response.content.decode()
    assert response.status_code == 200
    assert "This page is past the last result." in html
    assert '<a href="/search/?q=PostgreSQL">Back to the first page</a>' in html


@pytest.mark.parametrize("case", drafts.CASES, ids=drafts.CASE_IDS)
def test_drafts_never_shown_in_results_or_facets(client, archive, case):
    edition = archive["zalando"].edition
    draft_edition = EditionFactory(name="Secret edition", slug="secret", is_published=False)
    TalkFactory(edition=draft_edition, title="Replication in the draft edition")
    TalkFactory(edition=edition, title="Draft replication", is_published=False)

    response = client.get(URL, {"q": "replication"})

    html = response.content.decode()
    # The Russian talk on replication by its topic (talks/search_topics.py); no draft.
    assert result_titles(response) == [archive["zalando"].title, archive["russian"].title]
    assert "draft" not in html.lower().split("<main", 1)[1]
    assert "Secret edition" not in html

    # The words of a draft, misspelt, cut short or exact, on the page (results, counts,
    # facets, "did you mean") and in the suggestions while typing: the same answers as
    # before the draft existed, and none of its words.
    drafts.public_neighbours(edition)
    probes = [*case.probes, "replication", "sharding", "vacuum"]
    before = {probe: answers(client, probe) for probe in probes}

    drafts.create_draft(case, edition)

    for probe in probes:
        after = answers(client, probe)
        assert after == before[probe], probe
        assert drafts.leaked_words(case, repr(after), echoed=probe) == [], probe


def answers(client, probe: str) -> tuple:
    """The search page's HTML and the suggestions endpoint's JSON for `probe`, and the
    search's own account: the count, the titles, the facets and the suggestion."""
    page = client.get(URL, {"q": probe})
    suggested = client.get(reverse("api-suggest"), {"q": probe})
    assert page.status_code == suggested.status_code == 200
    results = page.context["results"]
    facets = [
        (facet.name, [(link.label, link.count) for link in facet.links + facet.more])
        for facet in page.context["facets"]
    ]
    return (
        page.content.decode(),
        suggested.json(),
        results.count,
        [talk.title for talk in results.talks],
        facets,
        results.corrected,
    )


@pytest.mark.parametrize(
    ("case", "query", "word"),
    [
        (drafts.SPEAKER_IN_DRAFT_EDITION, "quibbleworht", "quibbleworth"),
        (drafts.TALK_IN_DRAFT_EDITION, "zanzibarain", "zanzibarian"),
        (drafts.UNPUBLISHED_TALK, "flumpingtom", "flumpington"),
    ],
    ids=["speaker in draft edition", "talk in draft edition", "unpublished talk"],
)
def test_correction_never_offers_a_word_of_a_draft(client, archive, case, query, word):
    """Issue 17: /search/?q=quibbleworht offered "quibbleworth", a speaker's name whose
    only talk is in a draft edition."""
    drafts.create_draft(case, archive["zalando"].edition)

    response = client.get(URL, {"q": query})

    html = unescape(response.content.decode())
    assert response.context["results"].corrected == ""
    assert "Showing results for" not in html
    assert word not in html.lower()
    assert "0 talks found" in html


def test_search_page_query_count_is_fixed(client, archive, django_assert_num_queries):
    # One result: the typo correction's look-up, the topics the query names, then count,
    # facets and the page in one statement (its talks' speakers come from a column of
    # their rows).
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "Zalando"})
    assert len(result_titles(response)) == 1

    edition = archive["zalando"].edition
    projects = ProjectFactory.create_batch(2)
    for number in range(25):
        TalkFactory(
            edition=edition,
            title=f"Zalando story {number}",
            speakers=[SpeakerFactory(company=CompanyFactory()) for _ in range(2)],
            projects=projects,
        )
    with django_assert_num_queries(3):  # correction's look-up; topics; count, facets, page
        response = client.get(URL, {"q": "Zalando"})
    assert len(result_titles(response)) == 20


def test_opensearch_description_names_the_search_and_suggestions(client):
    response = client.get(reverse("talks:opensearch"))

    xml = response.content.decode()
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert (
        '<Url type="text/html" method="get" template="http://testserver/search/?q={searchTerms}"/>'
        in xml
    )
    assert (
        '<Url type="application/x-suggestions+json" method="get" '
        'template="http://testserver/api/v1/suggest?format=opensearch&amp;q={searchTerms}"/>'
    ) in xml
    assert len(re.search(r"<ShortName>(.*)</ShortName>", xml).group(1)) <= 16


def test_search_page_and_opensearch_answer_head_but_not_post(client, archive):
    assert client.head(URL, {"q": "PostgreSQL"}).status_code == 200
    assert client.head(reverse("talks:opensearch")).status_code == 200
    assert client.post(URL, {"q": "PostgreSQL"}).status_code == 405
