"""`manage.py retag_topics [--all]`: tag the topics' talks afresh now.

Without --all, the topics the admin noted since the last run (what the background task
would do); with --all, every topic first (after changing how matching works, or to check
an archive). Shows a progress bar on a terminal. Thin: talks/topic_tagging.py works; the
related talks follow through their own task (talks/related.py).
"""

from django.core.management.base import BaseCommand

from talks import topic_tagging

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Tag the talks of the topics noted as changed (--all: of every topic) afresh."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="tag every topic's talks")

    def handle(self, *args, all, verbosity, **options):
        total = topic_tagging.mark_all_stale() if all else topic_tagging.stale_count()
        done = 0
        on_terminal = verbosity and self.stderr.isatty()

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if on_terminal and total:
                filled = BAR_WIDTH * min(done, total) // total
                bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                self.stderr.write(f"\r[{bar}] {min(done, total)}/{total}", ending="")

        taken = topic_tagging.retag_stale(progress=progress)
        if on_terminal and taken:
            self.stderr.write("")
        self.stdout.write(f"Tagged the talks of {taken} topics.")
