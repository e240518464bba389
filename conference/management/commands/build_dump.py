"""`manage.py build_dump [--output FILE] [--base-url URL]`: the public data dump, now."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.dump.build import build, publish, stable_url


class Command(BaseCommand):
    help = (
        "Build the public data dump (JSON Lines of every public edition, talk, speaker, "
        "company, project, gallery and photo, and each edition's frab XML; docs/dump.md) "
        "and publish it in public media under its stable and its versioned name, or write "
        "it to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Write the dump to this new file instead of publishing it."
        )
        parser.add_argument(
            "--base-url",
            help="The site's address the dump's URLs start with "
            "(default: DJANGO_PUBLIC_BASE_URL, settings.DUMP['BASE_URL']).",
        )

    def handle(self, *args, output, base_url, **options):
        if output is not None and output.exists():
            raise CommandError(f"{output} exists already; choose a new name for the dump.")
        built = build(base_url=base_url)
        counts = ", ".join(f"{count} {name}" for name, count in built.manifest["counts"].items())
        self.stdout.write(f"Public archive version {built.archive_version}: {counts}.")
        if output is not None:
            output.write_bytes(built.data)
            self.stdout.write(self.style.SUCCESS(f"Dump written to {output}."))
            return
        state, changed = publish(built)
        if changed:
            self.stdout.write(self.style.SUCCESS(f"Dump published: {stable_url()}."))
        else:
            self.stdout.write(f"Nothing public changed; the dump stays {state.file_name}.")
