"""`manage.py import_pretalx PATH_OR_URL`: import a pretalx schedule.json export."""

from talks.importers.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import one edition from a pretalx schedule.json export (a path or an http(s) URL, at "
        "most 50 MB). Idempotent: talks are matched by their guid, so running it again changes "
        "nothing. New editions and talks are unpublished drafts unless --publish. See "
        "docs/import.md."
    )
    format = "pretalx"
