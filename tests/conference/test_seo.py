"""What search engines and link previews see: titles, descriptions, canonical URLs,
OpenGraph, JSON-LD, /sitemap.xml and /robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from conference import seo
from conference.seo import json_ld_script, plain_text
from conference.sitemaps import SITEMAPS, BilingualSitemap
from photos.choices import PhotoStatus
from photos.models import Photo
from talks.readers import detail, lists, talk_page
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
    UserFactory,
)
from tests.html import page_meta

pytestmark = pytest.mark.django_db

SITE = "PostgreSQL conference archive"
BASE = "http://testserver"
MANY = 30
TALK = "Multicorn: writing FDWs in Python"


@pytest.fixture
def archive():
    """One small published edition with a talk, its speaker, company, project and photos."""
    dalibo = CompanyFactory(name="Dalibo", slug="dalibo", website="https://dalibo.com/")
    ronan = SpeakerFactory(
        name="Ronan Dunklau",
        slug="ronan-dunklau",
        aliases=["Ронан Дюнкло"],
        bio="Ronan works on Multicorn.",
        website="https://ronan.example.org/",
        company=dalibo,
    )
    multicorn = ProjectFactory(
        name="Multicorn",
        slug="multicorn",
        description="A generic foreign data wrapper for Python.",
        repository_url="https://github.com/Segfault-Inc/Multicorn",
        homepage_url="https://multicorn.org/",
    )
    edition = EditionFactory(
        name="PGConf.Russia 2016",
        slug="pgconf-russia-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 5),
        city="Moscow",
        venue="Radisson Slavyanskaya",
        summary="Three days of talks.\n\nThanks to everyone who came.",
        website="https://pgconf.ru/2016",
    )
    talk = TalkFactory(
        edition=edition,
        slug="multicorn",
        title="Multicorn: writing FDWs in Python",
        abstract="Multicorn is a generic FDW.\n\nWe write one in Python.",
        language="en",
        room="Hall 2",
        start=timezone.make_aware(datetime.datetime(2016, 2, 4, 12, 0)),
        duration=datetime.timedelta(minutes=45),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        speakers=[ronan],
        projects=[multicorn],
    )
    gallery = GalleryFactory(edition=edition, talk=talk, title="Multicorn talk", slug="multicorn")
    photo = PhotoFactory(gallery=gallery, caption="Ronan", alt_text="Ronan at the lectern")
    RenditionFactory(photo=photo, width=480, height=360)
    rendition = RenditionFactory(photo=photo, width=1600, height=1200)
    return SimpleNamespace(
        company=dalibo,
        speaker=ronan,
        project=multicorn,
        edition=edition,
        talk=talk,
        gallery=gallery,
        photo=photo,
        rendition=rendition,
    )


def public_pages(archive) -> list[tuple[str, str]]:
    """Every kind of public page: (path, the title before the site name)."""
    return [
        ("/", "Talks and photos"),
        ("/editions/", "Talks archive"),
        ("/pgconf-russia-2016/", "PGConf.Russia 2016"),
        ("/pgconf-russia-2016/talks/multicorn/", f"{TALK} — PGConf.Russia 2016"),
        (
            "/pgconf-russia-2016/timetable/",
            "Timetable of PGConf.Russia 2016 · Thursday, February 4",
        ),
        ("/speakers/", "Speakers"),
        ("/speakers/ronan-dunklau/", "Ronan Dunklau"),
        ("/companies/", "Companies"),
        ("/companies/dalibo/", "Dalibo"),
        ("/projects/", "Projects"),
        ("/projects/multicorn/", "Multicorn"),
        # The topics the talk's title and abstract name (talks/topic_seed/).
        ("/topics/", "Topics"),
        ("/topics/foreign-data-wrappers/", "Foreign data wrappers"),
        ("/topics/multicorn/", "Multicorn"),
        ("/topics/python/", "Python"),
        ("/photos/", "Photo archive"),
        ("/pgconf-russia-2016/photos/multicorn/", "Multicorn talk — PGConf.Russia 2016"),
        (archive.photo.get_absolute_url(), "Ronan — PGConf.Russia 2016"),
    ]


# --- Titles, descriptions, canonical URLs, OpenGraph ------------------------------


def test_every_public_page_has_title_description_canonical_and_opengraph(client, archive):
    for path, title in public_pages(archive):
        response = client.get(path)
        assert response.status_code == 200, path
        meta = page_meta(response.content.decode())

        assert meta.title == f"{title} · {SITE}", path
        description = meta.one("description")
        assert 20 < len(description) <= 200, (path, description)
        assert "\n" not in description
        assert meta.links["canonical"] == [BASE + path], path
        assert meta.one("og:url") == BASE + path
        # og:site_name names the site; a talk's own title is enough beside it.
        assert meta.one("og:title") == {"/": SITE, archive.talk.get_absolute_url(): TALK}.get(
            path, title
        )
        assert meta.one("og:description") == description
        assert meta.one("og:site_name") == SITE
        assert meta.one("og:type") == ("profile" if path.startswith("/speakers/r") else "website")
        assert meta.one("og:locale") == "en_GB"
        assert meta.one("og:locale:alternate") == "ru_RU"
        assert meta.one("twitter:card") in {"summary", "summary_large_image"}


def test_every_public_page_in_each_language_is_canonical_and_names_the_other(client, archive):
    """Each page has an address per language: each is its own canonical URL, and both name
    both (and x-default, the English one) in hreflang alternates (Google's rules:
    https://developers.google.com/search/docs/specialty/international/localized-versions)."""
    for path, _title in public_pages(archive):
        alternates = {"en": BASE + path, "ru": f"{BASE}/ru{path}", "x-default": BASE + path}
        for language, locale in (("en", "en_GB"), ("ru", "ru_RU")):
            response = client.get(alternates[language].removeprefix(BASE))
            assert response.status_code == 200, (language, path)
            html = response.content.decode()
            meta = page_meta(html)

            assert f'<html lang="{language}">' in html, path
            assert response["Content-Language"] == language
            assert meta.links["canonical"] == [alternates[language]], path
            assert meta.one("og:url") == alternates[language]
            assert meta.one("og:locale") == locale
            assert meta.hreflang == alternates, path


def test_hreflang_alternates_leave_the_query_string_but_keep_later_pages(client, archive):
    PhotoFactory.create_batch(48, gallery=archive.gallery)
    gallery = archive.gallery.get_absolute_url()

    meta = page_meta(client.get(f"/ru{gallery}?page=2&utm_source=x").content.decode())

    assert meta.links["canonical"] == [f"{BASE}/ru{gallery}?page=2"]
    assert meta.hreflang == {
        "en": f"{BASE}{gallery}?page=2",
        "ru": f"{BASE}/ru{gallery}?page=2",
        "x-default": f"{BASE}{gallery}?page=2",
    }


def test_descriptions_come_from_the_objects_own_text(client, archive):
    def description(path):
        return page_meta(client.get(path).content.decode()).one("description")

    assert description(archive.edition.get_absolute_url()) == (
        "Three days of talks. Thanks to everyone who came."
    )
    assert description(archive.talk.get_absolute_url()) == (
        "Multicorn is a generic FDW. We write one in Python."
    )
    assert description(archive.speaker.get_absolute_url()) == "Ronan works on Multicorn."
    assert description(archive.photo.get_absolute_url()) == (
        "Ronan at the lectern — Multicorn talk, PGConf.Russia 2016"
    )


def test_canonical_url_drops_the_query_string_but_keeps_later_pages(client, archive):
    PhotoFactory.create_batch(48, gallery=archive.gallery)
    talk_url = archive.talk.get_absolute_url()
    gallery_url = archive.gallery.get_absolute_url()

    def canonical(path, params=None):
        (url,) = page_meta(client.get(path, params).content.decode()).links["canonical"]
        return url

    assert canonical(talk_url, {"utm_source": "mastodon", "page": "2"}) == BASE + talk_url
    assert canonical(gallery_url, {"page": "2", "utm_source": "x"}) == f"{BASE}{gallery_url}?page=2"
    assert canonical(gallery_url, {"page": "1"}) == BASE + gallery_url
    assert canonical(gallery_url, {"page": "nonsense"}) == BASE + gallery_url


def test_share_image_is_an_absolute_rendition_url_with_size_and_alt(client, archive):
    for path in (
        "/",
        archive.edition.get_absolute_url(),
        archive.talk.get_absolute_url(),
        archive.gallery.get_absolute_url(),
        archive.photo.get_absolute_url(),
        "/photos/",
    ):
        meta = page_meta(client.get(path).content.decode())

        assert meta.one("og:image") == BASE + archive.rendition.file.url, path
        assert meta.one("og:image:width") == "1600"
        assert meta.one("og:image:height") == "1200"
        assert meta.one("og:image:alt") == "Ronan at the lectern"
        assert meta.one("twitter:card") == "summary_large_image"


def test_pages_without_a_photo_have_no_share_image(client, archive):
    meta = page_meta(client.get(archive.project.get_absolute_url()).content.decode())

    assert "og:image" not in meta.meta
    assert meta.one("twitter:card") == "summary"


def test_opengraph_locale_follows_the_interface_language(client, archive):
    meta = page_meta(client.get(f"/ru{archive.talk.get_absolute_url()}").content.decode())

    assert meta.one("og:locale") == "ru_RU"
    assert meta.one("og:locale:alternate") == "en_GB"
    assert meta.one("og:site_name") == "Архив конференции PostgreSQL"


def test_draft_preview_and_404_have_no_canonical_and_are_not_indexed(client):
    draft = EditionFactory(is_published=False)
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_edition"))
    client.force_login(user)

    preview = page_meta(client.get(draft.get_absolute_url()).content.decode())
    missing = client.get("/no-such-edition/")

    assert "canonical" not in preview.links
    assert "og:url" not in preview.meta
    assert preview.one("robots") == "noindex"
    assert missing.status_code == 404
    missing_meta = page_meta(missing.content.decode())
    assert "canonical" not in missing_meta.links
    assert missing_meta.one("robots") == "noindex"


# --- JSON-LD -----------------------------------------------------------------------


def test_edition_json_ld_is_an_event_with_its_talks(client, archive):
    TalkFactory(edition=archive.edition, title="Hidden", is_published=False)

    (data,) = page_meta(client.get(archive.edition.get_absolute_url()).content.decode()).json_ld

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "PGConf.Russia 2016",
        "url": f"{BASE}/pgconf-russia-2016/",
        "startDate": "2016-02-03",
        "endDate": "2016-02-05",
        "location": {
            "@type": "Place",
            "name": "Radisson Slavyanskaya",
            "address": {"@type": "PostalAddress", "addressLocality": "Moscow"},
        },
        "description": "Three days of talks. Thanks to everyone who came.",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "sameAs": "https://pgconf.ru/2016",
        "subEvent": [
            {
                "@type": "Event",
                "name": "Multicorn: writing FDWs in Python",
                "url": f"{BASE}/pgconf-russia-2016/talks/multicorn/",
                "startDate": "2016-02-04T12:00:00+03:00",
                "inLanguage": "en",
            }
        ],
    }


