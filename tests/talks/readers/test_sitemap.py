"""The sitemap's readers (talks/readers/sitemap.py, photos/readers/sitemap.py,
conference.readers.edition_pages) against querysets written here, on data that tells the
visibility rules and the last-change rules apart."""

import datetime

import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import DateTimeField, Max
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from conference.models import Edition
from conference.readers import edition_pages
from conference.sitemaps import (
    READERS,
    SECTION_URL_NAME,
    SITEMAPS,
    SUMMARIES,
    ReaderSitemap,
)
from conference.sitemaps import index as sitemap_index
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo
from photos.readers.sitemap import gallery_pages, photo_pages
from talks.models import Company, Project, Speaker, Talk, public_talk_q
from talks.readers.lists import talks_for_edition
from talks.readers.sitemap import (
    company_pages,
    project_pages,
    speaker_pages,
    talk_pages,
    timetable_pages,
)
from talks.timetable import timetable_days
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def touch(model, row, days: int) -> None:
    """Set row.updated_at `days` days from now (the database keeps it, not save())."""
    when = timezone.now() + datetime.timedelta(days=days)
    model.objects.filter(pk=row.pk).update(updated_at=when)


@pytest.fixture
def archive():
    edition, draft_edition = EditionFactory(), EditionFactory(is_published=False)
    speaker, company, project = SpeakerFactory(), CompanyFactory(), ProjectFactory()
    talk = TalkFactory(edition=edition, projects=[project])
    TalkSpeakerFactory(talk=talk, speaker=speaker, company=company)
    # Newer changes of rows no visitor sees must not move a public page's last change.
    hidden = TalkFactory(edition=edition, is_published=False, projects=[project])
    TalkSpeakerFactory(talk=hidden, speaker=speaker, company=company)
    in_draft = TalkFactory(edition=draft_edition, projects=[ProjectFactory()])
    TalkSpeakerFactory(talk=in_draft, speaker=SpeakerFactory(), company=CompanyFactory())
    touch(Talk, hidden, 30)
    touch(Talk, in_draft, 30)
    touch(Talk, talk, 10)
    touch(Speaker, speaker, 20)  # newer than its talk
    gallery = GalleryFactory(edition=edition)
    PhotoFactory(gallery=gallery)
    PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING)
    PhotoFactory(gallery=GalleryFactory(edition=edition, is_published=False))
    PhotoFactory(gallery=GalleryFactory(edition=draft_edition))
    touch(Edition, edition, 5)  # newer than the gallery, older than the talk
    return edition


def newest(own: str, talks: str, public):
    return Greatest(own, Coalesce(Max(talks, filter=public), own))


def summary(rows) -> list[tuple]:
    return [(row.pk, row.get_absolute_url(), row.last_change) for row in rows]


def test_talk_people_and_project_pages_match_their_querysets(archive):
    credit_public = public_talk_q("talk_speakers__talk")
    expected = {
        "talks": Talk.objects.published().annotate(
            last_change=Greatest("updated_at", "edition__updated_at")
        ),
        "speakers": Speaker.objects.published().annotate(
            last_change=newest("updated_at", "talk_speakers__talk__updated_at", credit_public)
        ),
        "companies": Company.objects.published().annotate(
            last_change=newest("updated_at", "talk_speakers__talk__updated_at", credit_public)
        ),
        "projects": Project.objects.published().annotate(
            last_change=newest("updated_at", "talks__updated_at", public_talk_q("talks"))
        ),
    }
    found = {
        "talks": talk_pages(),
        "speakers": speaker_pages(),
        "companies": company_pages(),
        "projects": project_pages(),
    }

    for kind, rows in found.items():
        assert summary(rows) == summary(expected[kind].order_by("pk")), kind
        assert len(rows) == 1, kind


def test_gallery_photo_and_edition_pages_match_their_querysets(archive):
    galleries = Gallery.objects.published().annotate(
        last_change=Greatest("updated_at", "edition__updated_at")
    )
    photos = Photo.objects.published().annotate(
        # A photo's updated_at is a plain DateTimeField, a gallery's a StampField
        # (conference/db/timestamps.py): Django asks for the type of the mix.
        last_change=Greatest("updated_at", "gallery__updated_at", output_field=DateTimeField())
    )
    editions = Edition.objects.published().annotate(
        last_change=newest("updated_at", "talks__updated_at", public_talk_q("talks"))
    )

    assert summary(gallery_pages()) == summary(galleries.order_by("pk"))
    assert summary(photo_pages()) == summary(photos.order_by("pk"))
    assert summary(edition_pages()) == summary(editions.order_by("-start_date", "pk"))
    assert [len(gallery_pages()), len(photo_pages())] == [1, 1]


