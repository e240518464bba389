"""Light pages (issue 8): what a browser downloads for a talk page, and nothing that blocks
its first paint beyond one stylesheet; images lazy, with their size reserved."""

import datetime
import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from photos.choices import RenditionFormat
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
from tests.talks.decks.rows import ready_deck

pytestmark = pytest.mark.django_db

# HTML, CSS and JS of a talk page together, each compressed as a server would send it.
WEIGHT_BUDGET = 60 * 1024
GZIP_LEVEL = 6


class _Resources(HTMLParser):
    """The stylesheets, scripts and images of a page, with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[dict] = []
        self.scripts: list[dict] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "img":
            self.images.append(attrs)


def resources(html: str) -> _Resources:
    parser = _Resources()
    parser.feed(html)
    return parser


def static_bytes(url: str) -> bytes:
    """The content of a static file the page links to, found as collectstatic would."""
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(static_url), url
    path = finders.find(url.removeprefix(static_url).split("?")[0])
    assert path, f"{url} is not a static file"
    with open(path, "rb") as file:
        return file.read()


def gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=GZIP_LEVEL))


def rich_talk():
    """A talk with all a talk page can show: three speakers at their companies, a long
    abstract and description, a video, 30 pages of slides with their text, projects,
    photos, galleries, neighbours in the schedule and other talks by the same speakers."""
    edition = EditionFactory()
    speakers = [SpeakerFactory(company=CompanyFactory()) for _ in range(3)]
    start = timezone.make_aware(datetime.datetime.combine(edition.start_date, datetime.time(12)))
    talk = TalkFactory(
        edition=edition,
        start=start,
        title="Logical replication from the inside: slots, decoding and the WAL",
        abstract="\n\n".join(["Logical decoding turns the WAL into a stream of changes. " * 8] * 4),
        description="\n\n".join(["How the walsender feeds the subscriber. " * 10] * 3),
        speakers=speakers,
        projects=ProjectFactory.create_batch(3),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    ready_deck(talk, [f"Slide {n}: the WAL sender, the slot and the subscriber" for n in range(30)])
    for hour in (10, 14):
        TalkFactory(edition=edition, start=start.replace(hour=hour), speakers=speakers[:1])
    for year in range(8):
        older = EditionFactory(start_date=datetime.date(2000 + year, 2, 3))
        TalkFactory(edition=older, speakers=speakers[1:])
    for number in range(2):
        gallery = GalleryFactory(edition=edition, talk=talk, position=number)
        for _ in range(6):
            photo = PhotoFactory(gallery=gallery, talk=talk, speakers=speakers[:1])
            for width in (480, 960):
                for fmt in (RenditionFormat.JPEG, RenditionFormat.WEBP):
                    RenditionFactory(photo=photo, width=width, height=width * 3 // 4, format=fmt)
    return talk


def test_talk_page_weighs_under_the_budget_compressed(client):
    response = client.get(rich_talk().get_absolute_url())
    html = response.content
    page = resources(html.decode())
    assert len(page.images) >= 9, "the page should show its video poster, photos and covers"

    files = [link["href"] for link in page.stylesheets] + [
        script["src"] for script in page.scripts if script.get("src")
    ]
    sizes = {"HTML": gzipped_size(html)} | {url: gzipped_size(static_bytes(url)) for url in files}

    assert any(url.endswith("video-facade.js") for url in sizes)
    assert any(url.endswith("slides.js") for url in sizes)
    assert sum(sizes.values()) < WEIGHT_BUDGET, sizes


def test_talk_page_blocks_rendering_on_one_stylesheet_only(client):
    page = resources(client.get(rich_talk().get_absolute_url()).content.decode())

    assert len(page.stylesheets) == 1
    for script in page.scripts:
        # A data block (JSON-LD) is never fetched nor run; every other script must not
        # hold up the parser.
        if script.get("type") == "application/ld+json":
            continue
        assert "src" in script, script
        assert "defer" in script or script.get("type") == "module", script


def test_talk_page_images_are_lazy_with_their_size(client):
    page = resources(client.get(rich_talk().get_absolute_url()).content.decode())

    assert page.images
    for number, image in enumerate(page.images):
        assert image.get("width", "").isdigit(), image
        assert image.get("height", "").isdigit(), image
        assert "alt" in image, image
        # Only the first image may load eagerly (it may be above the fold), and then it
        # says it matters.
        if number == 0 and image.get("loading") != "lazy":
            assert image.get("fetchpriority") == "high", image
        else:
            assert image.get("loading") == "lazy", image
