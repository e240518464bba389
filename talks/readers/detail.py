"""The speaker, company or project a detail page is about, each in one statement of
constant SQL.

As querysets (published() is an Exists subquery, the speaker page adds its current
company and a second Exists), Django compiled each of them anew on every request, which
cost those pages more Python time than PostgreSQL took to answer; talks/readers/rows.py says
how these readers differ. A row is public as soon as one published talk (in a published
edition) shows it: the rule of talks.models.HasPublishedTalksQuerySet.published(), in SQL
in talks/readers/visibility.py.
tests/talks/readers/test_detail.py holds these readers to those querysets.
"""

from conference.db.raw_rows import column_list, fetch_all, instance, split_row
from photos.readers.photos import SPEAKER_HAS_PHOTOS
from talks.models import Company, Project, Speaker
from talks.readers.visibility import company_is_public, project_is_public, speaker_is_public

SPEAKER_IS_PUBLIC = speaker_is_public()
COMPANY_IS_PUBLIC = company_is_public()
PROJECT_IS_PUBLIC = project_is_public()

# The speaker's current company may have no page (nobody spoke for it at a published
# talk): the page then names it without a link (company_is_public).
SPEAKER_STATEMENT = """
SELECT {speaker}, {company}, company.id IS NOT NULL AND {company_is_public}{has_photos}
FROM talks_speaker AS speaker LEFT JOIN talks_company AS company ON company.id = speaker.company_id
WHERE speaker.slug = %(slug)s AND {speaker_is_public}
"""

BY_SLUG = "SELECT {columns} FROM {table} AS {alias} WHERE {alias}.slug = %(slug)s AND {is_public}"


def find_speaker(slug: str, *, photos: bool = False) -> Speaker | None:
    """The public speaker at `slug`, with .company (or None) and .company_is_public; or None.
    With `photos` (the speaker page), also .has_photos: whether photos.readers.photos'
    photos_of_speaker() would find any, so that the page reads them only then."""
    speaker_columns = column_list(Speaker, "speaker")
    company_columns = column_list(Company, "company")
    sql = SPEAKER_STATEMENT.format(
        speaker=speaker_columns[1],
        company=company_columns[1],
        company_is_public=COMPANY_IS_PUBLIC,
        has_photos=f", {SPEAKER_HAS_PHOTOS}" if photos else "",
        speaker_is_public=SPEAKER_IS_PUBLIC,
    )
    rows = fetch_all(sql, {"slug": slug})
    if not rows:
        return None
    (speaker_values, company_values), (company_is_public, *has_photos) = split_row(
        rows[0], speaker_columns, company_columns
    )
    speaker = instance(Speaker, speaker_values)
    company = instance(Company, company_values) if company_values["id"] is not None else None
    speaker.company = company
    speaker.company_is_public = company_is_public
    if photos:
        speaker.has_photos = has_photos[0]
    return speaker


def _find(model, alias: str, is_public: str, slug: str):
    columns = column_list(model, alias)
    sql = BY_SLUG.format(
        columns=columns[1], table=model._meta.db_table, alias=alias, is_public=is_public
    )
    rows = fetch_all(sql, {"slug": slug})
    if not rows:
        return None
    (values,), _ = split_row(rows[0], columns)
    return instance(model, values)


def find_company(slug: str) -> Company | None:
    """The public company at `slug`, or None."""
    return _find(Company, "company", COMPANY_IS_PUBLIC, slug)


def find_project(slug: str) -> Project | None:
    """The public project at `slug`, or None."""
    return _find(Project, "project", PROJECT_IS_PUBLIC, slug)
