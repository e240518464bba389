"""The JSON API's lists on the shared readers (talks.readers.lists.talks_page and
talks.readers.indexes.index_rows): every filter next to the drafts it must not let
through, counts that match the pages', and paging at a fixed query count."""

import datetime

import pytest
from django.utils import timezone

from talks.choices import Language
from talks.readers import indexes
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def talk_like(edition, slug, *, video_url, is_published=True, speakers, projects):
    """A Russian Internals talk of `edition`: every draft copies its public twin, so that
    each filter matching the public talk matches the drafts too."""
    return TalkFactory(
        edition=edition,
        slug=slug,
        title=slug,  # with the same start, room and track, the title orders the talks
        language=Language.RUSSIAN,
        track="Internals",
        video_url=video_url,
        is_published=is_published,
        start=timezone.make_aware(datetime.datetime.combine(edition.start_date, datetime.time(10))),
        speakers=speakers,
        projects=projects,
    )


@pytest.fixture
def archive():
    """Two public talks (with and without a video) by one speaker, at one company, about
    one project; beside each, an unpublished twin in the same edition and a published
    twin in a draft edition, which add a speaker, company and project of their own."""
    public = EditionFactory(slug="public-edition", start_date=datetime.date(2020, 5, 1))
    draft = EditionFactory(slug="draft-edition", is_published=False)
    speaker = SpeakerFactory(slug="shown", company=CompanyFactory(slug="shown-co"))
    project = ProjectFactory(slug="shown-project")
    ghost = SpeakerFactory(slug="ghost", company=CompanyFactory(slug="ghost-co"))
    ghost_project = ProjectFactory(slug="ghost-project")
    for name, video in (("with-video", "https://video.example.org/1"), ("no-video", "")):
        talk_like(public, name, video_url=video, speakers=[speaker], projects=[project])
        for edition, is_published in ((public, False), (draft, True)):
            talk_like(
                edition,
                f"{name}-{edition.slug}-{is_published}",
                video_url=video,
                is_published=is_published,
                speakers=[speaker, ghost],
                projects=[project, ghost_project],
            )
    return public


def get(client, path, params=None, status=200):
    response = client.get(f"{API}{path}", params or {})
    assert response.status_code == status, response.content
    return response.json()


def slugs(body):
    return [row["slug"] for row in body["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["no-video", "with-video"]),
        ({"edition": "public-edition"}, ["no-video", "with-video"]),
        ({"edition": "draft-edition"}, []),
        ({"language": "ru"}, ["no-video", "with-video"]),
        ({"track": "Internals"}, ["no-video", "with-video"]),
        ({"speaker": "shown"}, ["no-video", "with-video"]),
        ({"speaker": "ghost"}, []),
        ({"company": "shown-co"}, ["no-video", "with-video"]),
        ({"company": "ghost-co"}, []),
        ({"project": "shown-project"}, ["no-video", "with-video"]),
        ({"project": "ghost-project"}, []),
        ({"has_video": "true"}, ["with-video"]),
        ({"has_video": "false"}, ["no-video"]),
        (
            {
                "edition": "public-edition",
                "language": "ru",
                "track": "Internals",
                "speaker": "shown",
                "company": "shown-co",
                "project": "shown-project",
                "has_video": "false",
            },
            ["no-video"],
        ),
        ({"track": "", "edition": ""}, ["no-video", "with-video"]),  # empty: no filter
    ],
)
def test_talk_filters_leave_out_drafts(client, archive, params, expected):
    body = get(client, "/talks", params)

    assert slugs(body) == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/talks/public-edition/with-video-public-edition-False", "unpublished talk"),
        ("/talks/draft-edition/with-video-draft-edition-True", "talk of a draft edition"),
        ("/speakers/ghost", "speaker of drafts only"),
        ("/companies/ghost-co", "company of drafts only"),
        ("/projects/ghost-project", "project of drafts only"),
    ],
)
def test_drafts_have_no_detail(client, archive, path, slug):
    assert get(client, path, status=404)["error"] == "Not found.", slug


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/speakers", ["shown"]),
        ("/companies", ["shown-co"]),
        ("/projects", ["shown-project"]),
    ],
)
@pytest.mark.parametrize("edition", [None, "public-edition", "draft-edition"])
def test_index_lists_leave_out_drafts_and_count_as_the_details(
    client, archive, path, shown, edition
):
    body = get(client, path, {"edition": edition} if edition else {})

    expected = [] if edition == "draft-edition" else shown
    assert slugs(body) == expected
    assert body["count"] == len(expected)
    for row in body["results"]:
        detail = get(client, f"{path}/{row['slug']}")
        assert row["talk_count"] == detail["talk_count"] == len(detail["talks"]) == 2
        if path == "/companies":
            assert row["speaker_count"] == detail["speaker_count"] == 1


def test_index_counts_are_the_index_pages(client, archive):
    """The API's counts come from the statement the index pages read: the same numbers."""
    pages = {
        "/speakers": [s for group in indexes.speakers_index() for s in group.speakers],
        "/companies": indexes.company_index(),
        "/projects": indexes.project_index(),
    }
    for path, rows in pages.items():
        answers = get(client, path)["results"]
        assert [(a["slug"], a["talk_count"]) for a in answers] == [
            (row.slug, row.talk_count) for row in rows
        ]


# --- Paging at a fixed number of queries ------------------------------------------


def many_talks(count: int) -> None:
    """`count` public talks (one edition each, newest first by number) by one speaker at
    one company about one project, each beside an unpublished twin."""
    speaker = SpeakerFactory(slug="many", company=CompanyFactory(slug="many-co"))
    project = ProjectFactory(slug="many-project")
    for number in range(count):
        edition = EditionFactory(start_date=datetime.date(2000 + number, 1, 1))
        for is_published in (True, False):
            TalkFactory(
                edition=edition,
                slug=f"talk-{number}-{is_published}",
                is_published=is_published,
                speakers=[speaker, SpeakerFactory(company=CompanyFactory())],
                projects=[project],
            )


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize(
    "path", ["/talks", "/talks?speaker=many&company=many-co&project=many-project"]
)
def test_talk_pages_count_and_cut_in_one_query(client, django_assert_max_num_queries, count, path):
    many_talks(count)
    newest_first = [f"talk-{number}-True" for number in reversed(range(count))]
    separator = "&" if "?" in path else "?"
    last_offset = (count - 1) // 10 * 10

    with django_assert_max_num_queries(1):
        first = client.get(f"{API}{path}{separator}limit=10").json()
    with django_assert_max_num_queries(1):
        last = client.get(f"{API}{path}{separator}limit=10&offset={last_offset}").json()

    assert (first["count"], last["count"]) == (count, count)
    assert slugs(first) == newest_first[:10]
    assert slugs(last) == newest_first[last_offset:]
    assert (first["next"] is not None) == (count > 10)
    assert last["next"] is None


@pytest.mark.parametrize("count", [1, 25])
def test_a_page_past_the_end_still_counts(client, django_assert_max_num_queries, count):
    many_talks(count)

    with django_assert_max_num_queries(2):  # the empty page, then the count
        body = get(client, "/talks", {"offset": 100})

    assert body["results"] == []
    assert body["count"] == count


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize("path", ["/speakers", "/companies", "/projects"])
def test_index_pages_count_and_cut_in_one_query(client, django_assert_max_num_queries, count, path):
    many_talks(count)
    total = {"/speakers": count + 1, "/companies": count + 1, "/projects": 1}[path]

    with django_assert_max_num_queries(1):
        body = get(client, path, {"limit": 10})

    assert body["count"] == total
    assert len(body["results"]) == min(10, total)
