"""What the public may see of talks, speakers, companies and projects, in SQL: the one
copy of these rules that the readers (talks/readers/), search (search.py, typos.py)
and suggestions (suggestions.py) compose.

Each fragment is the SQL twin of a QuerySet method, which the ORM uses wherever it reads
what is public (the admin's previews, the models' own checks):
Talk.objects.published() and the published() of Speaker, Company and Project
(talks.models.HasPublishedTalksQuerySet). Written once here, a rule cannot drift
between the pages, the API, the exports and the feeds, which all read through the
readers, and tests/talks/test_visibility.py holds each fragment to its method on data made to tell
them apart (a published talk in a draft edition, a speaker only in drafts, ...).

The fragments are constant text with no parameters, so the statements that compose them
keep constant shapes that PostgreSQL can prepare.
"""


def talk_is_public(talk: str = "talk", edition: str = "edition") -> str:
    """Talk.objects.published() for the row `talk` whose edition is joined as `edition`:
    the talk and its edition are published."""
    return f"{talk}.is_published AND {edition}.is_published"


TALK_IS_PUBLIC = talk_is_public()
# TALK_IS_PUBLIC, or every talk for an organiser's preview (the %(include_drafts)s parameter).
TALK_IS_VISIBLE = f"(%(include_drafts)s OR ({TALK_IS_PUBLIC}))"
# Published talks with their editions, as the search statements' FROM clause (aliases t
# and e). The rule sits in the join itself so that every statement reading it is narrowed.
PUBLIC_TALKS_T = (
    "talks_talk t JOIN conference_edition e ON e.id = t.edition_id AND " + talk_is_public("t", "e")
)


def _shown_by_a_public_talk(*, links: str, column: str, row: str) -> str:
    """A public talk takes the row `row` part, through the link table `links` (`column`
    names the row there)."""
    return f"""EXISTS (SELECT 1 FROM {links} AS link
    JOIN talks_talk AS talk ON talk.id = link.talk_id
    JOIN conference_edition AS edition ON edition.id = talk.edition_id
    WHERE link.{column} = {row}.id AND {TALK_IS_PUBLIC})"""  # noqa: S608 -- this module's names only


def speaker_is_public(row: str = "speaker") -> str:
    """Speaker.objects.published(): a public talk credits the speaker `row`."""
    return _shown_by_a_public_talk(links="talks_talkspeaker", column="speaker_id", row=row)


def company_is_public(row: str = "company") -> str:
    """Company.objects.published(): someone spoke for the company `row` at a public talk
    (TalkSpeaker.company, the company they had at that talk)."""
    return _shown_by_a_public_talk(links="talks_talkspeaker", column="company_id", row=row)


def project_is_public(row: str = "project") -> str:
    """Project.objects.published(): a public talk is about the project `row`."""
    return _shown_by_a_public_talk(links="talks_talk_projects", column="project_id", row=row)
