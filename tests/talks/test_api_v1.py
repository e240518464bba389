"""The read-only JSON API under /api/v1/ (talks/api_v1/) and its OpenAPI schema."""

import datetime

import pytest
from django.utils import timezone

from photos.choices import PhotoStatus
from talks.choices import Language
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
MANY = 30


@pytest.fixture
def archive():
    """Two published editions and a draft; published and draft talks in both languages."""
    old = EditionFactory(
        name="PGConf 2016",
        slug="pgconf-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
    )
    new = EditionFactory(
        name="PGConf 2017",
        slug="pgconf-2017",
        start_date=datetime.date(2017, 3, 15),
        end_date=datetime.date(2017, 3, 16),
    )
    draft = EditionFactory(name="PGConf 2030", slug="pgconf-2030", is_published=False)
    dalibo = CompanyFactory(name="Dalibo", slug="dalibo")
    postgrespro = CompanyFactory(name="Postgres Professional", slug="postgrespro")
    ronan = SpeakerFactory(name="Ronan Dunklau", slug="ronan", company=dalibo)
    oleg = SpeakerFactory(name="Олег Бартунов", slug="oleg", company=postgrespro)
    hidden = SpeakerFactory(name="Hidden Speaker", slug="hidden")
    multicorn = ProjectFactory(name="Multicorn", slug="multicorn")
    secret_project = ProjectFactory(name="Secret", slug="secret")
    TalkFactory(
        edition=old,
        slug="multicorn",
        title="Multicorn",
        other_title="Мультикорн",
        subtitle="FDWs in Python",
        track="Development",
        video_url="https://video.example.org/1",
        start=timezone.make_aware(datetime.datetime(2016, 2, 3, 10)),
        speakers=[ronan, oleg],
        projects=[multicorn],
    )
    TalkFactory(
        edition=old,
        slug="indexes",
        title="Индексы",
        language=Language.RUSSIAN,
        track="Internals",
        start=timezone.make_aware(datetime.datetime(2016, 2, 3, 11)),
        speakers=[oleg],
    )
    TalkFactory(
        edition=new,
        slug="unscheduled",
        title="Lightning talks",
        start=None,
        duration=None,
        speakers=[ronan],
    )
    TalkFactory(
        edition=old,
        slug="draft-talk",
        title="Draft talk",
        is_published=False,
        speakers=[hidden],
        projects=[secret_project],
    )
    TalkFactory(edition=draft, slug="draft-edition-talk", title="Talk of a draft edition")
    return {"old": old, "new": new, "draft": draft}


def get(client, path, params=None, status=200):
    response = client.get(f"{API}{path}", params or {})
    assert response.status_code == status, response.content
    return response.json()


def slugs(body):
    return [row["slug"] for row in body["results"]]


# --- Editions ----------------------------------------------------------------


def test_editions_list_published_newest_first(client, archive):
    body = get(client, "/editions")
    assert body["count"] == 2
    assert body["next"] is None
    assert body["previous"] is None
    assert slugs(body) == ["pgconf-2017", "pgconf-2016"]
    old = body["results"][1]
    assert old["talk_count"] == 2
    assert old["url"] == "http://testserver/pgconf-2016/"
    assert old["schedule"] == {
        "frab_xml": "http://testserver/pgconf-2016/schedule.xml",
        "c3voc_json": "http://testserver/pgconf-2016/schedule.json",
        "ical": "http://testserver/pgconf-2016/schedule.ics",
        "atom_feed": "http://testserver/feeds/editions/pgconf-2016/",
    }


def test_edition_detail_and_draft_404(client, archive):
    body = get(client, "/editions/pgconf-2016")
    assert body["name"] == "PGConf 2016"
    assert body["start_date"] == "2016-02-03"
    assert get(client, "/editions/pgconf-2030", status=404) == {
        "error": "Not found.",
        "fields": {},
    }
    get(client, "/editions/nothing", status=404)


# --- Talks -------------------------------------------------------------------


