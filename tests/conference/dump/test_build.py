"""conference/dump/build.py and records.py: what a dump holds, and what it never holds."""

import json

from conference.dump.build import build
from talks.decks.models import SlideImage
from talks.models import Company
from tests.conference.dump.conftest import BASE_URL, members
from tests.factories import TalkFactory
from tests.talks.decks.rows import ready_deck


def _records(data: bytes, kind: str) -> list[dict]:
    return [json.loads(line) for line in members(data)[f"{kind}.jsonl"].splitlines()]


def test_dump_holds_every_public_kind_with_manifest_counts(archive):
    built = build()
    files = members(built.data)

    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "conference-archive-dump"
    assert manifest["schema_version"] == 1
    assert manifest["base_url"] == f"{BASE_URL}/"
    assert manifest["counts"] == {
        "editions": 1,
        "companies": 1,
        "projects": 1,
        "topics": 5,
        "speakers": 2,
        "talks": 2,
        "galleries": 1,
        "photos": 2,
    }
    kinds = [f"{kind}.jsonl" for kind in manifest["counts"]]
    assert sorted(files) == sorted(["manifest.json", "README.md", "frab/pgconf-2016.xml", *kinds])
    assert {item["name"] for item in manifest["files"]} == set(files) - {"manifest.json"}


def test_dump_records_carry_both_languages_urls(archive):
    built = build()

    talk = _records(built.data, "talks")[0]
    assert talk["title"] == "Foreign data wrappers"
    assert talk["urls"]["page"] == {
        "en": f"{BASE_URL}/pgconf-2016/talks/{archive.public['talk'].slug}/",
        "ru": f"{BASE_URL}/ru/pgconf-2016/talks/{archive.public['talk'].slug}/",
    }
    assert talk["start"] == "2016-02-03T13:00:00+03:00"
    assert [credit["speaker"] for credit in talk["speakers"]] == [
        speaker.slug for speaker in archive.public["speakers"]
    ]
    edition = _records(built.data, "editions")[0]
    assert edition["urls"]["page"]["ru"] == f"{BASE_URL}/ru/pgconf-2016/"
    assert edition["frab_xml"] == "frab/pgconf-2016.xml"
    photo = _records(built.data, "photos")[0]
    assert [r["format"] for r in photo["renditions"]] == ["jpeg", "webp"]
    assert photo["renditions"][0]["file"]["url"].startswith(f"{BASE_URL}/media/renditions/")


def test_dump_shows_nothing_that_is_not_public(archive):
    built = build()

    everything = b"".join(members(built.data).values()).decode()
    leaked = [secret for secret in archive.secrets if secret in everything]
    assert leaked == []


def test_speaker_with_company_without_page_is_named_without_link(archive):
    speakers = {s["name_en"]: s for s in _records(build().data, "speakers")}

    assert speakers["Oleg Bartunov"]["company"] == {
        "id": None,
        "slug": None,
        "name_en": "Secretcorp Hidden",
        "name_ru": "",
    }
    company = Company.objects.get(name_en="Postgres Professional")
    assert speakers["Ivan Panchenko"]["company"] == {
        "id": company.pk,
        "slug": company.slug,
        "name_en": "Postgres Professional",
        "name_ru": "Постгрес Про",
    }


def test_dump_holds_public_topics_by_slug_with_both_languages(archive):
    built = build()

    topics = {topic["slug"]: topic for topic in _records(built.data, "topics")}
    talks = {talk["title"]: talk for talk in _records(built.data, "talks")}

    # Those public talks carry, by slug: found in the text, and added by an organiser;
    # not the one an organiser took off, nor one only a draft carries.
    assert list(topics) == [
        "foreign-data-wrappers", "logical-replication", "po-russki", "replication",
        "wrappers-in-practice",
    ]  # fmt: skip
    assert talks["Foreign data wrappers"]["topics"] == [
        "foreign-data-wrappers",
        "wrappers-in-practice",
    ]
    assert talks["Доклад без времени"]["topics"] == [
        "logical-replication",
        "po-russki",
        "replication",
    ]
    assert topics["wrappers-in-practice"] == {
        "slug": "wrappers-in-practice",
        "name_en": "Wrappers in practice",
        "name_ru": "Обёртки на деле",
        "terms_en": ["wrapper zoo"],
        "terms_ru": ["зоопарк обёрток"],
        "talk_count": 1,
        "created_at": topics["wrappers-in-practice"]["created_at"],
        "updated_at": topics["wrappers-in-practice"]["updated_at"],
        "urls": {
            "page": {
                "en": f"{BASE_URL}/topics/wrappers-in-practice/",
                "ru": f"{BASE_URL}/ru/topics/wrappers-in-practice/",
            }
        },
    }
    assert topics["foreign-data-wrappers"]["name_en"] == "FDW: foreign data"


def test_dump_talks_carry_the_slides_their_pages_show(archive):
    talk, unscheduled = archive.public["talk"], archive.public["unscheduled"]
    ready_deck(talk, ["Foreign tables", "The planner"])
    # Read, but its images not drawn yet: the talk page shows no deck, nor does the dump.
    half = ready_deck(unscheduled, ["Страница"])
    SlideImage.objects.filter(page__deck=half).delete()
    draft = TalkFactory(edition=talk.edition, title="Draft with slides", is_published=False)
    ready_deck(draft, ["Hidden page"])

    talks = {record["id"]: record for record in _records(build().data, "talks")}

    assert talks[talk.pk]["slides_deck"] == {
        "page_count": 2,
        "size_bytes": 1000,
        "pdf_url": f"{BASE_URL}/pgconf-2016/talks/{talk.slug}/slides.pdf",
    }
    assert talks[unscheduled.pk]["slides_deck"] is None
    assert draft.pk not in talks
