"""Reading a deck's PDF into pages: text always, public images only for public talks.

extract_deck(deck) is the one entry point with side effects. The PDF is copied from its
private storage into a temporary folder and read by the child process of
talks/decks/render.py, under memory, CPU and wall-clock limits; whatever the PDF does,
this process only sees a clear DeckError or the child's files. Then, in one transaction
with the deck locked, the deck's pages are replaced (old rows and, once committed, their
files go; a re-run or a killed worker's retry leaves one row per page and image, never
two) and its status becomes "ready".

Images are public files, so they are stored only if the talk is public (checked before
writing them and again under the talk's lock, as photos/renditions.py does); a draft's
deck gets its text and page count, and its images once it is published
(talks.decks.services.refresh_public_slides).
"""

import json
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.db.stored_files import delete_on_commit, delete_quietly
from conference.web.archive_version import ArchiveVersion
from talks.decks.models import DeckStatus, SlideDeck, SlideImage, SlideImageKind, SlidePage
from talks.models import Talk

REFUSED_EXIT = 2  # talks.decks.render.REFUSED


class DeckError(Exception):
    """The PDF cannot be processed; the message says why, for an organiser."""


@dataclass(frozen=True)
class PageResult:
    """What the child found on one page, and the folder holding its image files."""

    number: int
    text: str
    width: int
    height: int


def extract_deck(deck: SlideDeck) -> list[SlidePage]:
    """Read `deck`'s PDF and store its pages; return them.

    Side effects: runs the child process on a temporary copy of the PDF; writes image
    files to the media storage if the talk is public; in one transaction replaces the
    deck's SlidePage and SlideImage rows and sets page_count, status "ready", an empty
    message and processed_at. Files of replaced images are deleted once that commits; if
    anything fails, the files written here are deleted and the old pages stay.
    Raises DeckError for a PDF the child refuses or cannot finish (nothing changes).
    """
    if not deck.pdf:
        raise DeckError(_("There is no PDF to read."))
    with tempfile.TemporaryDirectory(prefix="slides-") as work:
        folder = Path(work)
        source = folder / "deck.pdf"
        with deck.pdf.open("rb") as stored, source.open("wb") as copy:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
        output = folder / "out"
        output.mkdir()
        pages = run_child(source, output)
        public = Talk.objects.published().filter(pk=deck.talk_id).exists()
        images = _store_images(deck, pages, output) if public else []
    try:
        with transaction.atomic():
            return _replace_pages(deck, pages, images)
    except BaseException:
        _delete_files([image.file.name for image in images])
        raise


def child_command(source: Path, output: Path) -> list[str]:
    """The command line of the child process (talks/decks/render.py) for one PDF."""
    limits = {
        "--max-pages": settings.SLIDES_MAX_PAGES,
        "--large-width": settings.SLIDES_LARGE_WIDTH,
        "--thumb-width": settings.SLIDES_THUMB_WIDTH,
        "--max-pixels": settings.SLIDES_MAX_PIXELS,
        "--memory-mb": settings.SLIDES_MEMORY_MB,
        "--cpu-seconds": settings.SLIDES_CPU_SECONDS,
    }
    arguments = [str(item) for pair in limits.items() for item in pair]
    return [sys.executable, "-m", "talks.decks.render", str(source), str(output), *arguments]


