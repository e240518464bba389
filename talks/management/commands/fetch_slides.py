"""`manage.py fetch_slides [--edition SLUG] [--force]`: fetch the talks' slides links.

Queues a fetch (talks.decks.tasks) for every talk with a slides link whose deck is not
ready from that link (or from an upload) already, so running it twice fetches nothing
twice. With the immediate task backend (development) each fetch runs here, one after the
other, behind a progress bar on a terminal; with the database backend the worker runs them.
"""

from django.core.management.base import BaseCommand, CommandError

from conference.models import Edition
from talks.decks.models import DeckStatus, SlideDeck
from talks.decks.services import request_fetches
from talks.importers.command import ProgressBar
from talks.models import Talk


class Command(BaseCommand):
    help = "Fetch the slides PDF of every talk with a slides link (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--edition", default="", metavar="SLUG", help="Only this edition.")
        parser.add_argument(
            "--force", action="store_true", help="Fetch again decks that are ready already."
        )

    def handle(self, *args, edition, force, **options):
        talks = Talk.objects.exclude(slides_url="").select_related("edition").order_by("pk")
        if edition:
            if not Edition.objects.filter(slug=edition).exists():
                raise CommandError(f"No edition with the slug “{edition}”.")
            talks = talks.filter(edition__slug=edition)
        talks = list(talks)
        bar = ProgressBar(self.stdout, "Slides") if self.stdout.isatty() else None
        queued = 0
        for done, talk in enumerate(talks, start=1):
            # One talk at a time, so each fetch is queued (or, immediate, run) as it commits.
            queued += request_fetches(talks=[talk], force=force)
            if bar is not None:
                bar(done, len(talks))
        decks = SlideDeck.objects.filter(talk__in=talks)
        failed = decks.filter(status=DeckStatus.FAILED)
        self.stdout.write(
            f"Talks with a slides link: {len(talks)}; fetches queued: {queued}; "
            f"ready: {decks.filter(status=DeckStatus.READY).count()}; failed: {failed.count()}."
        )
        for deck in failed.select_related("talk"):
            self.stderr.write(self.style.WARNING(f"{deck.talk}: {deck.message}"))
