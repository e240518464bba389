"""Writing a parsed Schedule into the database: one edition, its talks, speakers and projects.

`import_schedule` is the one entry point the command line, the admin upload and the tests
share. It runs in one transaction (all or nothing; a dry run rolls it back) and returns an
ImportReport (report.py) of what it did or would do. Its steps, one module each, in the
order they run: editions.py, talks.py (which events to write), speakers.py, projects.py,
then talks.py writes the talks; values.py holds what they share (names, slugs, languages).

What a re-import does, so that running the same file twice changes nothing:
- talks are found by guid (schedule.event_guid); a talk whose fields already match the file
  is not saved at all, so its updated_at stays;
- the file is the authority on a talk's title, subtitle, abstract, description, language,
  type, track, room, start, duration and speakers (in order). Tracks and rooms are the
  edition's rows, found by either language's name, ignoring case, and made when missing
  (programme.py). Slides and video links are set when the file has one and kept when it
  has none (organisers add recordings later); projects are added, never removed. Slugs,
  once made, are kept (they are URLs);
- speakers are matched by either spelling of the name (Latin or Cyrillic) or any alias,
  ignoring case and accents ("Ronán" is "ronan"); a new one's name goes to the field of
  its script. Matched speakers are never
  changed; unmatched ones are created with the file's biography;
- repository links (GitHub, GitLab, Codeberg, Bitbucket, sourcehut) reuse the Project with
  that repository, or with that name, or make one;
- new editions and talks are drafts and existing ones keep their state, unless `publish`:
  then the edition is published as the admin's publish page does it, with all its talks
  and galleries (conference.services.publish_editions), and the report says what that
  published.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.services import publish_editions
from talks.choices import Language
from talks.decks.services import request_fetches
from talks.importers.apply.editions import edition_for
from talks.importers.apply.projects import resolve_projects
from talks.importers.apply.report import ImportReport
from talks.importers.apply.speakers import resolve_speakers
from talks.importers.apply.talks import Progress, TalkWriter
from talks.importers.schedule import Schedule, ScheduleError
from talks.models import Talk

__all__ = ["ImportReport", "Progress", "import_schedule"]


def import_schedule(
    *,
    schedule: Schedule,
    publish: bool = False,
    dry_run: bool = False,
    edition_slug: str = "",
    default_language: str = Language.ENGLISH,
    progress: Progress | None = None,
    authorize: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Write `schedule` into the database in one transaction and report what changed.

    Side effects: creates or updates one Edition (matched by `edition_slug`, else by the
    acronym, else by the slug made from it), its Talks and their TalkSpeaker rows; creates
    the edition's Tracks and Rooms the file names and the edition lacks; creates
    Speakers and Projects the file names and the database lacks; adds projects to talks.
    Nothing else is changed or deleted: talks of the edition missing from the file stay
    (the report warns). With `dry_run` everything is done and then rolled back, so the
    report is exact. Raises ScheduleError when the file cannot be imported as a whole (no
    dates, a reserved slug, a conflicting concurrent change); then nothing is written.
    `authorize`, when given, sees the finished report before the transaction ends and may
    raise ScheduleError to roll it all back (the admin checks the user's permissions
    against what the import did: only the file says whether it creates an edition).
    """
    report = ImportReport(dry_run=dry_run, warnings=list(schedule.warnings))
    try:
        with transaction.atomic():
            now = timezone.now()
            edition = edition_for(schedule, report, edition_slug=edition_slug)
            report.edition = edition.name
            report.edition_slug = edition.slug
            writer = TalkWriter(edition, report, default_language=default_language, now=now)
            # Each step reads the table it matches against once, then writes in bulk.
            events = writer.events_to_write(schedule)
            speakers = resolve_speakers(events, report)
            links = resolve_projects(events, report)
            writer.write(events, speakers=speakers, links=links, progress=progress)
            if publish:
                report.publication = publish_editions(
                    editions=[edition], talks=True, galleries=True
                )
                edition.refresh_from_db(fields=["is_published", "updated_at"])
            if not dry_run:
                # The links sorted as slides are fetched once the import commits.
                with_slides = Talk.objects.filter(edition=edition).exclude(slides_url="")
                report.slides_queued = request_fetches(talks=with_slides)
            note_publication(report, edition)
            if authorize is not None:
                authorize(report)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        raise ScheduleError(
            "The import clashed with data saved meanwhile and was rolled back; nothing was "
            f"imported. Try again. ({str(error).strip().splitlines()[0]})"
        ) from None
    return report


def note_publication(report: ImportReport, edition) -> None:
    """Note in `report` what of `edition` the public does not see once the import is done
    (the report then offers to publish it)."""
    report.edition_id = edition.pk
    report.edition_published = edition.is_published
    report.talks_unpublished = Talk.objects.filter(edition=edition, is_published=False).count()
