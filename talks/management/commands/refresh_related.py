"""`manage.py refresh_related [--all]`: refresh the stored related talks now.

Without --all, the talks the database noted since the last refresh (what the background
task would do); with --all, every talk first (an archive from before the refresh task,
or after a restore). Shows a progress bar on a terminal. Thin: talks/related.py works.
"""

from django.core.management.base import BaseCommand

from talks import related

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Refresh the related talks of the talks noted as stale (--all: of every talk)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="refresh every talk's list")

    def handle(self, *args, all, verbosity, **options):
        total = related.mark_all_stale() if all else related.stale_count()
        done = 0

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if verbosity and total:
                filled = BAR_WIDTH * min(done, total) // total
                bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                self.stderr.write(f"\r[{bar}] {min(done, total)}/{total}", ending="")

        taken = related.refresh_stale(progress=progress)
        if verbosity and taken:
            self.stderr.write("")
        self.stdout.write(f"Refreshed the related talks around {taken} talks.")
