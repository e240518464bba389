"""What a talk page reads beyond talks.talk_rows: the talk itself with its projects, and
the other talks of its speakers, each in one statement.

The talk page is the archive's most visited page. Built from querysets (select_related,
two prefetches, an Exists subquery), it spent about 8 ms of Python per request compiling
SQL that PostgreSQL ran in well under 1 ms (talks/talk_rows.py says how these differ).
tests/talks/test_talk_page.py holds these readers to the querysets they replaced.
"""

from conference.raw_rows import instance
from talks.models import Project, Talk
from talks.talk_rows import (
    BY_ITS_SPEAKERS,
    NEWEST_FIRST,
    PUBLISHED,
    VISIBLE,
    select_talks,
    talks_where,
)

OTHER_TALKS_LIMIT = 10

# A talk's projects by name, as [[id, name, slug, repository url, homepage url], ...].
PROJECTS = """
COALESCE((
    SELECT json_agg(json_build_array(
               project.id, project.name, project.slug, project.repository_url,
               project.homepage_url)
           ORDER BY project.name, project.id)
    FROM talks_talk_projects AS link
    JOIN talks_project AS project ON project.id = link.project_id
    WHERE link.talk_id = talk.id
), '[]')
"""


def find_talk(*, edition_slug: str, slug: str, include_drafts: bool = False) -> Talk | None:
    """The talk at edition_slug/slug with edition, credits and public_projects, or None.

    Drafts (of the talk or its edition) only with include_drafts, for a staff preview.
    """
    found = select_talks(
        f"edition.slug = %(edition)s AND talk.slug = %(slug)s AND {VISIBLE}",
        {"edition": edition_slug, "slug": slug, "include_drafts": include_drafts},
        extra=PROJECTS,
        whole=True,
    )
    if not found:
        return None
    ((talk, (projects,)),) = found
    talk.public_projects = [
        instance(
            Project,
            {"id": pk, "name": name, "slug": s, "repository_url": repo, "homepage_url": home},
        )
        for pk, name, s, repo, home in projects
    ]
    return talk


def other_talks_by_speakers(talk: Talk, *, limit: int = OTHER_TALKS_LIMIT) -> list[Talk]:
    """Published talks, other than `talk`, given by any of its speakers: newest edition
    first, then in schedule order."""
    if not talk.credits:
        return []
    return talks_where(
        f"{PUBLISHED} AND talk.id <> %(talk)s AND {BY_ITS_SPEAKERS}",
        {"talk": talk.pk, "limit": limit},
        order=f"{NEWEST_FIRST} LIMIT %(limit)s",
    )
