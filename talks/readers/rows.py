"""Talks with their edition and speaker credits, read in one statement of constant SQL.

Every page that lists talks (an edition's schedule, a speaker's, company's or project's
talks, the home page, a talk page's other talks) needs each talk's edition and its
credits: the speakers in order, each with the company they had at that talk. As a
queryset that was select_related plus a Prefetch of TalkSpeaker rows joined to speakers
and companies: two queries, tens of model instances per talk, and Django compiling both
queries on every request, which cost a talk page more than PostgreSQL's work. Here the
credits come as a JSON column of the talk's own row, the statement is constant (psycopg
prepares it on the connection, see conference.db.raw_rows.fetch_all), and the rows become
the same model instances the queryset gave (Model.from_db): talk.edition, talk.track and
talk.room (talks.programme's rows, both names, LEFT JOINed: None for none) and
talk.credits (Credit objects below: a TalkSpeaker row's fields, not a model instance,
with .speaker and .company, model instances which hold the fields the pages use: id,
both spellings of the name, name_en and name_ru, and slug; `.name` shows the reader's
script). The credits are a column the database keeps on the
talk's row (Talk.credits_json).

Which talks are visible is talks.readers.visibility's TALK_IS_PUBLIC, Talk.objects.published()
in SQL; its TALK_IS_VISIBLE lets a staff preview see drafts too.
tests/talks/readers/test_talk_page.py holds these readers to the querysets they replaced.
"""

import json
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from conference.models import Edition
from talks.models import SEARCH_FIELDS, Company, Project, Room, Speaker, Talk, TalkSpeaker, Track

# What lists of talks leave in the database: the long texts, what only a talk page, the
# exports or the admin show, and the search document and facet arrays (SEARCH_FIELDS),
# which no page shows. Such a field stays deferred (reading one would cost a query, which
# the tests would see). Lists read every other field (talks/templatetags/talk_lists.py,
# the edition's JSON-LD, the API's talk references), the credits among them: a field
# added to the model is in lists unless it is named here.
LIST_OMITS = SEARCH_FIELDS | {"related_ids"} | {
    "abstract", "description", "slides_file", "slides_url", "video_url",
    "guid", "schedule_id", "created_at", "updated_at",
}  # fmt: skip

# Talks with one speaker, at one company (TalkSpeaker.company), about one project.
BY_SPEAKER = """EXISTS (SELECT 1 FROM talks_talkspeaker AS credit
    WHERE credit.talk_id = talk.id AND credit.speaker_id = %(speaker)s)"""
# Talks given by any speaker of talk %(talk)s. Found from that talk's credits rather than
# from a list of speaker ids: PostgreSQL could not estimate an array parameter, so it
# planned the prepared statement anew on every request, which cost more than running it
# (docs/performance.md, "Readers, search and suggestions"). Their ids are gathered once, as
# an array (ARRAY(subquery): an InitPlan), not joined as IN (subquery): when the tables'
# statistics say they are empty (a vacuum that saw only another transaction's rows, as in
# the test suite), the IN form was planned as nested loops over every talk and credit,
# 0.8 s a talk page for 200 talks, where this form stays 4 ms; at 20,000 talks with true
# statistics both take 0.18 ms.
BY_ITS_SPEAKERS = """talk.id = ANY(ARRAY(SELECT credit.talk_id FROM talks_talkspeaker AS credit
    JOIN talks_talkspeaker AS own ON own.speaker_id = credit.speaker_id
    WHERE own.talk_id = %(talk)s))"""
AT_COMPANY = """EXISTS (SELECT 1 FROM talks_talkspeaker AS credit
    WHERE credit.talk_id = talk.id AND credit.company_id = %(company)s)"""
ABOUT_PROJECT = """EXISTS (SELECT 1 FROM talks_talk_projects AS link
    WHERE link.talk_id = talk.id AND link.project_id = %(project)s)"""


def track_is(talk: str, value: str) -> str:
    """SQL: the talk `talk`'s track is the one `value` (an SQL placeholder) names: by its
    slug (the search facets' key) or by either name whatever the case (the API's filter
    and old links, which named the track as text)."""
    return (
        f"EXISTS (SELECT 1 FROM talks_track AS chosen WHERE chosen.id = {talk}.track_id"  # noqa: S608 -- an alias and a placeholder of this code base
        f" AND (chosen.slug = {value} OR lower(chosen.name_en) = lower({value})"
        f" OR lower(chosen.name_ru) = lower({value})))"
    )


# The orders of talks in SQL: an edition's schedule, and newest edition first.
# Parallel talks by room row, as talks.models.SCHEDULE_ORDER (its indexes) has them.
ROOM_ORDER = "COALESCE(talk.room_id, 0)"
EDITION_ORDER = f"talk.start, {ROOM_ORDER}, talk.title, talk.id"
NEWEST_FIRST = f"edition.start_date DESC, {EDITION_ORDER}"

