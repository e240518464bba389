"""Schedule importers: frab/pentabarf XML and pretalx JSON into editions, talks and speakers.

parse (frab.py, pretalx.py) -> Schedule (schedule.py) -> import_schedule (apply/). The
management commands and the admin upload call `run_import`, which reads, parses and writes.
"""

import datetime

from django.utils import timezone

from talks.choices import Language
from talks.importers.apply import ImportReport, import_schedule
from talks.importers.frab import parse_frab
from talks.importers.pretalx import parse_pretalx
from talks.importers.schedule import Schedule, ScheduleError
from talks.related import refresh_on_commit

PARSERS = {"frab": parse_frab, "pretalx": parse_pretalx}


def parse(data: bytes, *, format: str, tz: datetime.tzinfo | None = None) -> Schedule:
    """Parse `data` as "frab" or "pretalx"; naive times are read in `tz` (the site's zone)."""
    return PARSERS[format](data, tz=tz or timezone.get_default_timezone())


def run_import(
    data: bytes,
    *,
    format: str,
    publish: bool = False,
    dry_run: bool = False,
    edition_slug: str = "",
    default_language: str = Language.ENGLISH,
    tz: datetime.tzinfo | None = None,
    progress=None,
    authorize=None,
) -> ImportReport:
    """Parse and import one file; raises ScheduleError (nothing written) when it cannot.

    `authorize(report)` may refuse the import's effects: see import_schedule."""
    schedule = parse(data, format=format, tz=tz)
    report = import_schedule(
        schedule=schedule,
        publish=publish,
        dry_run=dry_run,
        edition_slug=edition_slug,
        default_language=default_language,
        progress=progress,
        authorize=authorize,
    )
    # The imported talks' related talks, in the background once it commits
    # (talks/related.py); a dry run rolled back and left nothing noted.
    refresh_on_commit()
    return report


__all__ = ["ImportReport", "Schedule", "ScheduleError", "parse", "run_import"]
