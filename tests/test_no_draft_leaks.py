"""No draft leaves a trace on any public URL: the leak walk.

One archive holds every kind of draft (tests/talks/drafts.py's three cases: a speaker,
company and project only in a draft edition, a published talk in a draft edition, an
unpublished talk in a published edition; plus a gallery and photo of a draft edition, a
draft gallery of a published edition and a pending photo in a published gallery), each
with words and slugs found nowhere else. Then every public URL pattern (tests/routes.py,
read from the URLconf: a new pattern fails the walk until it is covered here) is fetched
with public values, and every detail pattern with each draft's values too: pages,
feeds, exports, the sitemap, the API, the search page and API with the drafts' words
exact, misspelt and cut short (so "did you mean" and the typo fallback run), and the
suggestions. No answer may hold a draft's word; every draft's detail URL is a 404; every
public URL answers, so that the walk really reads the pages it claims to.
"""

import datetime
import io
import tarfile
from dataclasses import dataclass, field
from urllib.parse import unquote

import pytest

from conference.dump.build import build as build_dump
from conference.models import Edition
from conference.sitemaps import SITEMAPS
from conference.web.language import is_localized
from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Gallery, Photo
from talks.decks.models import SlideDeck, SlideImage
from talks.models import Company, Project, Speaker, Talk, TalkTopic, Topic
from talks.related import refresh_stale
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)
from tests.routes import public_routes
from tests.talks import drafts
from tests.talks.decks.pdfs import deck
from tests.talks.decks.rows import ready_deck

pytestmark = pytest.mark.django_db

# The photo drafts' own words, and queries that probe for them.
PHOTO_DRAFT = drafts.DraftCase(
    name="photos",
    private_words=("marmalodonic", "pendulaxian", "cryptoglyphic", "fenestrovian"),
    probes=("marmalodonik", "marmal", "pendulaxain", "pendul", "cryptoglyph", "fenestrovian"),
)
EVERY_DRAFT = drafts.DraftCase(
    name="every draft",
    private_words=sum((case.private_words for case in (*drafts.CASES, PHOTO_DRAFT)), ()),
    probes=sum((case.probes for case in (*drafts.CASES, PHOTO_DRAFT)), ()),
)
# Staff only: a draft photo's preview is refused to visitors, by a redirect to sign in.
PREVIEW = "photos/preview/<int:pk>/<int:width>/"
TAKEDOWN = "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/takedown/"
# Forms that only take a POST: the walk posts an empty form to them.
# The camera clock of an upload batch: staff only, so any batch number answers a visitor alike.
BATCH_CLOCK = "photos/batches/<int:pk>/clock/"
# The upload page's resumable uploads (photos/chunked.py): staff only, JSON answers.
UPLOAD_START = "photos/upload/chunked/"
UPLOAD_CHUNK = "photos/upload/chunked/<uuid:pk>/"
UPLOAD_COMPLETE = "photos/upload/chunked/<uuid:pk>/complete/"
POST_ONLY = {"photos/upload/file/", TAKEDOWN, BATCH_CLOCK, UPLOAD_START, UPLOAD_COMPLETE}
# What the public URLs answer where it is not a page (200): anonymous visitors are sent
# to sign in (staff only) or elsewhere (the GET language switch, the favicon's static
# file); an empty form is refused.
NOT_A_PAGE = {
    "language/<slug:code>/": {302},
    "favicon.ico": {301},
    "photos/upload/": {302},
    "photos/upload/file/": {302, 403},
    "photos/moderation/": {302},
    "photos/batches/": {302},
    BATCH_CLOCK: {302},
    UPLOAD_START: {403},
    UPLOAD_CHUNK: {403},
    UPLOAD_COMPLETE: {403},
    TAKEDOWN: {200, 302, 400},
}


@dataclass
class Walk:
    """The URLs to fetch for one pattern: public ones answer 200 (or what NOT_A_PAGE
    says), drafts' answer 404; `echoes` maps a search URL to the probe it echoes."""

    public: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    echoes: dict[str, str] = field(default_factory=dict)


def photo_with_renditions(**kwargs) -> Photo:
    photo = PhotoFactory(**kwargs)
    for fmt in RenditionFormat.values:
        RenditionFactory(photo=photo, format=fmt, width=480, height=360)
    return photo