def test_talk_json_ld_is_an_event_with_performers_inside_its_edition(client, archive):
    second = SpeakerFactory(name="Марат Фаттахов", slug="marat")
    TalkSpeakerFactory(talk=archive.talk, speaker=second, position=1, company=None)

    (data,) = page_meta(client.get(archive.talk.get_absolute_url()).content.decode()).json_ld

    assert data["@type"] == "Event"
    assert data["name"] == "Multicorn: writing FDWs in Python"
    assert data["url"] == f"{BASE}/pgconf-russia-2016/talks/multicorn/"
    assert data["description"] == "Multicorn is a generic FDW. We write one in Python."
    assert data["inLanguage"] == "en"
    assert data["startDate"] == "2016-02-04T12:00:00+03:00"
    assert data["endDate"] == "2016-02-04T12:45:00+03:00"
    assert data["location"] == {
        "@type": "Place",
        "name": "Hall 2",
        "address": {"@type": "PostalAddress", "addressLocality": "Moscow"},
    }
    assert data["performer"] == [
        {"@type": "Person", "name": "Ronan Dunklau", "url": f"{BASE}/speakers/ronan-dunklau/"},
        {"@type": "Person", "name": "Марат Фаттахов", "url": f"{BASE}/speakers/marat/"},
    ]
    assert data["superEvent"]["@type"] == "Event"
    assert data["superEvent"]["name"] == "PGConf.Russia 2016"
    assert data["superEvent"]["url"] == f"{BASE}/pgconf-russia-2016/"
    assert data["recordedIn"]["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_speaker_json_ld_is_a_person_with_aliases_and_public_employer(client, archive):
    (data,) = page_meta(client.get(archive.speaker.get_absolute_url()).content.decode()).json_ld

    assert data["@type"] == "Person"
    assert data["name"] == "Ronan Dunklau"
    assert data["alternateName"] == ["Ронан Дюнкло"]
    assert data["url"] == f"{BASE}/speakers/ronan-dunklau/"
    assert data["sameAs"] == "https://ronan.example.org/"
    assert data["worksFor"] == {
        "@type": "Organization",
        "name": "Dalibo",
        "url": f"{BASE}/companies/dalibo/",
        "sameAs": "https://dalibo.com/",
    }
    assert [event["name"] for event in data["performerIn"]] == ["Multicorn: writing FDWs in Python"]


def test_speaker_current_company_without_public_page_is_left_out(client, archive):
    # A new employer nobody has spoken for yet has no page: neither shown nor in JSON-LD.
    archive.speaker.company = CompanyFactory(name="Secret Startup")
    archive.speaker.save()

    response = client.get(archive.speaker.get_absolute_url())

    (data,) = page_meta(response.content.decode()).json_ld
    assert "worksFor" not in data
    assert "Secret Startup" not in response.content.decode()


def test_speaker_page_says_where_they_are_now(client, archive):
    html = client.get(archive.speaker.get_absolute_url()).content.decode()

    assert '<p>Now at <a href="/companies/dalibo/">Dalibo</a></p>' in html


def test_company_project_and_home_json_ld(client, archive):
    def json_ld(path):
        (data,) = page_meta(client.get(path).content.decode()).json_ld
        return data

    assert json_ld("/companies/dalibo/")["@type"] == "Organization"
    project = json_ld("/projects/multicorn/")
    assert project["@type"] == "SoftwareSourceCode"
    assert project["codeRepository"] == "https://github.com/Segfault-Inc/Multicorn"
    home = json_ld("/")
    assert home["@type"] == "WebSite"
    assert home["potentialAction"]["target"]["urlTemplate"] == (
        f"{BASE}/search/?q={{search_term_string}}"
    )


def test_json_ld_cannot_break_out_of_its_script_element(client):
    title = "</script><script>alert(1)</script> & <!-- more"
    talk = TalkFactory(title=title)

    html = client.get(talk.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert r"\u003C/script\u003E\u003Cscript\u003Ealert(1)\u003C/script\u003E \u0026" in html
    (data,) = page_meta(html).json_ld
    assert data["name"] == title


def test_json_ld_script_escapes_like_json_script():
    html = json_ld_script({"name": "a</script>b&c", "alternateName": "Гогичашвили"})

    assert html == (
        '<script type="application/ld+json">'
        '{"name":"a\\u003C/script\\u003Eb\\u0026c","alternateName":"Гогичашвили"}</script>'
    )


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("", 160, ""),
        (None, 160, ""),
        ("  One\n\nline  ", 160, "One line"),
        ("one two three four", 12, "one two…"),
        ("one, two. three", 11, "one, two…"),
        ("abcdefghijkl", 6, "abcde…"),
    ],
)
def test_plain_text_for_descriptions(text, limit, expected):
    assert plain_text(text, limit) == expected