def run_child(source: Path, output: Path) -> list[PageResult]:
    """Run the child on `source`; return its pages or raise DeckError saying why not."""
    try:
        finished = subprocess.run(  # noqa: S603 -- our own module, arguments we built
            child_command(source, output),
            cwd=settings.BASE_DIR,
            capture_output=True,
            timeout=settings.SLIDES_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DeckError(
            _("Reading the PDF took longer than %(seconds)s seconds; it was stopped.")
            % {"seconds": settings.SLIDES_TIMEOUT_SECONDS}
        ) from None
    if finished.returncode == REFUSED_EXIT and (output / "error.json").exists():
        raise DeckError(refusal_message(json.loads((output / "error.json").read_text())))
    if finished.returncode != 0:
        raise DeckError(crash_message(finished.returncode, finished.stderr))
    lines = (output / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    return [PageResult(**json.loads(line)) for line in lines]


def refusal_message(error: dict) -> str:
    """The organiser's message for a PDF the child refused."""
    code = error.get("code")
    if code == "encrypted":
        return _("The PDF is protected by a password; upload a copy without one.")
    if code == "too_many_pages":
        return _("The PDF has %(pages)s pages; at most %(limit)s are read.") % {
            "pages": error.get("detail"),
            "limit": settings.SLIDES_MAX_PAGES,
        }
    if code == "empty":
        return _("The PDF has no pages.")
    return _("The PDF is damaged and cannot be read (%(detail)s).") % {
        "detail": error.get("detail") or _("unknown error")
    }


def crash_message(returncode: int, stderr: bytes) -> str:
    """The organiser's message for a child that died: out of memory or time, or a crash."""
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if "MemoryError" in tail[0] or returncode in (-9, 137):
        return _("Reading the PDF needed more than %(memory)s MB of memory; it was stopped.") % {
            "memory": settings.SLIDES_MEMORY_MB
        }
    if returncode == -signal.SIGXCPU:  # the CPU-time limit
        return _("Reading the PDF used more than %(seconds)s seconds of CPU; it was stopped.") % {
            "seconds": settings.SLIDES_CPU_SECONDS
        }
    return _("Reading the PDF failed (exit status %(status)s): %(detail)s") % {
        "status": returncode,
        "detail": tail[0][:300],
    }


def _store_images(deck: SlideDeck, pages: list[PageResult], output: Path) -> list[SlideImage]:
    """Write each page's image files to the media storage; return unsaved rows for them
    (their `page` set to an unsaved SlidePage holding the number)."""
    stored = []
    try:
        for result in pages:
            page = SlidePage(deck=deck, number=result.number)
            for path in sorted(output.glob(f"{result.number}-*.*")):
                kind, image_format = path.stem.split("-", 1)[1], path.suffix[1:]
                width, height = _image_size(result, kind)
                image = SlideImage(
                    page=page,
                    kind=kind,
                    format=image_format,
                    width=width,
                    height=height,
                    size_bytes=path.stat().st_size,
                )
                with path.open("rb") as data:
                    image.file.save(path.name, File(data), save=False)
                stored.append(image)
    except BaseException:
        _delete_files([image.file.name for image in stored])
        raise
    return stored


def _image_size(result: PageResult, kind: str) -> tuple[int, int]:
    if kind == SlideImageKind.LARGE:
        return result.width, result.height
    width = min(settings.SLIDES_THUMB_WIDTH, result.width)
    return width, max(1, round(result.height * width / result.width))


def _replace_pages(deck: SlideDeck, pages: list[PageResult], images: list[SlideImage]):
    ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
    # The talk's lock: whoever unpublishes it updates its row, so a draft cannot end up
    # with public images stored by an extraction that began while it was public.
    list(Talk.objects.select_for_update().filter(pk=deck.talk_id).values_list("pk", flat=True))
    locked = SlideDeck.objects.select_for_update().filter(pk=deck.pk).first()
    if locked is None:
        raise SlideDeck.DoesNotExist(f"Slide deck {deck.pk} was deleted.")
    if images and not Talk.objects.published().filter(pk=deck.talk_id).exists():
        transaction.on_commit(partial(_delete_files, [image.file.name for image in images]))
        images = []
    old_files = list(SlideImage.objects.filter(page__deck=deck).values_list("file", flat=True))
    SlidePage.objects.filter(deck=deck).delete()
    rows = SlidePage.objects.bulk_create(
        SlidePage(
            deck=deck, number=page.number, text=page.text, width=page.width, height=page.height
        )
        for page in pages
    )
    by_number = {row.number: row for row in rows}
    for image in images:
        image.page = by_number[image.page.number]
    SlideImage.objects.bulk_create(images)
    delete_on_commit(SlideImage._meta.get_field("file").storage, old_files)
    deck.page_count = len(rows)
    deck.status = DeckStatus.READY
    deck.message = ""
    deck.processed_at = timezone.now()
    deck.save(update_fields=["page_count", "status", "message", "processed_at", "updated_at"])
    return rows


def _delete_files(names: list[str]) -> None:
    delete_quietly(SlideImage._meta.get_field("file").storage, names)