@pytest.fixture
def archive():
    """The public archive and the drafts; returns, for each kind of row, the values its
    URL patterns take: ([the public row's], [each draft's])."""
    edition = EditionFactory(name="PGConf 2016", start_date=datetime.date(2016, 2, 3))
    speaker = SpeakerFactory(name="Ronan Dunklau", company=CompanyFactory(name="Dalibo"))
    project = ProjectFactory(name="Multicorn")
    talk = TalkFactory(
        edition=edition, title="Foreign data wrappers", speakers=[speaker], projects=[project]
    )
    gallery = GalleryFactory(edition=edition, title="Day 1", talk=talk)
    photo = photo_with_renditions(gallery=gallery, talk=talk, speakers=[speaker])
    drafts.public_neighbours(edition)
    # A second day, so that the timetable has a day of its own to show (the first day's
    # address sends to the timetable's).
    TalkFactory(edition=edition, title="Foreign data wrappers again", speakers=[speaker],
                start=talk.start + datetime.timedelta(days=1))  # fmt: skip
    for case in drafts.CASES:
        drafts.create_draft(case, edition)
    draft_photos = _photo_drafts(edition, talk, speaker)
    _distinctive_slugs()
    _slide_decks(talk)
    public_topic, draft_topics = _topics(talk)
    return {
        "edition": ([(edition.slug,)], _drafts(Edition, lambda row: (row.slug,))),
        "talk": (
            [(edition.slug, talk.slug)],
            _drafts(Talk, lambda row: (row.edition.slug, row.slug)),
        ),
        "speaker": ([(speaker.slug,)], _drafts(Speaker, lambda row: (row.slug,))),
        "company": ([(speaker.company.slug,)], _drafts(Company, lambda row: (row.slug,))),
        "project": ([(project.slug,)], _drafts(Project, lambda row: (row.slug,))),
        "gallery": ([(edition.slug, gallery.slug)], _drafts(Gallery, _gallery_key)),
        "photo": (
            [(edition.slug, gallery.slug, photo.pk)],
            [(*_gallery_key(p.gallery), p.pk) for p in draft_photos],
        ),
        "topic": ([(public_topic.slug,)], [(topic.slug,) for topic in draft_topics]),
    }


def _topics(talk) -> tuple[Topic, list[Topic]]:
    """A topic the public talk carries, and for each draft talk whose title holds a
    private word a topic named by that word whose one term is the title (a phrase the
    public neighbours, which share the drafts' stems, do not hold): carried by drafts
    alone, none of them is public. Every talk's related talks refreshed, then the public
    talk's stored list made to hold every draft talk, as a stale list could
    (talks/related.py): its page must show none."""
    public = TopicFactory(
        slug="walk-foreign-tables", name_en="Foreign tables", terms_en=["foreign data wrappers"]
    )
    private = set(EVERY_DRAFT.private_words)
    drafts_only = []
    for draft in Talk.objects.exclude(pk__in=Talk.objects.published()).order_by("pk"):
        word = draft.title.split()[0].lower()
        if word in private:
            drafts_only.append(
                TopicFactory(
                    slug=f"{word}-topic",
                    name_en=f"{word.title()} studies",
                    name_ru=f"{word.title()} studies",
                    terms_en=[draft.title],
                )
            )
    carried = TalkTopic.objects.filter(topic__in=drafts_only)
    assert carried.count() == len(drafts_only) >= 2  # each by its draft, and only by it
    refresh_stale()
    draft_ids = list(Talk.objects.exclude(pk__in=Talk.objects.published()).values_list("pk"))
    Talk.objects.filter(pk=talk.pk).update(related_ids=[pk for (pk,) in draft_ids])
    return public, drafts_only


def _gallery_key(gallery) -> tuple:
    return (gallery.edition.slug, gallery.slug)


def _drafts(model, key) -> list[tuple]:
    """`key` of each row of `model` its published() leaves out: the drafts."""
    return [key(row) for row in model.objects.exclude(pk__in=model.objects.published())]


