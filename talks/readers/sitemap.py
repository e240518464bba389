"""The public talk, timetable, speaker, company, project and topic pages for /sitemap.xml: each
row with what its address needs (slugs, a day) and .last_change, the newest change the
page shows, and nothing else: no credits, no texts.

An archive holds tens of thousands of talks: one statement per kind of page, and rows
that are no model instances (what the address needs, the model's own get_absolute_url),
one edition shared by its talks. What is public is talks.readers.visibility's rule in
SQL: a speaker, company or project is listed through the published talks that show it,
as the indexes count them.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from conference.db.raw_rows import count_and_newest, fetch_page
from conference.web.fast_urls import page_url
from photos.visibility import PHOTO_IS_PUBLIC
from talks.models import Company, Project, Speaker, Talk, Topic
from talks.readers.indexes import COMPANIES, OF_PUBLISHED_TALKS, PROJECTS, SPEAKERS, Index
from talks.readers.topics import TOPICS
from talks.readers.visibility import TALK_IS_PUBLIC

# The public photos a talk page shows, by talk: those placed on the talk and those of the
# galleries tagged with it (photos.readers.photos.TALK_HAS_PHOTOS's two ways); how many,
# and the newest change among them and their galleries.
PHOTOS_BY_TALK = f"""
SELECT shows.talk_id, count(*) AS photos, max(shows.changed) AS changed FROM (
    SELECT photo.talk_id, GREATEST(photo.updated_at, gallery.updated_at) AS changed
    FROM photos_photo AS photo JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
    JOIN conference_edition AS edition ON edition.id = gallery.edition_id
    WHERE photo.talk_id IS NOT NULL AND {PHOTO_IS_PUBLIC}
    UNION ALL
    SELECT gallery.talk_id, GREATEST(photo.updated_at, gallery.updated_at)
    FROM photos_photo AS photo JOIN photos_gallery AS gallery ON gallery.id = photo.gallery_id
    JOIN conference_edition AS edition ON edition.id = gallery.edition_id
    WHERE gallery.talk_id IS NOT NULL AND {PHOTO_IS_PUBLIC}
) AS shows GROUP BY shows.talk_id
"""  # noqa: S608 -- photos.visibility's constant fragment only

# A talk page changes with the talk and with its edition (its name is on the page). It
# also shows what no timestamp of its rows dates (.also_shows, which the static export
# adds to the page's stamp): its related talks (stored by a task, talks/related.py) and
# its photos (how many, and their newest change).
TALK_PAGES = f"""
SELECT talk.id, talk.slug, edition.id, edition.slug,
       GREATEST(talk.updated_at, edition.updated_at),
       concat_ws(' ', talk.related_ids::text, shown.photos, shown.changed)
FROM talks_talk AS talk JOIN conference_edition AS edition ON edition.id = talk.edition_id
LEFT JOIN ({PHOTOS_BY_TALK}) AS shown ON shown.talk_id = talk.id
WHERE {TALK_IS_PUBLIC}
ORDER BY talk.id
"""  # noqa: S608 -- talks.readers.visibility's and this module's constant fragments only

# The timetable's pages: a page per edition and day at its venue (the day a talk starts
# at the venue's clock, talks.timetable.timetable_days) that a public talk starts on. A
# day's page changes with its talks and with its edition (its name is on the page). The
# first day's address is the timetable's own: said by the row, so a slice of the rows
# (a sitemap file's) knows it without the row before.
TIMETABLE_PAGES = f"""
SELECT edition.slug, (talk.start AT TIME ZONE edition.time_zone)::date AS day,
       max(GREATEST(talk.updated_at, edition.updated_at)),
       lag(edition.id) OVER (ORDER BY edition.id, (talk.start AT TIME ZONE edition.time_zone)::date)
           IS DISTINCT FROM edition.id
FROM talks_talk AS talk JOIN conference_edition AS edition ON edition.id = talk.edition_id
WHERE {TALK_IS_PUBLIC} AND talk.start IS NOT NULL
GROUP BY edition.id, day
ORDER BY edition.id, day
"""  # noqa: S608 -- talks.readers.visibility's constant fragment only

# A speaker's, company's or project's page changes with the row and with any published
# talk it lists: the later of the row's updated_at and its newest published talk's. The
# join to those talks is also what makes the row public.
PAGES_WITH_TALKS = """
SELECT {alias}.id, {alias}.slug, GREATEST({alias}.updated_at, latest.updated_at)
FROM {table} AS {alias}
JOIN (SELECT {link}.{column}, max(talk.updated_at) AS updated_at
      FROM {links} AS {link}
      {of_published_talks}
      GROUP BY {link}.{column}) AS latest ON latest.{column} = {alias}.id
ORDER BY {alias}.id
"""


def pages_with_talks(index: Index) -> str:
    """PAGES_WITH_TALKS for the rows of one of talks.readers.indexes' indexes, which says
    how they link to talks."""
    return PAGES_WITH_TALKS.format(
        alias=index.alias,
        table=index.model._meta.db_table,
        link=index.link,
        links=index.links,
        column=index.column,
        of_published_talks=OF_PUBLISHED_TALKS.format(link=index.link),
    )


SPEAKER_PAGES = pages_with_talks(SPEAKERS)
COMPANY_PAGES = pages_with_talks(COMPANIES)
PROJECT_PAGES = pages_with_talks(PROJECTS)
TOPIC_PAGES = pages_with_talks(TOPICS)
# Projects' and topics' pages in one statement: the sitemap is one of the pages whose
# queries the budget counts (tests/conference/test_query_budget.py), a section a query.
# Projects, then topics, each by id: an order of the whole, which a slice of it keeps.
PROJECT_AND_TOPIC_PAGES = f"""
SELECT 'project', pages.* FROM ({PROJECT_PAGES}) AS pages
UNION ALL
SELECT 'topic', pages.* FROM ({TOPIC_PAGES}) AS pages
ORDER BY 1, 2
"""  # noqa: S608 -- this module's statements


class Named(NamedTuple):
    """An edition or a gallery as a page's address names it."""

    pk: int
    slug: str


