"""Hostile text in every field that imports and photographers fill comes out inert.

One archive where each title, name, abstract, bio, description, caption, alt text and
credit holds script tags, quotes, `</script>`, `]]>`, template braces, U+2028 and
JSON-breaking text; then every page, the JSON-LD in their heads, the feeds, the exports,
the search snippets and the APIs are fetched. HTML shows the text escaped and never runs
it; structured outputs parse and give back the exact original strings.
"""

import datetime
import json
import re
from html import unescape

import pytest
from defusedxml import ElementTree as ET

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.html import assert_csp_clean, page_meta

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "<script>alert(1)</script> \"quoted\" 'single' </script><b>bold</b> ]]> {{ secret }} "
    '{% csrf_token %} \u2028 "}] \\ \\" end'
)


def hostile(label: str) -> str:
    # "quokka": a word the search finds; label: which field this text came from.
    return f"quokka {label} {PAYLOAD}"


TEXTS = {
    name: hostile(name)
    for name in (
        "title",
        "subtitle",
        "abstract",
        "description",
        "speaker",
        "bio",
        "company",
        "company-description",
        "project",
        "project-description",
        "gallery",
        "gallery-description",
        "caption",
        "alt",
        "credit",
        "edition-summary",
    )
}


@pytest.fixture
def archive():
    edition = EditionFactory(
        name="PGConf 2016",
        slug="pgconf-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 4),
        summary=TEXTS["edition-summary"],
    )
    company = CompanyFactory(
        name=TEXTS["company"], slug="hostile-co", description=TEXTS["company-description"]
    )
    speaker = SpeakerFactory(
        name=TEXTS["speaker"], slug="hostile-speaker", bio=TEXTS["bio"], company=company
    )
    project = ProjectFactory(
        name=TEXTS["project"], slug="hostile-project", description=TEXTS["project-description"]
    )
    talk = TalkFactory(
        edition=edition,
        slug="hostile-talk",
        title=TEXTS["title"],
        subtitle=TEXTS["subtitle"],
        abstract=TEXTS["abstract"],
        description=TEXTS["description"],
        speakers=[speaker],
        projects=[project],
    )
    gallery = GalleryFactory(
        edition=edition,
        slug="hostile-gallery",
        title=TEXTS["gallery"],
        description=TEXTS["gallery-description"],
        talk=talk,
    )
    photo = PhotoFactory(
        gallery=gallery,
        caption=TEXTS["caption"],
        alt_text=TEXTS["alt"],
        credit=TEXTS["credit"],
        speakers=[speaker],
    )
    RenditionFactory(photo=photo)
    gallery.cover = photo
    gallery.save()
    return {"talk": talk, "photo": photo}


def pages(archive) -> dict[str, str]:
    photo = archive["photo"]
    return {
        "home": "/",
        "edition list": "/editions/",
        "edition": "/pgconf-2016/",
        "talk": "/pgconf-2016/talks/hostile-talk/",
        "speaker list": "/speakers/",
        "speaker": "/speakers/hostile-speaker/",
        "company list": "/companies/",
        "company": "/companies/hostile-co/",
        "project list": "/projects/",
        "project": "/projects/hostile-project/",
        "gallery list": "/photos/",
        "gallery": "/pgconf-2016/photos/hostile-gallery/",
        "photo": f"/pgconf-2016/photos/hostile-gallery/{photo.pk}/",
        "search": "/search/?q=quokka",
        "search with hostile query": "/search/?q=" + PAYLOAD.replace("%", "%25"),
    }


# Lists of editions show their names and dates only, which hold nothing hostile here.
SHOWS_NO_HOSTILE_TEXT = {"edition list"}


def assert_inert_html(html: str, where: str):
    assert "<script>alert" not in html, where
    assert "<b>bold</b>" not in html, where
    assert "]]>" not in html.replace("]]&gt;", ""), where
    assert_csp_clean(html)


def json_strings(value) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def test_every_page_shows_hostile_text_escaped(client, archive):
    for where, url in pages(archive).items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_inert_html(html, where)
        # The text is on the page, as text: escaped markup, the rest unchanged.
        if where not in SHOWS_NO_HOSTILE_TEXT:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where


def test_talk_page_shows_each_field_as_text(client, archive):
    html = client.get("/pgconf-2016/talks/hostile-talk/").content.decode()
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for field in ("title", "subtitle", "abstract", "speaker", "company", "project"):
        assert f"quokka {field} <script>alert(1)</script>" in text, field


def test_photo_page_alt_caption_and_credit_escaped_in_attributes_and_text(client, archive):
    html = client.get(pages(archive)["photo"]).content.decode()
    # An attribute value never ends early at the payload's quotes.
    assert 'alt="quokka alt &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;' in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert "quokka caption <script>alert(1)</script>" in text
    assert "quokka credit <script>alert(1)</script>" in text