def test_json_ld_reads_only_what_the_readers_gave(rf, archive, django_assert_num_queries):
    """The metadata of each page is built from its reader's objects, with no query of its
    own (a field the reader left deferred would cost one here)."""
    request = rf.get("/")
    edition = archive.edition
    talk = talk_page.find_talk(edition_slug=edition.slug, slug=archive.talk.slug)
    speaker = detail.find_speaker(archive.speaker.slug)
    company = detail.find_company(archive.company.slug)
    project = detail.find_project(archive.project.slug)
    edition_talks = lists.talks_for_edition(edition)
    speaker_talks = lists.talks_for_speaker(speaker)

    with django_assert_num_queries(0):
        built = [
            seo.edition_data(edition_talks[0].edition, request, edition_talks),
            seo.talk_data(talk, request),
            seo.speaker_data(speaker, request, speaker_talks),
            seo.company_data(company, request),
            seo.project_data(project, request),
        ]

    assert [data["name"] for data in built] == [
        "PGConf.Russia 2016", TALK, "Ronan Dunklau", "Dalibo", "Multicorn",
    ]  # fmt: skip
    assert built[1]["performer"][0]["name"] == "Ronan Dunklau"
    assert built[2]["worksFor"]["name"] == "Dalibo"
    assert [event["name"] for event in built[2]["performerIn"]] == [TALK]