# A page's row: what its model's get_absolute_url reads (the model's own, so the address
# has one rule) and .last_change. Not a model instance: building one per page
# (Model.from_db) was a large share of what the static export's list of pages cost in a
# large archive (docs/performance.md), and the sitemap prints no other column.
class TalkPage(NamedTuple):
    """A public talk's page, with .also_shows (see TALK_PAGES)."""

    pk: int
    slug: str
    edition: Named
    last_change: datetime.datetime
    also_shows: str

    get_absolute_url = Talk.get_absolute_url


class SlugPage(NamedTuple):
    """A public page at its row's slug: a speaker's, a company's, a project's, a topic's
    (each kind below, with its model's own get_absolute_url)."""

    pk: int
    slug: str
    last_change: datetime.datetime


class SpeakerPage(SlugPage):
    __slots__ = ()
    get_absolute_url = Speaker.get_absolute_url


class CompanyPage(SlugPage):
    __slots__ = ()
    get_absolute_url = Company.get_absolute_url


class ProjectPage(SlugPage):
    __slots__ = ()
    get_absolute_url = Project.get_absolute_url


class TopicPage(SlugPage):
    __slots__ = ()
    get_absolute_url = Topic.get_absolute_url


# Each reader below gives every row, or with a limit a slice of them (`limit` rows from
# `offset`, in the same order): a sitemap file reads only the rows it lists.


def talk_pages(offset: int = 0, limit: int | None = None) -> list[TalkPage]:
    """Every public talk with .edition (id and slug), .last_change and .also_shows, by id."""
    editions: dict[int, Named] = {}
    talks = []
    rows = fetch_page(TALK_PAGES, offset, limit)
    for pk, slug, edition_id, edition_slug, last_change, also_shows in rows:
        edition = editions.get(edition_id)
        if edition is None:
            edition = editions[edition_id] = Named(edition_id, edition_slug)
        talks.append(TalkPage(pk, slug, edition, last_change, also_shows))
    return talks


@dataclass(frozen=True)
class TimetablePage:
    """A day of an edition's timetable; the first day's address is the timetable's own
    (talks.timetable_views.day_url)."""

    edition_slug: str
    day: datetime.date
    first: bool
    last_change: datetime.datetime

    def get_absolute_url(self) -> str:
        if self.first:
            return page_url("talks:timetable", edition_slug=self.edition_slug)
        return page_url("talks:timetable-day", edition_slug=self.edition_slug, day=str(self.day))


def timetable_pages(offset: int = 0, limit: int | None = None) -> list[TimetablePage]:
    """Every day of every public timetable, by edition and day, with .last_change."""
    return [
        TimetablePage(slug, day, first, last_change)
        for slug, day, last_change, first in fetch_page(TIMETABLE_PAGES, offset, limit)
    ]


def speaker_pages(offset: int = 0, limit: int | None = None) -> list[SpeakerPage]:
    """Every public speaker with .last_change, by id."""
    return [SpeakerPage(*row) for row in fetch_page(SPEAKER_PAGES, offset, limit)]


def company_pages(offset: int = 0, limit: int | None = None) -> list[CompanyPage]:
    """Every public company with .last_change, by id."""
    return [CompanyPage(*row) for row in fetch_page(COMPANY_PAGES, offset, limit)]


def project_pages() -> list[ProjectPage]:
    """Every public project with .last_change, by id."""
    return [ProjectPage(*row) for row in fetch_page(PROJECT_PAGES)]


def project_and_topic_pages(
    offset: int = 0, limit: int | None = None
) -> list[ProjectPage | TopicPage]:
    """Every public project, then every public topic, each with .last_change, by id."""
    kinds = {"project": ProjectPage, "topic": TopicPage}
    return [
        kinds[kind](pk, slug, last_change)
        for kind, pk, slug, last_change in fetch_page(PROJECT_AND_TOPIC_PAGES, offset, limit)
    ]


# Each section's count of pages and newest .last_change, for the sitemap index: the
# column of .last_change in the section's statement.
def talk_pages_summary() -> tuple[int, datetime.datetime | None]:
    return count_and_newest(TALK_PAGES, 5)


def timetable_pages_summary() -> tuple[int, datetime.datetime | None]:
    return count_and_newest(TIMETABLE_PAGES, 3)


def speaker_pages_summary() -> tuple[int, datetime.datetime | None]:
    return count_and_newest(SPEAKER_PAGES, 3)


def company_pages_summary() -> tuple[int, datetime.datetime | None]:
    return count_and_newest(COMPANY_PAGES, 3)


def project_and_topic_pages_summary() -> tuple[int, datetime.datetime | None]:
    return count_and_newest(PROJECT_AND_TOPIC_PAGES, 4)
