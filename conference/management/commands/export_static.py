"""`manage.py export_static DIR [--base-url URL] [--full] [--workers N]`: the public archive
as a folder of files any plain web server serves (conference/static_export/); a second
run into the same folder renders only what changed."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.static_export.export import export
from talks.importers.command import ProgressBar


class Command(BaseCommand):
    help = "Export every public page, feed, export, medium and the search index as static files."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", metavar="DIR", help="The folder to write (created if missing)."
        )
        parser.add_argument(
            "--base-url",
            default="",
            metavar="URL",
            help="Where the folder will be served, e.g. https://archive.example.org/; "
            "canonical links, the sitemap and the feeds name it. Links between pages are "
            "relative either way.",
        )
        parser.add_argument("--full", action="store_true", help="Render every page again.")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="Rendering processes (default: the cores, at most 4).",
        )

    def handle(self, *args, folder, base_url, full, workers, **options):
        if base_url and not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url must start with https:// or http://.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        bar = ProgressBar(self.stdout, "Pages") if self.stdout.isatty() else None
        summary = export(
            Path(folder).resolve(), base_url=base_url, full=full, workers=workers, progress=bar
        )
        self.stdout.write(
            f"Pages: {summary.pages}; rendered: {summary.rendered}; written: {summary.written}; "
            f"removed: {summary.removed}; media copied: {summary.media_copied}, "
            f"removed: {summary.media_removed}; search index "
            f"{'rebuilt' if summary.indexed else 'unchanged'}; data dump "
            f"{'written' if summary.dump_written else 'unchanged'}; {summary.seconds:.1f} s."
        )
        for problem in summary.problems:
            self.stderr.write(self.style.WARNING(problem))
        if summary.problems:
            raise CommandError(f"{len(summary.problems)} addresses could not be exported.")