# --- sitemap.xml and robots.txt -----------------------------------------------------


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def xml_of(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 -- our own output


def sitemap_files(client) -> dict[str, str | None]:
    """The index's entries: each section's file (and further page) with its lastmod."""
    root = xml_of(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return {
        entry.findtext("s:loc", namespaces=SITEMAP_NS): entry.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for entry in root.findall("s:sitemap", SITEMAP_NS)
    }


def sitemap_urls(client) -> list[ET.Element]:
    """Every <url> of every file the index names, in order."""
    urls = []
    for location in sitemap_files(client):
        root = xml_of(client, location.removeprefix(BASE))
        urls.extend(root.findall("s:url", SITEMAP_NS))
    return urls


def sitemap_entries(client) -> dict[str, str | None]:
    urls = sitemap_urls(client)
    entries = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in urls
    }
    assert len(entries) == len(urls)  # each page in one file, once
    return entries


def test_sitemap_lists_every_public_page_and_nothing_else(client, archive):
    # Everything that could leak: drafts, unpublished talks and the people only they show,
    # pending and rejected photos, draft galleries.
    draft_edition = EditionFactory(slug="draft-edition", is_published=False)
    hidden_speaker = SpeakerFactory(slug="hidden-speaker")
    hidden_company = CompanyFactory(slug="hidden-company")
    hidden_project = ProjectFactory(slug="hidden-project")
    TalkSpeakerFactory(
        talk__edition=draft_edition,
        talk__slug="talk-of-draft-edition",
        speaker=hidden_speaker,
        company=hidden_company,
    )
    TalkFactory(edition=archive.edition, slug="draft-talk", is_published=False,
                projects=[hidden_project], speakers=[hidden_speaker])  # fmt: skip
    GalleryFactory(edition=draft_edition, slug="gallery-of-draft-edition")
    draft_gallery = GalleryFactory(
        edition=archive.edition, slug="draft-gallery", is_published=False
    )
    hidden_photos = [
        PhotoFactory(gallery=archive.gallery, status=PhotoStatus.PENDING),
        PhotoFactory(gallery=archive.gallery, status=PhotoStatus.REJECTED),
        PhotoFactory(gallery=draft_gallery),
    ]

    entries = sitemap_entries(client)

    # Each page at its English and its Russian address.
    paths = [path for path, _ in public_pages(archive)]
    expected = [BASE + prefix + path for path in paths for prefix in ("", "/ru")]
    assert sorted(entries) == sorted(expected)
    for photo in hidden_photos:
        assert f"/{photo.pk}/" not in " ".join(entries)


def test_sitemap_lastmod_is_the_newest_change_shown_on_the_page(client, archive):
    later = timezone.make_aware(datetime.datetime(2030, 1, 2, 3, 4, 5))
    type(archive.talk).objects.filter(pk=archive.talk.pk).update(updated_at=later)

    entries = sitemap_entries(client)

    assert entries[f"{BASE}/"] is None
    changed = [
        "/pgconf-russia-2016/",
        "/pgconf-russia-2016/talks/multicorn/",
        "/speakers/ronan-dunklau/",
        "/companies/dalibo/",
        "/projects/multicorn/",
    ]
    for path in changed:
        assert entries[BASE + path] == "2030-01-02T03:04:05+03:00", path


def test_sitemap_names_each_pages_address_in_the_other_language(client, archive):
    alternates = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", SITEMAP_NS)
            if link.get("rel") == "alternate"
        }
        for url in sitemap_urls(client)
    }
    for path, _title in public_pages(archive):
        expected = {"en": BASE + path, "ru": f"{BASE}/ru{path}", "x-default": BASE + path}
        assert alternates[BASE + path] == expected, path
        assert alternates[f"{BASE}/ru{path}"] == expected, path