# A talk's credits (Talk.credits_json) are kept on its row by the database, whenever its
# links, speakers or companies change: building them per row was most of PostgreSQL's
# time for an edition's list (docs/performance.md, "Readers, search and suggestions").
# Their shape, objects with named keys, is talks/sql/archive_refresh_talk_search.sql's.

# What a talk's projects show of each (talk.public_projects).
PROJECT_FIELDS = ("id", "name", "slug", "repository_url", "homepage_url")

# A talk's projects by name, as a JSON array of objects with PROJECT_FIELDS.
_PROJECTS = """
COALESCE((
    SELECT json_agg({project} ORDER BY project.name, project.id)
    FROM talks_talk_projects AS link
    JOIN talks_project AS project ON project.id = link.project_id
    WHERE link.talk_id = talk.id
), '[]')
"""
PROJECTS = _PROJECTS.format(project=json_object(Project, "project", PROJECT_FIELDS))


# A talk's track and room (talks.programme), as `track` and `room`: for the statements
# here and search's results page (talks.search_statement.page_sql), whose talk is `{talk}`.
PROGRAMME_JOINS = """
LEFT JOIN talks_track AS track ON track.id = {talk}.track_id
LEFT JOIN talks_room AS room ON room.id = {talk}.room_id"""

STATEMENT = """
SELECT {talk}, {edition}, {programme}{extra}
FROM talks_talk AS talk JOIN conference_edition AS edition ON edition.id = talk.edition_id
{joins}
WHERE {where}
ORDER BY {order}
"""


@cache
def talk_columns(*, whole: bool):
    """(attnames, select list) of a talk: all a talk page shows, or all but LIST_OMITS."""
    return column_list(Talk, "talk", SEARCH_FIELDS if whole else LIST_OMITS)


def edition_columns():
    """(attnames, select list) of the talk's edition: all its fields."""
    return column_list(Edition, "edition")


def programme_columns():
    """(attnames, select list) of the talk's track and of its room: all their fields."""
    return column_list(Track, "track"), column_list(Room, "room")


def programme_select() -> str:
    """The select list of programme_columns(), after the talk's and edition's."""
    return ", ".join(columns for _, columns in programme_columns())


def select_talks(
    where: str,
    params: dict,
    *,
    order: str = EDITION_ORDER,
    extra: str = "",
    whole: bool = False,
    projects: bool = False,
) -> list[tuple[Talk, tuple]]:
    """Talks matching `where`, in `order`, each with .edition and .credits, and the values
    of the `extra` columns of its row. With `whole`, every field a talk page shows; else
    the fields lists show (all but LIST_OMITS). With `projects`, talk.public_projects too:
    the projects the talk is about, by name.

    `where`, `order` and `extra` are SQL fragments written in this code base, never
    request input; every request value goes in `params`. The talk's table is `talk`, its
    edition's `edition`.
    """
    sql = STATEMENT.format(
        talk=talk_columns(whole=whole)[1],
        edition=edition_columns()[1],
        programme=programme_select(),
        joins=PROGRAMME_JOINS.format(talk="talk"),
        extra="".join(f", {column}" for column in (PROJECTS if projects else "", extra) if column),
        where=where,
        order=order,
    )
    columns = (talk_columns(whole=whole), edition_columns(), *programme_columns())
    related = RelatedRows()
    talks = [_talk(row, columns, related) for row in fetch_all(sql, params)]
    if not projects:
        return talks
    for talk, values in talks:
        talk.public_projects = [instance(Project, project) for project in values[0]]
    return [(talk, values[1:]) for talk, values in talks]


class RelatedRows:
    """One instance per edition, track, room, speaker and company for all the rows of a
    statement (select_talks', or a reader's own: talks.search_statement.page_talks):
    the talks of a list share them (a speaker's other talks, an edition's schedule), and
    building a model instance is most of the Python time these readers take."""

    def __init__(self):
        self.editions: dict[int, Edition] = {}
        self.programme: dict[tuple[type, int], Track | Room] = {}
        self.speakers: dict[int, Speaker] = {}
        self.companies: dict[int, Company] = {}

    def edition(self, values: dict) -> Edition:
        if values["id"] not in self.editions:
            self.editions[values["id"]] = instance(Edition, values)
        return self.editions[values["id"]]

    def place(self, model: type[Track | Room], values: dict) -> Track | Room | None:
        """A talk's track or room from its LEFT JOINed columns (all NULL: none)."""
        if values["id"] is None:
            return None
        key = (model, values["id"])
        if key not in self.programme:
            self.programme[key] = instance(model, values)
        return self.programme[key]

    def speaker(self, values: dict) -> Speaker:
        """The speaker of a credit's "speaker" object: its keys are Speaker fields."""
        if values["id"] not in self.speakers:
            self.speakers[values["id"]] = instance(Speaker, values)
        return self.speakers[values["id"]]

    def company(self, values: dict | None) -> Company | None:
        """The company of a credit's "company" object (null: none at that talk)."""
        if values is None:
            return None
        if values["id"] not in self.companies:
            self.companies[values["id"]] = instance(Company, values)
        return self.companies[values["id"]]


