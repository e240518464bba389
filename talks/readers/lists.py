"""Lists of public talks: an edition's schedule and highlights, a speaker's, company's and
project's talks, the talks added last, and the JSON API's filtered pages of talks
(talks_page). The pages, the API, the exports and the feeds read them here. Each list is
one statement of constant SQL through talks.readers.rows, so every talk comes with its
edition and credits and templates never run a query.
"""

import datetime
from collections.abc import Iterable

from conference.db.raw_rows import fetch_all
from talks.choices import TalkKind
from talks.models import Company, Project, Speaker, Talk
from talks.readers import rows
from talks.readers.indexes import index_key
from talks.readers.visibility import TALK_IS_PUBLIC, TALK_IS_VISIBLE

# The feeds' order: the talks added last first, only the first %(limit)s of them (the
# order of the talk_newest_first index, Talk.Meta.indexes).
LATEST_ADDED = "talk.created_at DESC, talk.id DESC LIMIT %(limit)s"


def _talks(
    where: str,
    params: dict,
    *,
    order: str,
    latest: int | None,
    whole: bool = False,
    projects: bool = False,
) -> list[Talk]:
    """rows.talks_where() in `order`; with `latest`, only the `latest` talks added last,
    newest first (what a feed lists). `whole` and `projects` are talks_where()'s."""
    if latest is not None:
        order, params = LATEST_ADDED, {**params, "limit": latest}
    return rows.talks_where(where, params, order=order, whole=whole, projects=projects)


def latest_talks(limit: int) -> list[Talk]:
    """The `limit` published talks added last, newest first, whole (abstract and dates
    too: what a feed entry shows), with edition and credits."""
    return rows.talks_where(TALK_IS_PUBLIC, {"limit": limit}, order=LATEST_ADDED, whole=True)


def talks_for_edition(
    edition,
    *,
    include_drafts: bool = False,
    whole: bool = False,
    projects: bool = False,
    latest: int | None = None,
    between: tuple[datetime.datetime, datetime.datetime] | None = None,
) -> list[Talk]:
    """Every talk of an edition in schedule order, with edition and credits; drafts only
    with include_drafts (a staff preview). `whole`, `projects` and `latest` as _talks()'s:
    the exports read whole talks with their projects, a feed the latest whole talks.
    With `between` (two instants), only the talks starting from the first to before the
    second, and those with no start: a timetable day's (talks/timetable_views.py)."""
    where = f"talk.edition_id = %(edition)s AND {TALK_IS_VISIBLE}"
    params = {"edition": edition.pk, "include_drafts": include_drafts}
    if between is not None:
        where += f" AND {STARTS_BETWEEN}"
        params |= dict(zip(("from", "until"), between, strict=True))
    return _talks(
        where,
        params,
        order=rows.EDITION_ORDER,
        latest=latest,
        whole=whole,
        projects=projects,
    )


# talks_for_edition(between=...)'s talks: starting in the window, or with no start.
STARTS_BETWEEN = "(talk.start IS NULL OR (talk.start >= %(from)s AND talk.start < %(until)s))"

# The starts of an edition's published talks that have one (edition_starts()).
EDITION_STARTS = f"""
SELECT talk.start
FROM talks_talk AS talk JOIN conference_edition AS edition ON edition.id = talk.edition_id
WHERE talk.edition_id = %(edition)s AND {TALK_IS_PUBLIC} AND talk.start IS NOT NULL
"""  # noqa: S608 -- talks.readers.visibility's constant fragment only


def edition_starts(edition) -> list[datetime.datetime]:
    """When the edition's published talks start (those that have a start), in no order,
    without the talks: what the timetable's days are found from (talks.timetable)."""
    return [start for (start,) in fetch_all(EDITION_STARTS, {"edition": edition.pk})]


