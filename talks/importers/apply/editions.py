"""The edition an import writes into: found by slug or acronym, else created, and updated
from the file's title, acronym, dates, time zone, venue, city and website (each text in its
language's column).

Where and the website are set only when the file says (an organiser may have filled them
in); a new edition is a draft, and one the import publishes is published afterwards by
conference.services.publish_editions, as the admin's publish page does (apply/__init__.py).
"""

import datetime
import re
import zoneinfo

from conference.bilingual import text_language
from conference.models import RESERVED_EDITION_SLUGS, Edition
from conference.web.archive_version import ArchiveVersion
from conference.zones import default_zone_name
from talks.importers.apply.report import ImportReport
from talks.importers.schedule import Schedule, ScheduleError, venue_zone
from talks.slugs import slugify_text, truncate_slug

EDITION_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def edition_slug_for(schedule: Schedule) -> str:
    """The slug an edition gets from the acronym ("31c3", "rc3_2020" -> "rc3-2020"), else title."""
    slug = slugify_text(schedule.acronym or schedule.title).replace("_", "-").strip("-")
    return truncate_slug(re.sub(r"-{2,}", "-", slug), Edition._meta.get_field("slug").max_length)


def edition_for(schedule: Schedule, report: ImportReport, *, edition_slug: str) -> Edition:
    """The edition matched by `edition_slug`, else by the acronym, else by the slug made
    from it, locked for the import; created or updated from the file and noted in `report`.

    Raises ScheduleError for a file with no dates or a slug that cannot be an edition's.
    """
    ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
    editions = Edition.objects.select_for_update()
    if edition_slug:
        slug = edition_slug
        edition = editions.filter(slug=slug).first()
    else:
        slug = edition_slug_for(schedule)
        edition = None
        if schedule.acronym:
            edition = editions.filter(acronym__iexact=schedule.acronym).first()
        edition = edition or editions.filter(slug=slug).first()
    if edition is None:
        _check_slug(schedule, slug)

    values = _edition_values(schedule, current_zone=edition.time_zone if edition else "")
    if edition is None:
        report.edition_created = True
        return Edition.objects.create(slug=slug, is_published=False, **values)
    changed = [name for name, value in values.items() if getattr(edition, name) != value]
    if changed:
        for name in changed:
            setattr(edition, name, values[name])
        edition.save(update_fields=[*changed, "updated_at"])
        report.edition_updated = True
    return edition


def _edition_values(schedule: Schedule, *, current_zone: str) -> dict:
    """The edition's fields as the file gives them. A name, venue or city goes into its
    English column, or its Russian one when written in Cyrillic (conference.bilingual):
    the other language's value, which an organiser may have entered, stays. Its time zone:
    the one the file names, else one its times agree with, the edition's `current_zone`
    first (venue_zone)."""
    zone = venue_zone(schedule, current=current_zone) or current_zone or default_zone_name()
    start_date, end_date = _dates(schedule, zoneinfo.ZoneInfo(zone))
    values = {
        f"name_{text_language(schedule.title)}": schedule.title,
        "acronym": schedule.acronym,
        "start_date": start_date,
        "end_date": end_date,
        "time_zone": zone,
    }
    # Where and the website only when the file says; an organiser may have filled them.
    for name, value in (("venue", schedule.venue), ("city", schedule.city)):
        if value:
            values[f"{name}_{text_language(value)}"] = value
    if schedule.url.startswith(("http://", "https://")) and len(schedule.url) <= 200:
        values["website"] = schedule.url
    return values


def _check_slug(schedule: Schedule, slug: str) -> None:
    """ScheduleError unless `slug` can be a new edition's (a URL segment, not reserved)."""
    where = schedule.acronym or schedule.title
    if not slug or not EDITION_SLUG.match(slug):
        raise ScheduleError(
            f"“{where}” gives no usable edition slug; choose the edition's slug yourself."
        )
    if slug in RESERVED_EDITION_SLUGS:
        raise ScheduleError(
            f"“{where}” would give the edition slug “{slug}”, which is reserved for a "
            "section of the site; choose another slug for the edition."
        )


def _dates(schedule: Schedule, zone: zoneinfo.ZoneInfo) -> tuple[datetime.date, datetime.date]:
    """The conference's first and last day: the file's dates, else its events' days at
    the venue (in `zone`)."""
    days = sorted(e.start.astimezone(zone).date() for e in schedule.events if e.start)
    start = schedule.start_date or (days[0] if days else None)
    end = schedule.end_date or (days[-1] if days else start)
    if start is None:
        raise ScheduleError("The schedule gives no conference dates and no event times.")
    if end < start:
        raise ScheduleError(f"The conference ends ({end}) before it starts ({start}).")
    return start, end
