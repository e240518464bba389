"""Topic pages, their feed and sitemap entries, and a talk page's topics and related talks."""

import json

import pytest

from talks.models import Talk, TalkTopic
from talks.related import refresh_stale
from talks.topic_views import TALKS_PER_PAGE
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def talks(sharding):
    old = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    new = EditionFactory(name="PGConf 2019", slug="pgconf-2019")
    return {
        "english": TalkFactory(edition=new, slug="en", title="Sharding at scale", abstract=""),
        "russian": TalkFactory(
            edition=old, slug="ru", title="Шардирование без боли", abstract="", language="ru"
        ),
        "draft": TalkFactory(edition=new, slug="draft", title="Sharding draft", is_published=False),
        "hidden": TalkFactory(
            edition=EditionFactory(name="Secret", slug="secret", is_published=False),
            title="Sharding in a draft edition",
        ),
    }


def test_topic_page_lists_talks_of_every_edition_in_both_languages(client, talks):
    response = client.get("/topics/sharding-test/")

    assert response.status_code == 200
    html = response.text
    assert "Sharding at scale" in html
    assert "Шардирование без боли" in html
    assert "English: 1 talk" in html
    assert "Russian: 1 talk" in html
    assert 'href="/feeds/topics/sharding-test/"' in html


def test_topic_page_never_shows_drafts(client, talks):
    html = client.get("/topics/sharding-test/").text

    assert "draft" not in html.lower().split("<main", 1)[1]
    assert "Secret" not in html


def test_topic_carried_only_by_drafts_has_no_page(client, talks):
    TopicFactory(slug="drafty", terms_en=["draft"])

    assert client.get("/topics/drafty/").status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert "drafty" not in client.get("/topics/").text


def test_topic_page_in_russian(client, talks):
    response = client.get("/ru/topics/sharding-test/")

    assert response.status_code == 200
    assert "<h1>Шардирование</h1>" in response.text
    assert '<p class="subtitle" lang="en">Sharding</p>' in response.text


def test_topic_index_counts_public_talks_per_language(client, talks):
    response = client.get("/topics/")

    assert response.status_code == 200
    (topic,) = [t for t in response.context["topics"] if t.slug == "sharding-test"]
    assert (topic.talk_count, topic.english_count, topic.russian_count) == (2, 1, 1)
    assert "1 in English, 1 in Russian" in response.text


def test_topic_json_ld_lists_its_talks(client, talks):
    html = client.get("/topics/sharding-test/").text
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script)

    assert data["@type"] == "CollectionPage"
    assert data["about"]["name"] == "Sharding"
    assert data["about"]["alternateName"] == ["Шардирование"]
    assert [item["name"] for item in data["mainEntity"]["itemListElement"]] == [
        "Sharding at scale",
        "Шардирование без боли",
    ]


def test_topic_feed_lists_public_talks(client, talks):
    response = client.get("/feeds/topics/sharding-test/")

    assert response.status_code == 200
    body = response.text
    assert "Sharding at scale" in body
    assert "Шардирование без боли" in body
    assert "draft" not in body.lower()


def test_sitemap_lists_public_topic_pages(client, talks):
    TopicFactory(slug="drafty", terms_en=["draft"])

    # The topics' pages in the projects' section, the index of topics in the indexes'.
    body = client.get("/sitemap-projects.xml").text + client.get("/sitemap-pages.xml").text

    assert "http://testserver/topics/sharding-test/" in body
    assert "http://testserver/ru/topics/sharding-test/" in body
    assert "http://testserver/topics/</loc>" in body
    assert "/topics/drafty/" not in body


def test_talk_page_shows_its_topics(client, talks):
    html = client.get("/pgconf-2019/talks/en/").text

    assert '<a href="/topics/sharding-test/">Sharding</a>' in html


def test_talk_page_shows_related_talks_of_either_language(client, talks):
    speaker = SpeakerFactory()
    edition = talks["english"].edition
    by_speaker = TalkFactory(edition=edition, title="Caching", abstract="", speakers=[speaker])
    TalkFactory(edition=edition, title="Unrelated", abstract="")
    talk = talks["english"]
    talk.talk_speakers.create(speaker=speaker, position=0)
    refresh_stale()  # the background task's work (talks/related.py)

    response = client.get("/pgconf-2019/talks/en/")

    related = [related.title for related in response.context["related_talks"]]
    assert related == ["Caching", "Шардирование без боли"]  # a rare speaker before a topic
    assert by_speaker.title in response.text.split("Related talks", 1)[1]


def test_related_talks_follow_an_organisers_removal(client, talks):
    refresh_stale()
    assert client.get("/pgconf-2019/talks/en/").context["related_talks"] == [talks["russian"]]
    # Every topic they share (the seed's own sharding topic too).
    TalkTopic.objects.filter(talk=talks["russian"]).update(source="removed")
    refresh_stale()

    response = client.get("/pgconf-2019/talks/en/")

    assert response.context["related_talks"] == []


def test_topic_page_is_paged_and_keeps_its_counts_per_language(client, sharding):
    edition = EditionFactory(slug="pgconf-big")
    Talk.objects.bulk_create(
        Talk(
            edition=edition,
            slug=f"{language}-{number}",
            title=f"Sharding {language} {number}",
            abstract="",
            language=language,
            is_published=True,
        )
        for language, many in (("en", TALKS_PER_PAGE), ("ru", 3))
        for number in range(many)
    )

    first = client.get("/topics/sharding-test/")
    second = client.get("/topics/sharding-test/?page=2")
    russian_first = client.get("/ru/topics/sharding-test/")

    assert first.status_code == second.status_code == russian_first.status_code == 200
    assert len(first.context["talks"]) == TALKS_PER_PAGE
    assert {talk.language for talk in first.context["talks"]} == {"en"}
    assert [talk.language for talk in second.context["talks"]] == ["ru"] * 3
    for response in (first, second):
        assert "English: 50 talks" in response.text
        assert "53 talks from every edition" in response.text
    assert "Russian: 3 talks" in second.text
    assert 'rel="next" href="?page=2"' in first.text
    # The reader's own language first.
    assert [talk.language for talk in russian_first.context["talks"][:3]] == ["ru"] * 3
    data = json.loads(second.text.split('type="application/ld+json">')[-1].split("</script>")[0])
    assert data["mainEntity"]["numberOfItems"] == 53
    assert data["mainEntity"]["itemListElement"][0]["position"] == TALKS_PER_PAGE + 1


def test_a_topic_page_past_the_last_is_not_found(client, talks):
    assert client.get("/topics/sharding-test/?page=2").status_code == 404
    assert client.get("/topics/sharding-test/?page=nonsense").status_code == 200
