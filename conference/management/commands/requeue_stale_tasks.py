"""`manage.py requeue_stale_tasks`: tasks of a worker that died, back in the queue."""

import datetime

from django.core.management.base import BaseCommand

from conference.ops.worker_recovery import requeue_stale_tasks


class Command(BaseCommand):
    help = (
        "Put tasks that have been RUNNING for longer than --minutes back in the queue (their "
        "worker was killed) and delete the rendition files and slide page images such tasks "
        "left behind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=30,
            help="How long a task must have been running to count as stale (default 30).",
        )

    def handle(self, *args, minutes, **options):
        stale = requeue_stale_tasks(older_than=datetime.timedelta(minutes=minutes))
        for row in stale:
            self.stdout.write(f"Requeued {row.task_path} {row.args_kwargs} ({row.pk}).")
        self.stdout.write(self.style.SUCCESS(f"{len(stale)} stale task(s) requeued."))
