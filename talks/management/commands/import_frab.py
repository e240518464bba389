"""`manage.py import_frab PATH_OR_URL`: import a frab/c3voc/pentabarf/wafer schedule.xml."""

from talks.importers.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import one edition from a frab, c3voc, pentabarf or wafer schedule.xml (a path or an "
        "http(s) URL, at most 50 MB). Idempotent: talks are matched by their guid, or by an id "
        "derived from the acronym and event id, so running it again changes nothing. New "
        "editions and talks are unpublished drafts unless --publish. See docs/import.md."
    )
    format = "frab"