def _photo_drafts(edition, talk, speaker) -> list[Photo]:
    """A published photo in a gallery of a draft edition, one in a draft gallery of the
    published edition, and a pending one in a published gallery: each tagged with the
    public talk and speaker, so that their pages would show it if a rule were missing."""
    tags = {"talk": talk, "speakers": [speaker]}
    draft_edition = Edition.objects.get(slug="nocturnia-2031")
    return [
        photo_with_renditions(
            gallery=GalleryFactory(edition=draft_edition, title="Nocturnia backstage"),
            caption="Marmalodonic stage",
            alt_text="Marmalodonic stage",
            **tags,
        ),
        photo_with_renditions(
            gallery=GalleryFactory(
                edition=edition, title="Cryptoglyphic gallery", is_published=False
            ),
            caption="Fenestrovian hall",
            alt_text="Fenestrovian hall",
            **tags,
        ),
        photo_with_renditions(
            gallery=Gallery.objects.get(edition=edition, title_en="Day 1"),
            status=PhotoStatus.PENDING,
            caption="Pendulaxian crowd",
            alt_text="Pendulaxian crowd",
            **tags,
        ),
    ]


def _distinctive_slugs() -> None:
    """Drafts' slugs that hold a private word, so that a leaked slug is a leaked word."""
    for talk in Talk.objects.exclude(pk__in=Talk.objects.published()):
        word = talk.title.split()[0].lower()
        if word == "logical":  # the draft edition's talk: its title is public words
            word = "nocturnia"
        Talk.objects.filter(pk=talk.pk).update(slug=f"{word}-talk")
    for speaker in Speaker.objects.exclude(pk__in=Speaker.objects.published()):
        Speaker.objects.filter(pk=speaker.pk).update(slug=speaker.name.lower().replace(" ", "-"))


def _slide_decks(talk) -> None:
    """Slides for the public talk, and for every draft talk slides holding its words, with
    page images as if a rule were missing (images exist only for public talks): neither
    the drafts' slide text nor their image files (a folder per deck) nor
    their PDFs may be reached."""
    ready_deck(talk, ["Foreign data wrappers, slide 1"], pdf=deck("Foreign data wrappers"))
    for draft in Talk.objects.exclude(pk__in=Talk.objects.published()):
        ready_deck(draft, [f"{draft.title}: the slides"], pdf=deck(draft.title))