# The first `limit` published keynotes of an edition and the first `limit` other talks, in
# schedule order: each walks an index (talk_keynote_order, talks migration 0014; and
# talk_schedule_order) and stops, where sorting all the edition's talks by "keynotes
# first" read every one of them. The kind is written out, not a parameter, so that the
# planner may use the partial index in the statement's generic plan. Their "is_published"
# only matches those indexes' condition: the rule itself, TALK_IS_PUBLIC, is applied
# outside (highlighted_talks).
HIGHLIGHT_CANDIDATES = f"""talk.id IN (
    (SELECT id FROM talks_talk
     WHERE edition_id = %(edition)s AND is_published AND kind = '{TalkKind.KEYNOTE.value}'
     ORDER BY COALESCE(start, 'infinity'), COALESCE(room_id, 0), title, id LIMIT %(limit)s)
    UNION ALL
    (SELECT id FROM talks_talk
     WHERE edition_id = %(edition)s AND is_published AND kind <> '{TalkKind.KEYNOTE.value}'
     ORDER BY COALESCE(start, 'infinity'), COALESCE(room_id, 0), title, id LIMIT %(limit)s)
)"""  # noqa: S608 -- the only value written in is a constant of this code base


def highlighted_talks(edition, *, limit: int = 6) -> list[Talk]:
    """A few published talks of an edition for the home page: keynotes first, then the schedule."""
    return rows.talks_where(
        f"{HIGHLIGHT_CANDIDATES} AND {TALK_IS_PUBLIC}",
        {"edition": edition.pk, "keynote": TalkKind.KEYNOTE, "limit": limit},
        order=f"talk.kind <> %(keynote)s, {rows.EDITION_ORDER} LIMIT %(limit)s",
    )


def talks_for_speaker(
    speaker: Speaker, *, whole: bool = False, latest: int | None = None
) -> list[Talk]:
    """Every published talk of a speaker, newest edition first (`whole` and `latest` as
    _talks()'s, for the speaker's feed).

    Each talk gets `speaker_credit`: this speaker's TalkSpeaker row, with the company
    they had at that talk.
    """
    talks = _talks(
        f"{TALK_IS_PUBLIC} AND {rows.BY_SPEAKER}",
        {"speaker": speaker.pk},
        order=rows.NEWEST_FIRST,
        latest=latest,
        whole=whole,
    )
    for talk in talks:
        talk.speaker_credit = next(c for c in talk.credits if c.speaker_id == speaker.pk)
    return talks


# Talks with the speaker at slug %(slug)s: a speaker's feed finds its speaker by them.
BY_SPEAKER_SLUG = """EXISTS (SELECT 1 FROM talks_talkspeaker AS credit
    JOIN talks_speaker AS speaker ON speaker.id = credit.speaker_id
    WHERE credit.talk_id = talk.id AND speaker.slug = %(slug)s)"""


def speaker_feed(slug: str, *, latest: int) -> tuple[Speaker | None, list[Talk]]:
    """The speaker at `slug` and their `latest` published talks added last, newest first,
    whole (talks_for_speaker(speaker, whole=True, latest=latest)), in one statement: a
    speaker's feed, the size of the archive's speakers. The speaker is the one the
    talks' credits hold (id, both spellings of the name, slug: what a feed shows of
    them); None when no published talk credits them, which is when they have no public
    page (talks.readers.visibility.speaker_is_public), so the feed is a 404 as the page."""
    talks = _talks(
        f"{TALK_IS_PUBLIC} AND {BY_SPEAKER_SLUG}",
        {"slug": slug},
        order=rows.NEWEST_FIRST,
        latest=latest,
        whole=True,
    )
    for talk in talks:
        talk.speaker_credit = next(c for c in talk.credits if c.speaker.slug == slug)
    return (talks[0].speaker_credit.speaker if talks else None), talks


def talks_for_company(company: Company) -> list[Talk]:
    """Published talks given by someone while at this company (TalkSpeaker.company)."""
    return rows.talks_where(
        f"{TALK_IS_PUBLIC} AND {rows.AT_COMPANY}",
        {"company": company.pk},
        order=rows.NEWEST_FIRST,
    )


