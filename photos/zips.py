"""A download's photos as one zip archive, streamed while it is built.

zipstream-ng writes each entry as its bytes come (a local header, the data, then a data
descriptor with the CRC), so the archive is never whole in memory or on disk: one file is
open at a time, read CHUNK_SIZE bytes at a time, and it is opened only when its turn
comes, so the first bytes reach the visitor before the last photo is read. Entries are
stored, not deflated: JPEG, WebP and AVIF are compressed already, and deflating them
would spend the server's CPU to gain nothing.

The archive holds each photo's rendition (photos.readers.downloads chose it) under
"<edition>-<gallery>/<number>-<caption or talk>.<ext>", numbered in the download's
order, and CREDITS.txt last, in the reader's language: each file's photographer, the
licence and the photo's page. A file that vanished since the rows were read (a photo
taken down meanwhile) is left out, and the credits say so.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from zipstream import ZIP_STORED, ZipStream

from conference.db.stored_files import STORAGE_ERRORS
from photos.choices import RenditionFormat
from photos.models import Photo
from talks.slugs import slugify_text

# What is read of a file at a time: small next to a rendition, large enough that the
# per-chunk work (a CRC update, a write to the socket) stays cheap.
CHUNK_SIZE = 64 * 1024
CREDITS_NAME = "CREDITS.txt"
EXTENSIONS = {
    RenditionFormat.JPEG: "jpg",
    RenditionFormat.WEBP: "webp",
    RenditionFormat.AVIF: "avif",
}
# A caption makes a readable file name; a whole sentence does not.
LABEL_LENGTH = 60


@dataclass(frozen=True)
class Entry:
    """One photo of the archive: its file's name in the storage and in the zip, what the
    credits say of it."""

    photo: Photo
    stored_name: str
    size_bytes: int
    name: str
    credit: str
    page_url: str


def entry_name(photo: Photo, number: int, digits: int) -> str:
    """ "<edition>-<gallery>/<number>-<label>.<ext>": the number keeps names unique and in
    order; the label is the caption (in the reader's language, else the other), else the
    title of the photo's public talk, as an ASCII slug."""
    rendition = photo.download_rendition
    label = slugify_text(photo.caption or photo.talk_title or "", max_length=LABEL_LENGTH)
    stem = f"{number:0{digits}d}" + (f"-{label}" if label else "")
    folder = f"{photo.gallery.edition.slug}-{photo.gallery.slug}"
    return f"{folder}/{stem}.{EXTENSIONS.get(rendition.format, rendition.format)}"


def entries(photos: list[Photo], *, first: int, total: int, absolute: Callable) -> list[Entry]:
    """The entries of `photos`, numbered from `first` of `total`; `absolute` makes a page's
    path an address (request.build_absolute_uri). Call it while the request's language
    is active: captions and page addresses are in it."""
    digits = max(3, len(str(total)))
    return [
        Entry(
            photo=photo,
            stored_name=photo.download_rendition.file.name,
            size_bytes=photo.download_rendition.size_bytes,
            name=entry_name(photo, number, digits),
            credit=photo.credit,
            page_url=absolute(photo.get_absolute_url()),
        )
        for number, photo in enumerate(photos, start=first)
    ]


def zip_chunks(
    entries: list[Entry], *, storage, credits_context: dict, language: str
) -> Iterator[bytes]:
    """The archive of `entries` read from `storage`, as it is built: each photo's entry
    once its file is open, then CREDITS.txt (rendered in `language`, with
    `credits_context`), then the central directory."""
    archive = ZipStream(compress_type=ZIP_STORED)
    included, missing = [], []
    for entry in entries:
        chunks = _file_chunks(storage, entry.stored_name)
        try:
            # The first chunk before the entry's header: a file that is gone leaves no
            # empty entry behind.
            first = next(chunks, b"")
        except STORAGE_ERRORS:
            missing.append(entry)
            continue
        # The size when the row knows it (it always does for renditions built here):
        # without one, zipstream-ng writes Zip64 headers in case the file is huge.
        archive.add(_prepend(first, chunks), entry.name, size=entry.size_bytes or None)
        yield from archive.all_files()
        included.append(entry)
    with translation.override(language):
        credits = render_to_string(
            "photos/zip_credits.txt", {**credits_context, "entries": included, "missing": missing}
        )
    archive.add(credits.encode(), CREDITS_NAME)
    yield from archive.finalize()


def _file_chunks(storage, name: str) -> Iterator[bytes]:
    with storage.open(name, "rb") as handle:
        yield from handle.chunks(CHUNK_SIZE)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest
