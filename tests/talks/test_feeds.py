"""Atom feeds (talks/feeds.py) and the links to them in page heads."""

import pytest
from defusedxml import ElementTree as ET

from talks.feeds import FEED_SIZE
from talks.readers import detail, lists
from tests.factories import (
    EditionFactory,
    GalleryFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MANY = 30
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def archive():
    """Published and unpublished talks that every feed could show."""
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    speaker = SpeakerFactory(name="Ronan Dunklau", slug="ronan")
    project = ProjectFactory(name="Multicorn", slug="multicorn")
    TalkFactory(
        edition=edition, slug="old", title="Old talk", speakers=[speaker], projects=[project]
    )
    TalkFactory(
        edition=edition, slug="new", title="New talk", speakers=[speaker], projects=[project]
    )
    TalkFactory(
        edition=edition,
        slug="draft",
        title="Draft talk",
        is_published=False,
        speakers=[speaker],
        projects=[project],
    )
    draft_edition = EditionFactory(name="Draft 2030", slug="draft-2030", is_published=False)
    TalkFactory(
        edition=draft_edition,
        slug="hidden",
        title="Talk of a draft edition",
        speakers=[speaker],
        projects=[project],
    )
    TalkFactory(edition=EditionFactory(name="PGConf 2017"), slug="other", title="Other edition")
    return edition


def test_newest_talks_feed_lists_published_talks_newest_first(client, archive):
    assert entries(client, "/feeds/talks/") == [
        ("Other edition — PGConf 2017", "http://testserver/pgconf-2017/talks/other/"),
        ("New talk — PGConf 2016", "http://testserver/pgconf-2016/talks/new/"),
        ("Old talk — PGConf 2016", "http://testserver/pgconf-2016/talks/old/"),
    ]


def test_feed_entries_carry_authors_dates_and_summary(client, archive):
    root = ET.fromstring(client.get("/feeds/speakers/ronan/").content)
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ronan Dunklau"
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.find(f"{ATOM}category").get("term") == "Development"


@pytest.mark.parametrize(
    "url",
    ["/feeds/editions/pgconf-2016/", "/feeds/speakers/ronan/", "/feeds/projects/multicorn/"],
)
def test_object_feeds_list_only_its_published_talks(client, archive, url):
    assert [title for title, _ in entries(client, url)] == [
        "New talk — PGConf 2016",
        "Old talk — PGConf 2016",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/editions/draft-2030/",
        "/feeds/editions/no-such-edition/",
        "/feeds/speakers/nobody/",
        "/feeds/projects/nothing/",
    ],
)
def test_feeds_of_drafts_and_unknown_objects_are_404(client, archive, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/feeds/talks/", "/feeds/editions/pg-big/"])
def test_feeds_list_the_talks_added_last(client, url):
    edition = EditionFactory(slug="pg-big", name="PG")
    for number in range(FEED_SIZE + 1):
        TalkFactory(edition=edition, slug=f"talk-{number}", title=f"Talk {number}")

    titles = [title for title, _ in entries(client, url)]

    assert titles == [f"Talk {number} — PG" for number in range(FEED_SIZE, 0, -1)]


def test_speaker_with_only_unpublished_talks_has_no_feed(client):
    speaker = SpeakerFactory(slug="shy")
    TalkFactory(is_published=False, speakers=[speaker])
    assert client.get("/feeds/speakers/shy/").status_code == 404


def test_feeds_escape_everything(client):
    edition = EditionFactory(name=f"Edition {HOSTILE}", slug="hostile")
    speaker = SpeakerFactory(name=f"Speaker {HOSTILE}", slug="hostile-speaker")
    TalkFactory(edition=edition, title=HOSTILE, abstract=HOSTILE, speakers=[speaker])
    GalleryFactory(edition=edition, title=f"Gallery {HOSTILE}", description=HOSTILE)
    for url in (
        "/feeds/talks/",
        "/feeds/editions/hostile/",
        "/feeds/speakers/hostile-speaker/",
        "/feeds/galleries/",
    ):
        content = client.get(url).content
        assert b"<script" not in content
        assert b"<b>" not in content
        root = ET.fromstring(content)  # still well-formed XML
        # Markup comes back as text, not as elements of the feed.
        assert all(el.tag.startswith(ATOM) for el in root.iter())
        texts = [el.text or "" for el in root.iter()]
        assert any(HOSTILE in text for text in texts)


def test_feeds_drop_characters_xml_cannot_carry(client):
    """A vertical tab pasted into an abstract made every feed listing it a server error."""
    edition = EditionFactory(name="PGConf\x0c 2016", slug="pgconf-2016", summary="Su\x01mmary")
    speaker = SpeakerFactory(name="Oleg\x1f Bartunov", slug="oleg")
    project = ProjectFactory(name="Multi\x08corn", slug="multicorn", description="F\x0bDW")
    talk = TalkFactory(
        edition=edition,
        title="Logical\x0b replication",
        abstract="Rows\x0b move\x01.",
        track="Inter\x02nals",
        speakers=[speaker],
    )
    talk.projects.add(project)
    GalleryFactory(edition=edition, title="Day\x0b 1", description="Hall\x0c")
    for url in (
        "/feeds/talks/",
        "/feeds/editions/pgconf-2016/",
        "/feeds/speakers/oleg/",
        "/feeds/projects/multicorn/",
        "/feeds/galleries/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        texts = " ".join(el.text or "" for el in ET.fromstring(response.content).iter())
        assert not any(ord(character) < 32 and character not in "\t\n\r" for character in texts)
    talks = client.get("/feeds/talks/").content.decode()
    assert "Logical replication — PGConf 2016" in talks
    assert "Rows move." in talks
    assert 'term="Internals"' in talks
    assert "Oleg Bartunov" in talks


def test_galleries_feed_lists_published_galleries_only(client):
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    GalleryFactory(edition=edition, title="Day 1", slug="day-1")
    GalleryFactory(edition=edition, title="Unpublished", slug="unpublished", is_published=False)
    GalleryFactory(edition=EditionFactory(is_published=False), title="Of a draft edition")
    assert entries(client, "/feeds/galleries/") == [
        ("Day 1 — PGConf 2016", "http://testserver/pgconf-2016/photos/day-1/"),
    ]


@pytest.mark.parametrize("count", [1, MANY])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/feeds/talks/", 1),  # talks with editions and credits
        ("/feeds/editions/pg-many/", 2),  # + the edition
        ("/feeds/speakers/many/", 1),  # the speaker from the talks' credits
        ("/feeds/projects/many/", 2),  # + the project
        ("/feeds/galleries/", 1),
    ],
)
def test_feeds_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, count, url, queries
):
    edition = EditionFactory(slug="pg-many")
    speaker = SpeakerFactory(slug="many")
    project = ProjectFactory(slug="many")
    for _ in range(count):
        TalkFactory(edition=edition, speakers=[speaker, SpeakerFactory()], projects=[project])
        GalleryFactory(edition=edition)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def head_feeds(client, url):
    content = client.get(url).content.decode()
    head = content[: content.index("</head>")]
    return [
        line.strip()
        for line in head.splitlines()
        if 'rel="alternate" type="application/atom+xml"' in line
    ]


def test_page_heads_link_to_their_feeds(client, archive):
    assert head_feeds(client, "/") == [
        '<link rel="alternate" type="application/atom+xml" href="/feeds/talks/" title="New talks">',
        '<link rel="alternate" type="application/atom+xml" href="/feeds/galleries/" '
        'title="New photos">',
    ]
    assert head_feeds(client, "/pgconf-2016/")[-1] == (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/feeds/editions/pgconf-2016/" title="Talks of PGConf 2016">'
    )
    assert head_feeds(client, "/speakers/ronan/")[-1] == (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/feeds/speakers/ronan/" title="Talks by Ronan Dunklau">'
    )
    assert head_feeds(client, "/projects/multicorn/")[-1] == (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/feeds/projects/multicorn/" title="Talks about Multicorn">'
    )


def feed_head(client, url):
    root = ET.fromstring(client.get(url).content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    return root.findtext(f"{ATOM}title"), links


def test_russian_feeds_are_in_russian_and_link_russian_pages(client, archive):
    """Each feed has an address per language, as the pages: /ru/feeds/... is titled in
    Russian and links the talks' Russian pages."""
    assert entries(client, "/ru/feeds/talks/") == [
        ("Other edition — PGConf 2017", "http://testserver/ru/pgconf-2017/talks/other/"),
        ("New talk — PGConf 2016", "http://testserver/ru/pgconf-2016/talks/new/"),
        ("Old talk — PGConf 2016", "http://testserver/ru/pgconf-2016/talks/old/"),
    ]
    assert feed_head(client, "/ru/feeds/talks/") == (
        "Новые доклады · Архив конференции PostgreSQL",
        {
            "alternate": "http://testserver/ru/editions/",
            "self": "http://testserver/ru/feeds/talks/",
        },
    )
    title, links = feed_head(client, "/ru/feeds/speakers/ronan/")
    assert title == "Ronan Dunklau: доклады"
    assert links["alternate"] == "http://testserver/ru/speakers/ronan/"
    # The English feed stays English at its old address.
    assert feed_head(client, "/feeds/talks/")[0] == "New talks · PostgreSQL conference archive"


def test_russian_galleries_feed_links_russian_pages(client):
    GalleryFactory(edition=EditionFactory(slug="pgconf-2016"), slug="day-1")

    assert [link for _title, link in entries(client, "/ru/feeds/galleries/")] == [
        "http://testserver/ru/pgconf-2016/photos/day-1/"
    ]


def test_russian_page_heads_link_to_russian_feeds(client, archive):
    assert head_feeds(client, "/ru/") == [
        '<link rel="alternate" type="application/atom+xml" href="/ru/feeds/talks/" '
        'title="Новые доклады">',
        '<link rel="alternate" type="application/atom+xml" href="/ru/feeds/galleries/" '
        'title="Новые фотографии">',
    ]
    assert head_feeds(client, "/ru/speakers/ronan/")[-1] == (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/ru/feeds/speakers/ronan/" title="Ronan Dunklau: доклады">'
    )


def test_edition_page_lists_schedule_exports_and_talk_page_links_its_calendar(client, archive):
    edition_page = client.get("/pgconf-2016/").content.decode()
    for path in (
        "/pgconf-2016/schedule.ics",
        "/pgconf-2016/schedule.xml",
        "/pgconf-2016/schedule.json",
        "/feeds/editions/pgconf-2016/",
    ):
        assert f'href="{path}"' in edition_page
    talk_page = client.get("/pgconf-2016/talks/new/").content.decode()
    assert 'href="/pgconf-2016/talks/new/talk.ics"' in talk_page
    assert "Add to calendar" in talk_page


def test_draft_preview_links_no_exports(organiser_client):
    edition = EditionFactory(slug="draft-2031", is_published=False)
    TalkFactory(edition=edition, slug="t")
    page = organiser_client.get("/draft-2031/").content.decode()
    assert "/draft-2031/schedule.xml" not in page
    assert "/feeds/editions/draft-2031/" not in page
    talk_page = organiser_client.get("/draft-2031/talks/t/").content.decode()
    assert "talk.ics" not in talk_page


def test_a_speakers_feed_reads_the_speaker_and_talks_the_pages_readers_give(archive):
    """lists.speaker_feed(): the speaker find_speaker() gives (or None: a 404 as the
    page) and the talks talks_for_speaker() gives, with the same credits, in one
    statement; for a speaker with several talks, one with only a draft talk, one with a
    talk of a draft edition, one with none, and one credited second."""
    second = SpeakerFactory(name="Second", slug="second")
    TalkFactory(edition=EditionFactory(), speakers=[SpeakerFactory(), second])
    TalkFactory(is_published=False, speakers=[SpeakerFactory(slug="draft-only")])
    TalkFactory(edition=EditionFactory(is_published=False), speakers=[SpeakerFactory(slug="dr")])
    SpeakerFactory(slug="none")
    for slug in ("ronan", "second", "draft-only", "dr", "none", "nobody"):
        speaker, talks = lists.speaker_feed(slug, latest=FEED_SIZE)
        expected = detail.find_speaker(slug)
        if expected is None:
            assert (speaker, talks) == (None, []), slug
            continue
        assert (speaker.pk, speaker.name, speaker.get_absolute_url()) == (
            expected.pk,
            expected.name,
            expected.get_absolute_url(),
        )
        reference = lists.talks_for_speaker(expected, whole=True, latest=FEED_SIZE)
        assert talks == reference, slug
        assert [t.speaker_credit.pk for t in talks] == [t.speaker_credit.pk for t in reference]
        assert [t.abstract for t in talks] == [t.abstract for t in reference]
