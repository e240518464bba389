"""The query budget of every public page and API endpoint (issue 8: cheap pages).

Each URL is fetched by an anonymous visitor from an archive where everything it shows
comes once, then again after the archive has grown to MANY of each (talks of the edition,
speakers and projects of a talk, talks of a speaker, company and project, galleries,
photos). The number of SQL queries must be the same both times, and at most BUDGET:
a page whose cost grows with the data would fall over on a decade of conferences.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conference.models import Edition
from photos.choices import RenditionFormat
from photos.models import Gallery, Photo
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker
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
from tests.talks.decks.rows import add_pages, ready_deck

pytestmark = pytest.mark.django_db

BUDGET = 8
MANY = 25
API = "/api/v1"


@dataclass
class Archive:
    """An archive built around one edition, talk, speaker, company, project, gallery and
    photo (the pages under test), which grow() links to more and more rows."""

    edition: Edition
    company: Company
    speaker: Speaker
    project: Project
    talk: Talk
    gallery: Gallery
    photo: Photo
    units: int = 0
    extra_editions: list[Edition] = field(default_factory=list)

    @classmethod
    def create(cls) -> "Archive":
        edition = EditionFactory(slug="pgconf-main", start_date=datetime.date(2030, 2, 3))
        company = CompanyFactory(slug="main-company")
        speaker = SpeakerFactory(slug="main-speaker", company=company)
        project = ProjectFactory(slug="main-project")
        talk = TalkFactory(
            edition=edition,
            slug="main-talk",
            title="Logical replication in depth",
            start=at(edition, 12),
            speakers=[speaker],
            projects=[project],
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
        gallery = GalleryFactory(edition=edition, slug="main-gallery", talk=talk)
        photo = published_photo(gallery, talk=talk, speakers=[speaker])
        ready_deck(talk, ["Logical replication, slide 1"])
        return cls(edition, company, speaker, project, talk, gallery, photo)

    def grow(self, count: int) -> None:
        """Add `count` units: each is a talk of the main edition by the main speaker (at the
        main company, about the main project) and a speaker of its own, who also speaks at
        the main talk; a project of the main talk; a gallery of the main talk; photos in
        the main gallery showing the main speaker; a page of the main talk's slides; and
        an older edition with a talk and a gallery of its own."""
        for _ in range(count):
            number = self.units = self.units + 1
            speaker = SpeakerFactory(company=CompanyFactory())
            project = ProjectFactory()
            start = at(self.edition, 9) + datetime.timedelta(minutes=5 * number)
            talk = TalkFactory(
                edition=self.edition,
                title=f"Replication, part {number}",
                start=start,
                room=f"Hall {number % 3}",
                track=f"Track {number % 4}",
                speakers=[self.speaker, speaker],
                projects=[self.project, project],
            )
            TalkSpeaker.objects.filter(talk=talk, speaker=self.speaker).update(company=self.company)
            TalkSpeaker.objects.create(
                talk=self.talk, speaker=speaker, position=number, company=speaker.company
            )
            self.talk.projects.add(project)
            talk_gallery = GalleryFactory(edition=self.edition, talk=self.talk, position=number)
            published_photo(talk_gallery, talk=self.talk, speakers=[self.speaker, speaker])
            published_photo(self.gallery, talk=talk, speakers=[self.speaker])
            add_pages(self.talk.slide_deck, [f"Replication, slide {number + 1}"])

            older = EditionFactory(start_date=datetime.date(1990 + number, 2, 3))
            TalkFactory(edition=older, title=f"Early replication {number}", speakers=[speaker])
            published_photo(GalleryFactory(edition=older))
            self.extra_editions.append(older)


def at(edition, hour: int) -> datetime.datetime:
    day = datetime.datetime.combine(edition.start_date, datetime.time(hour))
    return timezone.make_aware(day)


def published_photo(gallery, **kwargs) -> Photo:
    """A published photo with a JPEG and a WebP rendition, as the worker leaves them."""
    photo = PhotoFactory(gallery=gallery, **kwargs)
    RenditionFactory(photo=photo, width=480, height=360, format=RenditionFormat.JPEG)
    RenditionFactory(photo=photo, width=480, height=360, format=RenditionFormat.WEBP)
    return photo


# Every public URL an anonymous visitor or a tool can GET, as a template over the archive's
# main rows. Staff-only pages (the admin, the upload page) and POST-only forms are not here.
URLS = [
    # The home page, the editions archive, an edition (conference/urls.py).
    "/",
    "/editions/",
    "/{edition}/",
    # Talks, speakers, companies and projects (talks/urls.py).
    "/{edition}/talks/{talk}/",
    # The timetable and a visitor's starred talks (talks/timetable_views.py, star_views.py).
    "/{edition}/timetable/",
    "/editions/my-talks/",
    "/talks.json?ids={talk_id}",
    "/talks.ics?ids={talk_id}",
    "/speakers/",
    "/speakers/{speaker}/",
    "/companies/",
    "/companies/{company}/",
    "/projects/",
    "/projects/{project}/",
    # Topics (talks/topic_views.py): the main talk is on replication, a seeded topic.
    "/topics/",
    "/topics/replication/",
    # Search and the browsers' OpenSearch description (talks/search_views.py).
    "/search/?q=replication",
    # Fewer than three hits add the typo fallback's queries (talks.search.FALLBACK_BELOW):
    # these filters keep three or more, the typo below always takes the fallback.
    "/search/?q=replication&language=en&has_slides=false&page=1",
    "/search/?q=replicaton",
    "/opensearch.xml",
    # Photos (photos/urls.py).
    "/photos/",
    "/{edition}/photos/{gallery}/",
    "/{edition}/photos/{gallery}/{photo}/",
    # Photo downloads (photos/download_views.py): no query while the zip streams.
    "/{edition}/photos/{gallery}/photos.zip",
    "/{edition}/talks/{talk}/photos.zip",
    "/speakers/{speaker}/photos.zip",
    # Exports (talks/export_views.py).
    "/{edition}/schedule.xml",
    "/{edition}/schedule.json",
    "/{edition}/schedule.ics",
    "/{edition}/talks/{talk}/talk.ics",
    # Atom feeds (talks/feeds.py).
    "/feeds/talks/",
    "/feeds/editions/{edition}/",
    "/feeds/speakers/{speaker}/",
    "/feeds/projects/{project}/",
    "/feeds/topics/replication/",
    "/feeds/galleries/",
    # Crawlers (conference/urls.py, conference/sitemaps.py).
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
    # Search and suggestions (talks/api.py).
    f"{API}/search?q=replication",
    f"{API}/search?q=replication&limit=100",
    # A Russian query naming a topic: the English talks on it too (talks/search_topics.py).
    f"{API}/search?q=репликация",
    f"{API}/suggest?q=repl",
    f"{API}/suggest?q=repl&format=opensearch",
    # The read-only API (talks/api_v1/).
    f"{API}/openapi.json",
    f"{API}/editions",
    f"{API}/editions/{{edition}}",
    f"{API}/talks",
    f"{API}/talks?limit=100",
    f"{API}/talks?edition={{edition}}&speaker={{speaker}}&company={{company}}&project={{project}}",
    f"{API}/talks/{{edition}}/{{talk}}",
    f"{API}/speakers",
    f"{API}/speakers?edition={{edition}}&limit=100",
    f"{API}/speakers/{{speaker}}",
    f"{API}/companies",
    f"{API}/companies?edition={{edition}}",
    f"{API}/companies/{{company}}",
    f"{API}/projects",
    f"{API}/projects?edition={{edition}}",
    f"{API}/projects/{{project}}",
    f"{API}/galleries",
    f"{API}/galleries?edition={{edition}}&limit=100",
    f"{API}/galleries/{{edition}}/{{gallery}}",
]


def resolve(template: str, archive: Archive) -> str:
    return template.format(
        edition=archive.edition.slug,
        talk=archive.talk.slug,
        talk_id=archive.talk.pk,
        speaker=archive.speaker.slug,
        company=archive.company.slug,
        project=archive.project.slug,
        gallery=archive.gallery.slug,
        photo=archive.photo.pk,
    )


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code in (200, 301), (url, response.status_code)
    return len(captured), [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("template", URLS)
def test_query_count_is_fixed_and_within_budget(client, django_assert_max_num_queries, template):
    archive = Archive.create()
    archive.grow(1)
    url = resolve(template, archive)
    one, _ = count_queries(client, url)

    archive.grow(MANY - 1)
    with django_assert_max_num_queries(BUDGET):
        many, sql = count_queries(client, url)

    assert many == one, f"{one} queries with one item, {many} with {MANY}:\n" + "\n\n".join(sql)


@pytest.mark.parametrize("template", URLS)
def test_anonymous_visit_leaves_the_session_alone(client, template):
    # Reading the session (to find request.user) would cost a query for anyone holding a
    # session cookie and make the response vary on cookies, which splits a page cache.
    archive = Archive.create()
    archive.grow(1)

    response = client.get(resolve(template, archive))

    assert response.status_code in (200, 301)
    assert not response.wsgi_request.session.accessed