def test_talks_list_shape(client, archive):
    response = client.get(f"{API}/talks")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Олег Бартунов".encode() in response.content  # UTF-8, as /api/v1/search
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert slugs(body) == ["unscheduled", "multicorn", "indexes"]
    talk = body["results"][1]
    assert talk == {
        "edition": {
            "slug": "pgconf-2016",
            "name": "PGConf 2016",
            "url": "http://testserver/pgconf-2016/",
        },
        "slug": "multicorn",
        "title": "Multicorn",
        "other_title": "Мультикорн",
        "subtitle": "FDWs in Python",
        "abstract": talk["abstract"],
        "description": "",
        "language": "en",
        "kind": "talk",
        "track": "Development",
        "track_en": "Development",
        "track_ru": "",
        "room": "Hall 1",
        "room_en": "Hall 1",
        "room_ru": "",
        "start": "2016-02-03T10:00:00+03:00",
        "time_zone": "Europe/Moscow",
        "duration_minutes": 45,
        "speakers": [
            {
                "slug": "ronan",
                "name": "Ronan Dunklau",
                "name_en": "Ronan Dunklau",
                "name_ru": "",
                "url": "http://testserver/speakers/ronan/",
                "company": {
                    "slug": "dalibo",
                    "name": "Dalibo",
                    "name_en": "Dalibo",
                    "name_ru": "",
                    "url": "http://testserver/companies/dalibo/",
                },
            },
            {
                "slug": "oleg",
                "name": "Олег Бартунов",
                "name_en": "",
                "name_ru": "Олег Бартунов",
                "url": "http://testserver/speakers/oleg/",
                "company": {
                    "slug": "postgrespro",
                    "name": "Postgres Professional",
                    "name_en": "Postgres Professional",
                    "name_ru": "",
                    "url": "http://testserver/companies/postgrespro/",
                },
            },
        ],
        "projects": [
            {
                "slug": "multicorn",
                "name": "Multicorn",
                "url": "http://testserver/projects/multicorn/",
            }
        ],
        "slides_url": None,
        "video_url": "https://video.example.org/1",
        "url": "http://testserver/pgconf-2016/talks/multicorn/",
        "calendar_url": "http://testserver/pgconf-2016/talks/multicorn/talk.ics",
    }
    unscheduled = body["results"][0]
    assert unscheduled["start"] is None
    assert unscheduled["calendar_url"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"edition": "pgconf-2016"}, ["multicorn", "indexes"]),
        ({"edition": "pgconf-2030"}, []),  # a draft edition shows nothing
        ({"edition": "no-such-edition"}, []),
        ({"language": "ru"}, ["indexes"]),
        ({"track": "Internals"}, ["indexes"]),
        ({"track": "internals"}, ["indexes"]),  # the slug, as the docs say
        ({"speaker": "ronan"}, ["unscheduled", "multicorn"]),
        ({"speaker": "hidden"}, []),
        ({"company": "postgrespro"}, ["multicorn", "indexes"]),
        ({"project": "multicorn"}, ["multicorn"]),
        ({"project": "secret"}, []),
        ({"has_video": "true"}, ["multicorn"]),
        ({"has_video": "false"}, ["unscheduled", "indexes"]),
        ({"speaker": "oleg", "language": "en"}, ["multicorn"]),
    ],
)
def test_talks_filters(client, archive, params, expected):
    assert slugs(get(client, "/talks", params)) == expected


def test_talk_detail(client, archive):
    body = get(client, "/talks/pgconf-2016/indexes")
    assert body["title"] == "Индексы"
    assert [s["name"] for s in body["speakers"]] == ["Олег Бартунов"]


@pytest.mark.parametrize(
    "path",
    [
        "/talks/pgconf-2016/draft-talk",
        "/talks/pgconf-2030/draft-edition-talk",
        "/talks/pgconf-2017/indexes",  # right slug, wrong edition
        "/talks/pgconf-2016/nothing",
    ],
)
def test_talk_detail_404s(client, archive, path):
    assert get(client, path, status=404)["error"] == "Not found."


# --- Pagination and bad input ----------------------------------------------------


def test_pagination_with_offset_and_page(client, archive):
    first = get(client, "/talks", {"limit": 2})
    assert slugs(first) == ["unscheduled", "multicorn"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/talks?limit=2&offset=2"
    second = client.get(first["next"]).json()
    assert slugs(second) == ["indexes"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/talks?limit=2&offset=0"
    assert slugs(get(client, "/talks", {"limit": 2, "page": 2})) == ["indexes"]
    past_the_end = get(client, "/talks", {"offset": 50})
    assert past_the_end["results"] == []
    assert past_the_end["count"] == 3


def test_next_link_keeps_the_filters(client, archive):
    body = get(client, "/talks", {"limit": 1, "edition": "pgconf-2016"})
    assert body["next"] == "http://testserver/api/v1/talks?limit=1&edition=pgconf-2016&offset=1"


@pytest.mark.parametrize("endpoint", ["/editions", "/talks", "/speakers", "/galleries"])
@pytest.mark.parametrize("limit", ["0", "-1", "101", "1000", "abc", "1.5"])
def test_bad_limit_is_the_search_endpoints_400(client, archive, endpoint, limit):
    body = get(client, endpoint, {"limit": limit}, status=400)
    assert body == {
        "error": "limit must be a whole number from 1 to 100.",
        "fields": {"limit": ["limit must be a whole number from 1 to 100."]},
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"offset": "-1"}, "offset", "offset must be a whole number, 0 or more."),
        ({"offset": "x"}, "offset", "offset must be a whole number, 0 or more."),
        ({"page": "0"}, "page", "page must be a whole number, 1 or more."),
        ({"language": "xx"}, "language", "Unknown language."),
        ({"has_video": "maybe"}, "has_video", "Use true or false."),
    ],
)
def test_bad_parameters_are_clear_400s(client, archive, params, field, message):
    assert get(client, "/talks", params, status=400) == {
        "error": message,
        "fields": {field: [message]},
    }