def test_json_ld_parses_and_gives_back_the_original_strings(client, archive):
    expectations = {
        "talk": ("title", "speaker"),
        "speaker": ("speaker",),
        "edition": (),
        "photo": (),
        "gallery": (),
    }
    urls = pages(archive)
    for where, fields in expectations.items():
        html = client.get(urls[where]).content.decode()
        blocks = page_meta(html).json_ld  # json.loads of every ld+json block
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert "<" not in block, where  # "</script>" cannot close the block early
        strings = [s for block in blocks for s in json_strings(block)]
        for field in fields:
            assert TEXTS[field] in strings, (where, field)


def test_atom_feeds_parse_with_titles_as_text(client, archive):
    feeds = {
        "/feeds/talks/": TEXTS["title"],
        "/feeds/editions/pgconf-2016/": TEXTS["title"],
        "/feeds/speakers/hostile-speaker/": TEXTS["title"],
        "/feeds/projects/hostile-project/": TEXTS["title"],
        "/feeds/galleries/": TEXTS["gallery"],
    }
    atom = "{http://www.w3.org/2005/Atom}"
    for url, title in feeds.items():
        content = client.get(url).content
        root = ET.fromstring(content)
        assert all(element.tag.startswith(atom) for element in root.iter()), url
        titles = [entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")]
        # Entry titles may add the edition ("title — PGConf 2016"); the text is intact.
        assert len(titles) == 1, url
        assert titles[0].startswith(title), url


def test_frab_schedule_xml_parses_with_original_strings(client, archive):
    root = ET.fromstring(client.get("/pgconf-2016/schedule.xml").content)
    (event,) = root.iter("event")
    assert event.findtext("title") == TEXTS["title"]
    assert event.findtext("subtitle") == TEXTS["subtitle"]
    assert event.findtext("abstract") == TEXTS["abstract"]
    assert [person.text for person in event.iter("person")] == [TEXTS["speaker"]]


def test_schedule_json_parses_with_original_strings(client, archive):
    data = json.loads(client.get("/pgconf-2016/schedule.json").content)
    strings = json_strings(data)
    for field in ("title", "subtitle", "abstract", "speaker"):
        assert TEXTS[field] in strings, field


def ics_unescape(value: str) -> str:
    """RFC 5545 TEXT back to plain text."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_ics_unfolds_to_original_summary(client, archive):
    for url in ("/pgconf-2016/schedule.ics", "/pgconf-2016/talks/hostile-talk/talk.ics"):
        content = client.get(url).content.decode()
        lines = content.replace("\r\n ", "").split("\r\n")
        summaries = [
            ics_unescape(line.split(":", 1)[1]) for line in lines if line.startswith("SUMMARY")
        ]
        assert summaries == [TEXTS["title"]], url
        # No line of the payload escapes into a property of its own.
        assert not any(line.startswith("<") for line in lines), url


def test_search_api_gives_back_original_strings_and_escaped_snippet(client, archive):
    body = json.loads(client.get("/api/v1/search", {"q": "quokka"}).content)
    (result,) = body["results"]
    assert result["title"] == TEXTS["title"]
    assert result["speakers"] == [TEXTS["speaker"]]
    # The snippet is HTML whose only elements are the highlights.
    assert set(re.findall(r"<[^>]*>", result["snippet"])) == {"<mark>", "</mark>"}
    assert "alert(1)" in result["snippet"]


def test_suggestions_give_back_original_strings(client, archive):
    body = json.loads(client.get("/api/v1/suggest", {"q": "quokka"}).content)
    labels = {item["label"] for item in body["suggestions"]}
    assert TEXTS["speaker"] in labels or TEXTS["title"] in labels
    assert labels <= {TEXTS["speaker"], TEXTS["title"], TEXTS["project"]}


def test_api_v1_gives_back_original_strings(client, archive):
    expectations = {
        "/api/v1/talks/pgconf-2016/hostile-talk": ("title", "subtitle", "abstract", "speaker"),
        "/api/v1/speakers/hostile-speaker": ("speaker", "bio"),
        "/api/v1/companies/hostile-co": ("company",),
        "/api/v1/projects/hostile-project": ("project", "project-description"),
        "/api/v1/galleries/pgconf-2016/hostile-gallery": ("gallery", "caption", "alt", "credit"),
        "/api/v1/talks": ("title",),
        "/api/v1/speakers": ("speaker",),
    }
    for url, fields in expectations.items():
        response = client.get(url)
        assert response.status_code == 200, url
        strings = json_strings(json.loads(response.content))
        for field in fields:
            assert TEXTS[field] in strings, (url, field)