def _talk(row, columns, related: RelatedRows) -> tuple[Talk, tuple]:
    (talk_values, edition_values, track_values, room_values), extra = split_row(row, *columns)
    talk = instance(Talk, talk_values)
    talk.edition = related.edition(edition_values)
    set_programme(talk, track_values, room_values, related)
    talk.credits = _credits(talk, related)
    return talk, tuple(extra)


class Credit:
    """A speaker's credit on a talk as the readers give it (talk.credits): a TalkSpeaker
    row's fields (id and pk, talk_id, speaker_id, position, company_id) with its talk,
    speaker and company, read as a TalkSpeaker's are; no model instance. A talk page lists
    tens of talks and their credits, and building a TalkSpeaker instance and setting its
    three relations was a good share of the readers' Python time (docs/performance.md,
    "Static export: talk pages and calendars, session 13"); nothing shown saves a credit
    or needs its model (the ORM's querysets, talks.readers.querysets, still give
    TalkSpeaker rows, which read the same)."""

    __slots__ = (
        "company", "company_id", "id", "position", "speaker", "speaker_id", "talk", "talk_id",
    )  # fmt: skip

    def __init__(self, pk: int, talk: Talk, speaker: Speaker, position: int, company):
        self.id, self.position = pk, position
        self.talk, self.speaker, self.company = talk, speaker, company
        self.talk_id, self.speaker_id = talk.pk, speaker.pk
        self.company_id = company.pk if company is not None else None

    @property
    def pk(self) -> int:
        return self.id

    def __eq__(self, other) -> bool:
        """Equal to the same row, read by a reader or as a TalkSpeaker (as model instances
        compare)."""
        return isinstance(other, Credit | TalkSpeaker) and other.pk == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<Credit {self.id}: speaker {self.speaker_id} on talk {self.talk_id}>"


def _credits(talk: Talk, related: RelatedRows) -> list[Credit]:
    """The talk's credits, with .speaker and .company, from talk.credits_json."""
    if isinstance(talk.credits_json, str):
        # Django's connection leaves jsonb as text (JSONField parses it, where the ORM
        # reads it): parsed here, the field holds what the ORM would give.
        talk.credits_json = json.loads(talk.credits_json)
    return [
        Credit(
            row["id"],
            talk,
            related.speaker(row["speaker"]),
            row["position"],
            related.company(row["company"]),
        )
        for row in talk.credits_json
    ]


def talks_where(
    where: str,
    params: dict,
    *,
    order: str = EDITION_ORDER,
    whole: bool = False,
    projects: bool = False,
) -> list[Talk]:
    """select_talks() without extra columns: just the talks."""
    found = select_talks(where, params, order=order, whole=whole, projects=projects)
    return [talk for talk, _ in found]


def set_programme(talk: Talk, track_values: dict, room_values: dict, related=None) -> None:
    """talk.track and talk.room from their PROGRAMME_JOINS columns (by attname)."""
    related = related or RelatedRows()
    talk.track = related.place(Track, track_values)
    talk.room = related.place(Room, room_values)


def set_credits(talks, related: RelatedRows | None = None) -> None:
    """Set talk.credits from talk.credits_json for each talk: for readers with a statement
    of their own (talks.search_statement.page_sql), the same instances select_talks gives, the
    talks sharing their speakers and companies (and with `related`, the instances of the
    rest of the reader's rows)."""
    related = related or RelatedRows()
    for talk in talks:
        talk.credits = _credits(talk, related)


# --- One page of a reader's rows, and how many there are in all ---------------------

# The last column of a paged statement: how many rows matched, counted by PostgreSQL over
# all of them before LIMIT cuts the page, so the page and its count come in one statement.
COUNT_ALL = "count(*) OVER ()"
PAGE = "LIMIT %(limit)s OFFSET %(offset)s"


class Counted(NamedTuple):
    """One page of a reader's rows, and how many rows there are in all (for the API's
    "count" and its next and previous links)."""

    rows: list
    count: int


def counted_page(run: Callable[[int, int], list[tuple]], *, limit: int, offset: int) -> Counted:
    """The page of `limit` rows from `offset` that run(limit, offset) gives, as a Counted.

    run's rows are (row, (..., count)): its statement's last column is COUNT_ALL. A page
    past the end has no row to carry the count: the same statement then runs again for
    its first row only (a second query, for a request nobody's links make).
    """
    found = run(limit, offset)
    if not found and offset:
        first = run(1, 0)
        return Counted([], first[0][1][-1] if first else 0)
    return Counted([row for row, _ in found], found[0][1][-1] if found else 0)