# Patterns with no parameter, fetched as they are; those whose API list takes an edition
# filter are fetched with each edition's slug too.
PLAIN = {
    "": "/",
    "language/<slug:code>/": "/language/ru/?next=/",
    "favicon.ico": "/favicon.ico",
    "robots.txt": "/robots.txt",
    "sitemap.xml": "/sitemap.xml",
    "opensearch.xml": "/opensearch.xml",
    "editions/": "/editions/",
    "editions/my-talks/": "/editions/my-talks/",
    "speakers/": "/speakers/",
    "companies/": "/companies/",
    "projects/": "/projects/",
    "topics/": "/topics/",
    "feeds/talks/": "/feeds/talks/",
    "feeds/galleries/": "/feeds/galleries/",
    "photos/": "/photos/",
    "photos/upload/": "/photos/upload/",
    "photos/upload/file/": "/photos/upload/file/",
    "photos/moderation/": "/photos/moderation/",
    "photos/batches/": "/photos/batches/",
    BATCH_CLOCK: "/photos/batches/1/clock/",
    UPLOAD_START: "/photos/upload/chunked/",
    UPLOAD_CHUNK: "/photos/upload/chunked/00000000-0000-0000-0000-000000000001/",
    UPLOAD_COMPLETE: "/photos/upload/chunked/00000000-0000-0000-0000-000000000001/complete/",
    "api/v1/": "/api/v1/",
    "api/v1/openapi.json": "/api/v1/openapi.json",
    "api/v1/editions": "/api/v1/editions",
}
EDITION_FILTERED = {
    f"api/v1/{rows}": f"/api/v1/{rows}"
    for rows in ("talks", "speakers", "companies", "projects", "galleries")
}
# Patterns fetched with each probe of the drafts' words as the query.
SEARCHED = {
    "search/": "/search/",
    "api/v1/search": "/api/v1/search",
    "api/v1/suggest": "/api/v1/suggest",
}
# Patterns with parameters: the kind of row (a key of the archive fixture) and the path.
DETAILS = {
    "<slug:slug>/": ("edition", "/{}/"),
    "<slug:edition_slug>/schedule.xml": ("edition", "/{}/schedule.xml"),
    "<slug:edition_slug>/schedule.json": ("edition", "/{}/schedule.json"),
    "<slug:edition_slug>/schedule.ics": ("edition", "/{}/schedule.ics"),
    "<slug:edition_slug>/timetable/": ("edition", "/{}/timetable/"),
    "feeds/editions/<slug:slug>/": ("edition", "/feeds/editions/{}/"),
    "api/v1/editions/<slug>": ("edition", "/api/v1/editions/{}"),
    "<slug:edition_slug>/talks/<slug:slug>/": ("talk", "/{}/talks/{}/"),
    "<slug:edition_slug>/talks/<slug:slug>/talk.ics": ("talk", "/{}/talks/{}/talk.ics"),
    "<slug:edition_slug>/talks/<slug:slug>/slides.pdf": ("talk", "/{}/talks/{}/slides.pdf"),
    "api/v1/talks/<edition_slug>/<slug>": ("talk", "/api/v1/talks/{}/{}"),
    "speakers/<slug:slug>/": ("speaker", "/speakers/{}/"),
    "feeds/speakers/<slug:slug>/": ("speaker", "/feeds/speakers/{}/"),
    "api/v1/speakers/<slug>": ("speaker", "/api/v1/speakers/{}"),
    "companies/<slug:slug>/": ("company", "/companies/{}/"),
    "api/v1/companies/<slug>": ("company", "/api/v1/companies/{}"),
    "projects/<slug:slug>/": ("project", "/projects/{}/"),
    "feeds/projects/<slug:slug>/": ("project", "/feeds/projects/{}/"),
    "api/v1/projects/<slug>": ("project", "/api/v1/projects/{}"),
    "topics/<slug:slug>/": ("topic", "/topics/{}/"),
    "feeds/topics/<slug:slug>/": ("topic", "/feeds/topics/{}/"),
    "<slug:edition_slug>/photos/<slug:slug>/": ("gallery", "/{}/photos/{}/"),
    "api/v1/galleries/<edition_slug>/<slug>": ("gallery", "/api/v1/galleries/{}/{}"),
    "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/": ("photo", "/{}/photos/{}/{}/"),
    TAKEDOWN: ("photo", "/{}/photos/{}/{}/takedown/"),
    # Photo downloads: the zips' entries are stored uncompressed, so a draft's caption,
    # credit or page address in CREDITS.txt would show in the body like a page's words.
    "<slug:edition_slug>/photos/<slug:slug>/photos.zip": ("gallery", "/{}/photos/{}/photos.zip"),
    "<slug:edition_slug>/talks/<slug:slug>/photos.zip": ("talk", "/{}/talks/{}/photos.zip"),
    "speakers/<slug:slug>/photos.zip": ("speaker", "/speakers/{}/photos.zip"),
}


def _fetched_routes(archive) -> dict[str, Walk]:
    """Every public URL pattern, with what to fetch it with."""
    walks = {route: Walk(public=[path]) for route, path in PLAIN.items()}
    public_editions, draft_editions = archive["edition"]
    editions = [slug for (slug,) in public_editions + draft_editions]
    for route, path in EDITION_FILTERED.items():
        walks[route] = Walk(public=[path] + [f"{path}?edition={slug}" for slug in editions])
    for route, path in SEARCHED.items():
        urls = {f"{path}?q={probe}": probe for probe in EVERY_DRAFT.probes}
        walks[route] = Walk(public=list(urls), echoes=urls)
    for route, (kind, path) in DETAILS.items():
        public, drafts_of_kind = archive[kind]
        walks[route] = Walk(
            public=[path.format(*values) for values in public],
            drafts=[path.format(*values) for values in drafts_of_kind],
        )
    # The sitemap's section files (conference/sitemaps.py), each of them.
    walks["sitemap-<slug:section>.xml"] = Walk(public=[f"/sitemap-{name}.xml" for name in SITEMAPS])
    # A visitor's starred talks: every talk's id at once, drafts' among them.
    every_id = ",".join(str(pk) for pk in Talk.objects.values_list("pk", flat=True))
    for route in ("talks.json", "talks.ics"):
        walks[route] = Walk(public=[f"/{route}?ids={every_id}"])
    # A timetable day: the public edition's second day, and the drafts' first days.
    day = "<slug:edition_slug>/timetable/<slug:day>/"
    walks[day] = Walk(
        public=[f"/{slug}/timetable/{_second_day(slug)}/" for (slug,) in public_editions],
        drafts=[f"/{slug}/timetable/{_first_day(slug)}/" for (slug,) in draft_editions],
    )
    # Staff only: no visitor sees a draft photo's preview.
    walks[PREVIEW] = Walk(drafts=[f"/photos/preview/{pk}/480/" for *_, pk in archive["photo"][1]])
    return walks