def people_at_company(company: Company, talks: Iterable[Talk]) -> list[Speaker]:
    """The speakers who gave `talks` while at `company`, by name; no query (uses talk.credits)."""
    people = {
        credit.speaker.pk: credit.speaker
        for talk in talks
        for credit in talk.credits
        if credit.company_id == company.pk
    }
    return sorted(people.values(), key=index_key)


def talks_for_project(
    project: Project, *, whole: bool = False, latest: int | None = None
) -> list[Talk]:
    """Every published talk about a project, newest edition first (`whole` and `latest`
    as _talks()'s, for the project's feed)."""
    return _talks(
        f"{TALK_IS_PUBLIC} AND {rows.ABOUT_PROJECT}",
        {"project": project.pk},
        order=rows.NEWEST_FIRST,
        latest=latest,
        whole=whole,
    )


# How many talks talks_by_ids() reads at most: a visitor's starred talks (static/js/stars.js)
# are a handful; a longer list is cut, so that no request makes a statement of any size.
MAX_IDS = 200


def talks_by_ids(ids: Iterable[int], *, whole: bool = False, projects: bool = False) -> list[Talk]:
    """The published talks among `ids` (the first MAX_IDS of them; any other id, a draft's
    or no talk's, is left out), newest edition first and in schedule order inside an
    edition, with edition and credits: a visitor's starred talks ("My talks" and its
    calendar file). `whole` and `projects` as talks_where()'s."""
    return rows.talks_where(
        f"talk.id = ANY(%(ids)s) AND {TALK_IS_PUBLIC}",
        {"ids": list(ids)[:MAX_IDS]},
        order=rows.NEWEST_FIRST,
        whole=whole,
        projects=projects,
    )


# --- Published talks, filtered, one page at a time (the JSON API's talk list) ----------

# The filters of talks_page(), each a fragment whose request value is the parameter of
# its own name. A slug that names nothing (or nothing public) matches no talk, as in search.
TALK_FILTERS = {
    "edition": "edition.slug = %(edition)s",
    "language": "talk.language = %(language)s",
    "track": rows.track_is("talk", "%(track)s"),
    "speaker": """EXISTS (SELECT 1 FROM talks_talkspeaker AS credit
    JOIN talks_speaker AS speaker ON speaker.id = credit.speaker_id
    WHERE credit.talk_id = talk.id AND speaker.slug = %(speaker)s)""",
    # The company the speaker had at that talk (TalkSpeaker.company), as AT_COMPANY.
    "company": """EXISTS (SELECT 1 FROM talks_talkspeaker AS credit
    JOIN talks_company AS company ON company.id = credit.company_id
    WHERE credit.talk_id = talk.id AND company.slug = %(company)s)""",
    "project": """EXISTS (SELECT 1 FROM talks_talk_projects AS link
    JOIN talks_project AS project ON project.id = link.project_id
    WHERE link.talk_id = talk.id AND project.slug = %(project)s)""",
    "has_video": "(talk.video_url <> '') = %(has_video)s",
}


def talks_page(*, limit: int, offset: int = 0, **filters) -> rows.Counted:
    """Published talks matching `filters` (by TALK_FILTERS' names; None or "" filters
    nothing), newest edition first and in schedule order inside an edition: the `limit`
    talks from `offset` and how many match in all, in one statement. Each talk is whole,
    as a talk page shows it, with its edition, credits and projects (talk.public_projects).

    The statement's text depends on which filters are given, never on their values, so
    each combination is one statement PostgreSQL can prepare.
    """
    given = {name: value for name, value in filters.items() if value not in (None, "")}
    where = " AND ".join([TALK_IS_PUBLIC, *(TALK_FILTERS[name] for name in given)])

    def run(limit: int, offset: int) -> list[tuple[Talk, tuple]]:
        return rows.select_talks(
            where,
            {**given, "limit": limit, "offset": offset},
            order=f"{rows.NEWEST_FIRST} {rows.PAGE}",
            extra=rows.COUNT_ALL,
            whole=True,
            projects=True,
        )

    return rows.counted_page(run, limit=limit, offset=offset)