@pytest.mark.parametrize("limit", ["1", "100"])
def test_limit_bounds_accepted(client, archive, limit):
    assert len(get(client, "/talks", {"limit": limit})["results"]) == min(int(limit), 3)


def test_api_is_read_only(client, archive):
    assert client.post(f"{API}/talks").status_code == 405
    assert client.head(f"{API}/talks").status_code == 200


# --- Speakers, companies, projects -----------------------------------------------


def test_speakers_list_and_filters(client, archive):
    body = get(client, "/speakers")
    assert slugs(body) == ["ronan", "oleg"]  # by name; Hidden has only a draft talk
    ronan = body["results"][0]
    assert ronan["talk_count"] == 2
    assert ronan["company"] == {
        "slug": "dalibo",
        "name": "Dalibo",
        "name_en": "Dalibo",
        "name_ru": "",
        "url": "http://testserver/companies/dalibo/",
    }
    assert ronan["url"] == "http://testserver/speakers/ronan/"
    assert slugs(get(client, "/speakers", {"edition": "pgconf-2017"})) == ["ronan"]
    assert slugs(get(client, "/speakers", {"edition": "pgconf-2030"})) == []


def test_speaker_current_company_shown_only_when_public(client, archive):
    """A current company nobody spoke for at a published talk has no page: null here."""
    quiet = SpeakerFactory(slug="quiet", company=CompanyFactory(slug="no-talks"))
    TalkSpeakerFactory(talk=TalkFactory(edition=archive["new"]), speaker=quiet, company=None)
    assert get(client, "/speakers/quiet")["company"] is None
    assert get(client, "/speakers/ronan")["company"]["slug"] == "dalibo"


def test_speaker_detail_lists_published_talks(client, archive):
    body = get(client, "/speakers/oleg")
    assert body["name"] == "Олег Бартунов"
    assert [(t["edition"], t["slug"]) for t in body["talks"]] == [
        ("pgconf-2016", "multicorn"),
        ("pgconf-2016", "indexes"),
    ]
    get(client, "/speakers/hidden", status=404)


def test_companies_and_projects(client, archive):
    companies = get(client, "/companies")
    assert slugs(companies) == ["dalibo", "postgrespro"]
    assert companies["results"][1]["talk_count"] == 2
    assert slugs(get(client, "/companies", {"edition": "pgconf-2017"})) == ["dalibo"]
    dalibo = get(client, "/companies/dalibo")
    assert [t["slug"] for t in dalibo["talks"]] == ["unscheduled", "multicorn"]
    projects = get(client, "/projects")
    assert slugs(projects) == ["multicorn"]
    assert projects["results"][0]["talk_count"] == 1
    assert slugs(get(client, "/projects", {"edition": "pgconf-2017"})) == []
    assert [t["slug"] for t in get(client, "/projects/multicorn")["talks"]] == ["multicorn"]
    get(client, "/projects/secret", status=404)
    get(client, "/companies/nothing", status=404)


# --- Galleries -----------------------------------------------------------------


