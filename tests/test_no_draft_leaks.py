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
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

from conference.models import Edition
from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Gallery, Photo
from talks.models import Company, Project, Speaker, Talk
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
from tests.routes import public_routes
from tests.talks import drafts

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
POST_ONLY = {"photos/upload/file/", TAKEDOWN}
# What the public URLs answer where it is not a page (200): anonymous visitors are sent
# to sign in (staff only) or elsewhere (the GET language switch, the favicon's static
# file); django-ninja's root has no page with the docs off; an empty form is refused.
NOT_A_PAGE = {
    "language/<slug:code>/": {302},
    "favicon.ico": {301},
    "photos/upload/": {302},
    "photos/upload/file/": {302, 403},
    "api/v1/": {404},
    TAKEDOWN: {200, 302, 400},
}


@dataclass
class Walk:
    """The URLs to fetch for one pattern: public ones answer 200 (or redirect, for
    REDIRECTED), drafts' answer 404; `echoes` maps a search URL to the probe it echoes."""

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
    """The public archive, the drafts, and the values each URL pattern is fetched with."""
    edition = EditionFactory(name="PGConf 2016", start_date=datetime.date(2016, 2, 3))
    speaker = SpeakerFactory(name="Ronan Dunklau", company=CompanyFactory(name="Dalibo"))
    project = ProjectFactory(name="Multicorn")
    talk = TalkFactory(
        edition=edition, title="Foreign data wrappers", speakers=[speaker], projects=[project]
    )
    gallery = GalleryFactory(edition=edition, title="Day 1", talk=talk)
    photo = photo_with_renditions(gallery=gallery, talk=talk, speakers=[speaker])
    drafts.public_neighbours(edition)
    for case in drafts.CASES:
        drafts.create_draft(case, edition)
    draft_photos = _photo_drafts(edition, talk, speaker)
    _distinctive_slugs()
    draft_talks = Talk.objects.exclude(pk__in=Talk.objects.published())
    return SimpleNamespace(
        edition=edition.slug,
        talk=(edition.slug, talk.slug),
        speaker=speaker.slug,
        company=talk.talk_speakers.get().company.slug,
        project=project.slug,
        gallery=(edition.slug, gallery.slug),
        photo=(edition.slug, gallery.slug, photo.pk),
        draft_editions=["nocturnia-2031", "umbravale-2032"],
        draft_talks=[(t.edition.slug, t.slug) for t in draft_talks.select_related("edition")],
        draft_speakers=list(
            Speaker.objects.exclude(pk__in=Speaker.objects.published()).values_list(
                "slug", flat=True
            )
        ),
        draft_companies=list(
            Company.objects.exclude(pk__in=Company.objects.published()).values_list(
                "slug", flat=True
            )
        ),
        draft_projects=list(
            Project.objects.exclude(pk__in=Project.objects.published()).values_list(
                "slug", flat=True
            )
        ),
        draft_galleries=[
            (g.edition.slug, g.slug)
            for g in Gallery.objects.exclude(pk__in=Gallery.objects.published()).select_related(
                "edition"
            )
        ],
        draft_photos=[(p.gallery.edition.slug, p.gallery.slug, p.pk) for p in draft_photos],
    )


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
            gallery=Gallery.objects.get(edition=edition, title="Day 1"),
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