def test_sitemap_lists_each_timetable_day_in_both_languages(client, archive):
    TalkFactory(
        edition=archive.edition, start=timezone.make_aware(datetime.datetime(2016, 2, 5, 10, 0))
    )

    entries = sitemap_entries(client)

    timetable = [path for path in entries if "/timetable/" in path]
    assert sorted(timetable) == sorted(
        f"{BASE}{prefix}/pgconf-russia-2016/timetable/{day}"
        for prefix in ("", "/ru")
        for day in ("", "2016-02-05/")
    )
    for path in timetable:
        assert client.get(path.removeprefix(BASE)).status_code == 200, path


@pytest.mark.parametrize("items", [1, MANY])
def test_sitemap_query_count_fixed(client, django_assert_num_queries, items):
    for _ in range(items):
        talk = TalkFactory(
            # Words no topic has (talks/topic_seed/): the talk brings no topic page.
            title="Zyxwv qwzx",
            abstract="",
            speakers=[SpeakerFactory(company=CompanyFactory())],
            projects=[ProjectFactory()],
        )
        PhotoFactory(gallery=GalleryFactory(edition=talk.edition, talk=talk))

    # the index: the rows of each of the eight model sections, read once, counted in Python
    with django_assert_num_queries(8):
        files = sitemap_files(client)
    # a section's file: the rows it lists (a slice of its reader's)
    with django_assert_num_queries(1):
        xml_of(client, "/sitemap-talks.xml")
    entries = sitemap_entries(client)

    assert sorted(files) == sorted(f"{BASE}/sitemap-{name}.xml" for name in SITEMAPS)
    # each talk's edition, talk, timetable, speaker, company, project, gallery and photo,
    # beside the seven index pages (the topics' among them)
    assert len(entries) == 2 * (7 + 8 * items)  # in both languages