def test_galleries_show_published_photos_only(client, archive):
    gallery = GalleryFactory(edition=archive["old"], title="Day 1", slug="day-1")
    shown = PhotoFactory(gallery=gallery, caption="Shown", position=1)
    RenditionFactory(photo=shown, width=480, height=360)
    PhotoFactory(gallery=gallery, caption="Pending", status=PhotoStatus.PENDING)
    PhotoFactory(gallery=gallery, caption="Rejected", status=PhotoStatus.REJECTED)
    GalleryFactory(edition=archive["old"], slug="hidden", is_published=False)
    GalleryFactory(edition=archive["draft"], slug="of-draft")

    body = get(client, "/galleries")
    assert slugs(body) == ["day-1"]
    assert body["results"][0]["photo_count"] == 1
    assert slugs(get(client, "/galleries", {"edition": "pgconf-2017"})) == []
    detail = get(client, "/galleries/pgconf-2016/day-1")
    assert [photo["caption"] for photo in detail["photos"]] == ["Shown"]
    (photo,) = detail["photos"]
    assert photo["url"] == f"http://testserver/pgconf-2016/photos/day-1/{shown.pk}/"
    assert [(r["width"], r["format"]) for r in photo["renditions"]] == [(480, "jpeg")]
    assert photo["renditions"][0]["url"].startswith("http://testserver/media/renditions/")
    assert "original" not in str(detail)
    get(client, "/galleries/pgconf-2016/hidden", status=404)
    get(client, f"/galleries/{archive['draft'].slug}/of-draft", status=404)


# --- Query counts --------------------------------------------------------------


def make_many(count: int):
    edition = EditionFactory(slug="pg-many")
    company = CompanyFactory(slug="many-co")
    project = ProjectFactory(slug="many-project")
    speaker = SpeakerFactory(slug="many-speaker", company=company)
    gallery = GalleryFactory(edition=edition, slug="many-gallery")
    for _ in range(count):
        TalkFactory(
            edition=edition,
            speakers=[speaker, SpeakerFactory(company=CompanyFactory())],
            projects=[project, ProjectFactory()],
        )
        RenditionFactory(photo=PhotoFactory(gallery=gallery))
        GalleryFactory(edition=edition)
        EditionFactory()


@pytest.mark.parametrize("count", [1, MANY])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/editions", 2),
        ("/editions/pg-many", 1),
        ("/talks", 1),  # the page, its count, editions, credits and projects in one
        ("/talks?speaker=many-speaker&company=many-co&project=many-project&has_video=false", 1),
        ("/speakers", 1),  # the index reader: the page and its count
        ("/speakers?edition=pg-many", 1),
        ("/speakers/many-speaker", 2),  # the speaker; talks with editions and credits
        ("/companies", 1),
        ("/companies/many-co", 2),
        ("/projects", 1),
        ("/projects/many-project", 2),
        ("/galleries", 2),
        ("/galleries/pg-many/many-gallery", 3),
    ],
)
def test_endpoints_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, count, path, queries
):
    make_many(count)
    with django_assert_num_queries(queries):
        response = client.get(f"{API}{path}")
    assert response.status_code == 200


def test_talk_detail_query_count(client, archive, django_assert_num_queries):
    with django_assert_num_queries(1):  # the talk page's reader, find_talk
        client.get(f"{API}/talks/pgconf-2016/multicorn")


# --- OpenAPI -------------------------------------------------------------------


def test_openapi_document_lists_every_endpoint(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/editions",
        "/api/v1/editions/{slug}",
        "/api/v1/talks",
        "/api/v1/talks/{edition_slug}/{slug}",
        "/api/v1/speakers",
        "/api/v1/speakers/{slug}",
        "/api/v1/companies",
        "/api/v1/companies/{slug}",
        "/api/v1/projects",
        "/api/v1/projects/{slug}",
        "/api/v1/galleries",
        "/api/v1/galleries/{edition_slug}/{slug}",
        "/api/v1/search",
        "/api/v1/suggest",
    }
    for path in schema["paths"].values():
        assert set(path) <= {"get", "head"}
    talk_filters = {p["name"] for p in schema["paths"]["/api/v1/talks"]["get"]["parameters"]}
    assert talk_filters == {
        "limit",
        "offset",
        "page",
        "edition",
        "language",
        "track",
        "speaker",
        "company",
        "project",
        "has_video",
    }


def test_schema_says_the_track_filter_takes_the_slug(client):
    schema = client.get(f"{API}/openapi.json").json()
    for path in ("/api/v1/talks", "/api/v1/search"):
        parameters = schema["paths"][path]["get"]["parameters"]
        track = next(p for p in parameters if p["name"] == "track")
        assert "track slug" in track["description"]


def test_interactive_docs_are_not_served(client):
    assert client.get(f"{API}/docs").status_code == 404


def test_search_keeps_its_own_answers_under_the_api(client, archive):
    """The explicit routes still answer: errors without "fields" for an empty match etc."""
    response = client.get(f"{API}/search", {"q": "multicorn", "limit": "0"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "limit must be a whole number from 1 to 100."