def _first_day(edition_slug: str) -> datetime.date:
    return Edition.objects.get(slug=edition_slug).start_date


def _second_day(edition_slug: str) -> datetime.date:
    return _first_day(edition_slug) + datetime.timedelta(days=1)


def test_every_public_route_is_walked(archive):
    routes = {route.route for route in public_routes()}
    assert routes == set(_fetched_routes(archive))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_draft_reaches_any_public_url(archive, client, language):
    """Each page at its address in `language` (/ru/... in Russian); the API and the other
    paths with one address in the language Accept-Language asks for."""
    walks = _fetched_routes(archive)
    # A draft's address (a photo of a public gallery has no private word in it), its
    # rendition files' folder (photos.models.rendition_upload_to) and its slides' images'
    # folder (talks.decks.models.slide_image_upload_to: a folder per deck) are leaks too.
    draft_decks = SlideDeck.objects.exclude(talk__in=Talk.objects.published())
    draft_marks = (
        [url for walk in walks.values() for url in walk.drafts]
        + [f"renditions/{pk}/" for *_, pk in archive["photo"][1]]
        + [
            name.rsplit("/", 1)[0] + "/"
            for name in SlideImage.objects.filter(page__deck__in=draft_decks).values_list(
                "file", flat=True
            )
        ]
    )
    leaks, wrong_status = [], []
    for route, walk in walks.items():
        for url in walk.public + walk.drafts:
            fetch = client.post if route in POST_ONLY else client.get
            address = f"/{language}{url}" if language != "en" and is_localized(url) else url
            response = fetch(address, HTTP_ACCEPT_LANGUAGE=language)
            body = b"".join(response) if response.streaming else response.content
            # A 404 may echo the address asked for (the language links' next=): not a leak.
            text = unquote(body.decode(errors="replace")).replace(url, "")
            found = drafts.leaked_words(EVERY_DRAFT, text, echoed=walk.echoes.get(url, ""))
            found += [mark for mark in draft_marks if mark in text]
            if found:
                leaks.append((url, found))
            if url in walk.drafts:
                expected = {302, 403, 404} if route == PREVIEW else {404}
            else:
                expected = NOT_A_PAGE.get(route, {200})
            if response.status_code not in expected:
                wrong_status.append((url, response.status_code))
    assert leaks == []
    assert wrong_status == []


def test_the_walk_reads_the_drafts_it_checks(archive):
    """Every kind of draft exists with a detail URL to refuse (else the walk proves nothing)."""
    counts = {kind: len(drafts_of_kind) for kind, (_, drafts_of_kind) in archive.items()}
    expected = {"edition": 2, "talk": 3, "speaker": 2, "company": 2, "project": 2}
    assert counts == {**expected, "gallery": 2, "photo": 3, "topic": 2}
    draft_decks = SlideDeck.objects.exclude(talk__in=Talk.objects.published())
    assert draft_decks.filter(pages__images__isnull=False).distinct().count() == 3


def test_no_draft_reaches_the_data_dump(archive):
    """The public data dump (conference/dump/), built from the same archive, holds no
    draft's word, address or rendition folder, in any of its files."""
    walks = _fetched_routes(archive)
    draft_marks = [url for walk in walks.values() for url in walk.drafts] + [
        f"renditions/{pk}/" for *_, pk in archive["photo"][1]
    ]
    with tarfile.open(fileobj=io.BytesIO(build_dump().data), mode="r:gz") as dump:
        text = "".join(dump.extractfile(member).read().decode() for member in dump)

    found = drafts.leaked_words(EVERY_DRAFT, text)
    found += [mark for mark in draft_marks if mark in text]
    assert found == []
    assert "Foreign data wrappers" in text  # the public talk is there: the dump was read