def test_sitemap_index_names_each_section_with_its_lastmod(client, archive):
    later = timezone.make_aware(datetime.datetime(2030, 1, 2, 3, 4, 5))
    type(archive.talk).objects.filter(pk=archive.talk.pk).update(updated_at=later)

    files = sitemap_files(client)
    response = client.get("/sitemap.xml")

    assert sorted(files) == sorted(f"{BASE}/sitemap-{name}.xml" for name in SITEMAPS)
    assert files[f"{BASE}/sitemap-talks.xml"] == "2030-01-02T03:04:05+03:00"
    assert files[f"{BASE}/sitemap-pages.xml"] is None  # the indexes have no lastmod
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/ru/sitemap-talks.xml").status_code == 404


def test_sitemap_index_leaves_out_a_section_with_nothing_to_list(client, archive):
    Photo.objects.update(status=PhotoStatus.PENDING)

    files = sitemap_files(client)

    assert f"{BASE}/sitemap-photos.xml" not in files
    assert f"{BASE}/sitemap-talks.xml" in files


def test_a_section_past_its_limit_goes_on_in_further_pages(client, archive, monkeypatch):
    """With three <url>s a file, each section's addresses in both languages spread over
    pages ?p=2, ... that the index names; no file holds more, none holds a page twice."""
    TalkFactory(edition=archive.edition)
    monkeypatch.setattr(BilingualSitemap, "limit", 3)
    before = sitemap_entries_unpaged(client)

    files = sitemap_files(client)
    counts = {}
    for location in files:
        root = xml_of(client, location.removeprefix(BASE))
        counts[location] = len(root.findall("s:url", SITEMAP_NS))

    talks = [location for location in files if "/sitemap-talks.xml" in location]
    assert talks[1:] == [f"{BASE}/sitemap-talks.xml?p={page}" for page in range(2, len(talks) + 1)]
    assert len(talks) >= 2
    assert max(counts.values()) == 3
    assert sum(counts.values()) == len(before)
    assert sitemap_entries(client) == before
    assert client.get(f"/sitemap-talks.xml?p={len(talks) + 1}").status_code == 404


def sitemap_entries_unpaged(client) -> dict[str, str | None]:
    """Every entry as one file per section lists them (no limit reached)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BilingualSitemap, "limit", 50_000)
        return sitemap_entries(client)


def test_robots_txt_allows_all_but_admin_and_the_api_json_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /admin/\n"
        "Disallow: /api/\n"
        "Allow: /api/v1/$\n"
        "Disallow: /i18n/\n"
        "Disallow: /language/\n"
        "\n"
        f"Sitemap: {BASE}/sitemap.xml\n"
    )
