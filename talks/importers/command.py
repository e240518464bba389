"""What import_frab and import_pretalx share: arguments, reading, the progress bar, the report."""

import zoneinfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from talks.choices import Language
from talks.importers import run_import
from talks.importers.schedule import ScheduleError
from talks.importers.sources import DOWNLOAD_TIMEOUT, read_source


class ProgressBar:
    """A one-line bar on a terminal: "Talks [#######.......]  45% 900/2000".

    Redrawn at most once per percent, so 20,000 events do not mean 20,000 writes.
    """

    WIDTH = 30

    def __init__(self, stream, label: str):
        self.stream = stream
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% {done}/{total}", ending="")
        if done == total:
            self.stream.write("")
        self.stream.flush()


class ImportCommand(BaseCommand):
    """Base of the import commands; subclasses set `format` and `help`."""

    format = ""
    # Below this many events a bar would flash by; above it, a big file shows progress.
    progress_threshold = 200

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file path, or an http:// or https:// URL.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything in a transaction, print what would change, then roll it back.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the edition with all its talks and galleries, as the admin's publish "
            "page does. Without it, new editions and talks are drafts for an organiser to "
            "review in the admin, and existing ones keep their state.",
        )
        parser.add_argument(
            "--edition",
            default="",
            metavar="SLUG",
            help="Import into (or create) the edition with this slug instead of the one the "
            "file's acronym gives; needed when that would be a reserved slug such as 'api'.",
        )
        parser.add_argument(
            "--language",
            default=Language.ENGLISH,
            choices=Language.values,
            help="The language of talks that name none (default: en).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DOWNLOAD_TIMEOUT,
            help=f"Seconds to wait for a URL to answer (default {DOWNLOAD_TIMEOUT}).",
        )
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="Fetch the URL even from a loopback, private or link-local address (a test "
            "server of your own). Without it only public internet addresses are fetched, "
            "redirects included.",
        )
        parser.add_argument(
            "--time-zone",
            default="",
            help="The time zone of times the file writes without an offset (default: the "
            "file's time_zone_name, else the site's TIME_ZONE).",
        )

    def handle(self, *args, source, dry_run, publish, edition, language, **options):
        verbosity = options["verbosity"]
        tz = self.time_zone(options["time_zone"])
        try:
            data = read_source(
                source, timeout=options["timeout"], allow_private=options["allow_private"]
            )
            bar = ProgressBar(self.stdout, "Talks") if self.stdout.isatty() else None
            report = run_import(
                data,
                format=self.format,
                publish=publish,
                dry_run=dry_run,
                edition_slug=edition,
                default_language=language,
                tz=tz,
                progress=self.progress(bar),
            )
        except ScheduleError as error:
            raise CommandError(f"{source}: {error} Nothing was imported.") from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        # The admin page's report as text: the counts, then (unless -v 0) the edition's
        # addresses, every row written with its admin page, and the links not kept.
        lines = report.text() if verbosity >= 1 else report.summary()
        style = self.style.WARNING if dry_run else self.style.SUCCESS
        for line in lines:
            self.stdout.write(style(line))

    def progress(self, bar: ProgressBar | None):
        if bar is None:
            return None
        threshold = self.progress_threshold

        def show(done: int, total: int) -> None:
            if total >= threshold:
                bar(done, total)

        return show

    def time_zone(self, name: str):
        if not name:
            return timezone.get_default_timezone()
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"Unknown time zone “{name}” (try Europe/Berlin).") from None