def test_sitemap_rows_read_only_what_an_address_needs(archive, django_assert_num_queries):
    with django_assert_num_queries(2):
        talk, photo = talk_pages()[0], photo_pages()[0]

    # No model instance: the columns the address needs and the last change, nothing else.
    assert talk._fields == ("pk", "slug", "edition", "last_change", "also_shows")
    assert photo._fields == ("pk", "gallery", "last_change")
    assert photo.gallery.edition._fields == ("pk", "slug")
    with django_assert_num_queries(0):
        addresses = [talk.get_absolute_url(), photo.get_absolute_url()]
    assert addresses == [
        Talk.objects.get(pk=talk.pk).get_absolute_url(),
        Photo.objects.get(pk=photo.pk).get_absolute_url(),
    ]


def test_a_slice_of_a_readers_rows_is_that_slice_of_all_of_them(archive):
    """A sitemap file reads rows offset..offset+limit of its section, in the same order."""
    TalkFactory.create_batch(4, edition=archive)
    for read in READERS.values():
        rows = read()
        assert read(offset=0, limit=len(rows) + 1) == rows, read
        for offset in range(len(rows)):
            assert read(offset=offset, limit=2) == rows[offset : offset + 2], read


def test_timetable_pages_are_the_days_the_timetable_shows_at_the_venue():
    # 31C3 in Hamburg: 00:30 on the 28th at the venue is still the 27th in UTC (and the
    # 28th in Moscow's zone, so only the venue's zone tells the days apart correctly).
    hamburg = EditionFactory(slug="31c3", time_zone="Europe/Berlin")
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    day_one = TalkFactory(
        edition=hamburg, start=datetime.datetime(2014, 12, 27, 11, 30, tzinfo=berlin)
    )
    TalkFactory(edition=hamburg, start=datetime.datetime(2014, 12, 28, 0, 30, tzinfo=berlin))
    TalkFactory(edition=hamburg, start=None)  # unscheduled: on no day
    hidden = TalkFactory(edition=hamburg, is_published=False,
                         start=datetime.datetime(2014, 12, 29, 11, 0, tzinfo=berlin))  # fmt: skip
    TalkFactory(edition=EditionFactory(is_published=False))
    other = TalkFactory(edition=EditionFactory(slug="pgconf-2016"))
    touch(Talk, day_one, 10)
    touch(Talk, hidden, 30)

    pages = timetable_pages()

    assert [(page.edition_slug, page.day, page.first) for page in pages] == [
        ("31c3", datetime.date(2014, 12, 27), True),
        ("31c3", datetime.date(2014, 12, 28), False),
        ("pgconf-2016", other.start.date(), True),
    ]
    assert [page.day for page in pages[:2]] == timetable_days(talks_for_edition(hamburg))
    assert [page.get_absolute_url() for page in pages] == [
        "/31c3/timetable/",
        "/31c3/timetable/2014-12-28/",
        "/pgconf-2016/timetable/",
    ]
    day_one.refresh_from_db()
    assert pages[0].last_change == day_one.updated_at  # not the hidden talk's


def test_each_sections_summary_is_the_count_and_newest_change_of_its_rows(archive):
    """The index counts and dates a section with its summary (one aggregate): the same
    figures its rows give."""
    for name, summarize in SUMMARIES.items():
        rows = SITEMAPS[name]().rows
        newest = max((row.last_change for row in rows), default=None)
        assert summarize() == (len(rows), newest), name


def test_sitemap_index_from_summaries_is_the_one_the_rows_give(
    archive, rf, django_assert_max_num_queries
):
    with django_assert_max_num_queries(len(SUMMARIES) + 1):  # the editions are read as rows
        response = sitemap_index(rf.get("/sitemap.xml"))
    # Each section counted and dated from its rows instead (a ReaderSitemap without its
    # summary reads them all).
    sections = {name: ReaderSitemap(read) for name, read in READERS.items()}
    sections = {name: section for name, section in sections.items() if section.paginator.count}
    from_rows = sitemap_views.index(
        rf.get("/sitemap.xml"),
        {"pages": SITEMAPS["pages"](), "editions": SITEMAPS["editions"](), **sections},
        template_name="conference/sitemap_index.xml",
        sitemap_url_name=SECTION_URL_NAME,
    )
    response.render()
    from_rows.render()
    assert response.content == from_rows.content
    assert response.content.count(b"<lastmod>") >= len(SUMMARIES)