def _fetched_routes(a) -> dict[str, Walk]:
    """Every public URL pattern, with what to fetch it with."""
    e, (te, ts), (ge, gs), (pe, pg, pk) = a.edition, a.talk, a.gallery, a.photo
    dt, dg, dp = a.draft_talks, a.draft_galleries, a.draft_photos

    def lists(path, *, edition_filter=False):
        walk = Walk(public=[path])
        if edition_filter:
            walk.public.append(f"{path}?edition={e}")
            walk.public += [f"{path}?edition={slug}" for slug in a.draft_editions]
        return walk

    def searched(path, parameter="q"):
        walk = Walk()
        for probe in EVERY_DRAFT.probes:
            url = f"{path}?{parameter}={probe}"
            walk.public.append(url)
            walk.echoes[url] = probe
        return walk

    def detail(public, draft_values, build):
        return Walk(public=[build(*public)], drafts=[build(*value) for value in draft_values])

    one = lambda values: [(v,) for v in values]  # noqa: E731 -- a tuple per slug
    return {
        "": lists("/"),
        "language/<slug:code>/": lists("/language/ru/?next=/"),
        "favicon.ico": lists("/favicon.ico"),
        "robots.txt": lists("/robots.txt"),
        "sitemap.xml": lists("/sitemap.xml"),
        "opensearch.xml": lists("/opensearch.xml"),
        "editions/": lists("/editions/"),
        "<slug:slug>/": detail((e,), one(a.draft_editions), lambda s: f"/{s}/"),
        "speakers/": lists("/speakers/"),
        "speakers/<slug:slug>/": detail(
            (a.speaker,), one(a.draft_speakers), lambda s: f"/speakers/{s}/"
        ),
        "companies/": lists("/companies/"),
        "companies/<slug:slug>/": detail(
            (a.company,), one(a.draft_companies), lambda s: f"/companies/{s}/"
        ),
        "projects/": lists("/projects/"),
        "projects/<slug:slug>/": detail(
            (a.project,), one(a.draft_projects), lambda s: f"/projects/{s}/"
        ),
        "<slug:edition_slug>/talks/<slug:slug>/": detail(
            (te, ts), dt, lambda x, s: f"/{x}/talks/{s}/"
        ),
        "<slug:edition_slug>/talks/<slug:slug>/talk.ics": detail(
            (te, ts), dt, lambda x, s: f"/{x}/talks/{s}/talk.ics"
        ),
        "<slug:edition_slug>/schedule.xml": detail(
            (e,), one(a.draft_editions), lambda s: f"/{s}/schedule.xml"
        ),
        "<slug:edition_slug>/schedule.json": detail(
            (e,), one(a.draft_editions), lambda s: f"/{s}/schedule.json"
        ),
        "<slug:edition_slug>/schedule.ics": detail(
            (e,), one(a.draft_editions), lambda s: f"/{s}/schedule.ics"
        ),
        "feeds/talks/": lists("/feeds/talks/"),
        "feeds/galleries/": lists("/feeds/galleries/"),
        "feeds/editions/<slug:slug>/": detail(
            (e,), one(a.draft_editions), lambda s: f"/feeds/editions/{s}/"
        ),
        "feeds/speakers/<slug:slug>/": detail(
            (a.speaker,), one(a.draft_speakers), lambda s: f"/feeds/speakers/{s}/"
        ),
        "feeds/projects/<slug:slug>/": detail(
            (a.project,), one(a.draft_projects), lambda s: f"/feeds/projects/{s}/"
        ),
        "photos/": lists("/photos/"),
        "photos/upload/": lists("/photos/upload/"),
        "photos/upload/file/": lists("/photos/upload/file/"),
        PREVIEW: Walk(drafts=[f"/photos/preview/{p}/480/" for _, _, p in dp]),
        "<slug:edition_slug>/photos/<slug:slug>/": detail(
            (ge, gs), dg, lambda x, s: f"/{x}/photos/{s}/"
        ),
        "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/": detail(
            (pe, pg, pk), dp, lambda x, s, p: f"/{x}/photos/{s}/{p}/"
        ),
        "<slug:edition_slug>/photos/<slug:gallery_slug>/<int:pk>/takedown/": detail(
            (pe, pg, pk), dp, lambda x, s, p: f"/{x}/photos/{s}/{p}/takedown/"
        ),
        "search/": searched("/search/"),
        "api/v1/": lists("/api/v1/"),
        "api/v1/openapi.json": lists("/api/v1/openapi.json"),
        "api/v1/search": searched("/api/v1/search"),
        "api/v1/suggest": searched("/api/v1/suggest"),
        "api/v1/editions": lists("/api/v1/editions"),
        "api/v1/editions/<slug>": detail(
            (e,), one(a.draft_editions), lambda s: f"/api/v1/editions/{s}"
        ),
        "api/v1/talks": lists("/api/v1/talks", edition_filter=True),
        "api/v1/talks/<edition_slug>/<slug>": detail(
            (te, ts), dt, lambda x, s: f"/api/v1/talks/{x}/{s}"
        ),
        "api/v1/speakers": lists("/api/v1/speakers", edition_filter=True),
        "api/v1/speakers/<slug>": detail(
            (a.speaker,), one(a.draft_speakers), lambda s: f"/api/v1/speakers/{s}"
        ),
        "api/v1/companies": lists("/api/v1/companies", edition_filter=True),
        "api/v1/companies/<slug>": detail(
            (a.company,), one(a.draft_companies), lambda s: f"/api/v1/companies/{s}"
        ),
        "api/v1/projects": lists("/api/v1/projects", edition_filter=True),
        "api/v1/projects/<slug>": detail(
            (a.project,), one(a.draft_projects), lambda s: f"/api/v1/projects/{s}"
        ),
        "api/v1/galleries": lists("/api/v1/galleries", edition_filter=True),
        "api/v1/galleries/<edition_slug>/<slug>": detail(
            (ge, gs), dg, lambda x, s: f"/api/v1/galleries/{x}/{s}"
        ),
    }


def test_every_public_route_is_walked(archive):
    routes = {route.route for route in public_routes()}
    assert routes == set(_fetched_routes(archive))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_draft_reaches_any_public_url(archive, client, language):
    client.cookies["django_language"] = language
    walks = _fetched_routes(archive)
    # A draft's address (a photo of a public gallery has no private word in it) and its
    # rendition files' folder (photos.models.rendition_upload_to) are leaks too.
    draft_marks = [url for walk in walks.values() for url in walk.drafts] + [
        f"renditions/{pk}/" for _, _, pk in archive.draft_photos
    ]
    leaks, wrong_status = [], []
    for route, walk in walks.items():
        for url in walk.public + walk.drafts:
            fetch = client.post if route in POST_ONLY else client.get
            response = fetch(url, HTTP_ACCEPT_LANGUAGE=language)
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
    assert len(archive.draft_editions) == 2
    assert len(archive.draft_talks) == 3
    assert {len(archive.draft_speakers), len(archive.draft_projects)} == {2}
    assert len(archive.draft_companies) == 2
    assert len(archive.draft_galleries) == 2
    assert len(archive.draft_photos) == 3
