"""Building and storing the public renditions of a photo.

The original stays private (it keeps GPS positions and camera serial numbers); the public
only ever sees the copies photos/imaging.py makes of it. build_renditions(photo) is the
one entry point with side effects. It reads the original through its storage (filesystem
or S3), so a background task (photos/tasks.py) can call it with nothing but the photo.
What an upload records at once, before any rendition exists, is imaging.read_metadata;
decode_original is the full decode the task checks an upload with (photos/tasks.py),
and whose result it passes on here, so that a new photo's original is decoded once.
"""

from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from conference.db.stored_files import delete_quietly
from conference.web.archive_version import ArchiveVersion
from conference.zones import edition_zone
from photos.choices import RENDITION_WIDTHS, RenditionsStatus
from photos.decoding import load_pixels, open_header
from photos.exif import read_exif, read_taken_at, upright, upright_size
from photos.imaging import EncodedRendition, placeholder_color, render, to_srgb
from photos.models import Photo, Rendition


class PhotoNotPublic(Exception):
    """The photo is not public (any more): it may have no public renditions (photos.visibility)."""


@dataclass(frozen=True)
class DecodedOriginal:
    """A photo's original, decoded as its renditions need it."""

    # Upright, sRGB, no narrower than the widest rendition: a JPEG is decoded at the
    # smallest scale that allows (decoding.load_pixels), other formats at full size.
    image: Image.Image
    # The original's own upright size, which the scaled decode does not show.
    width: int
    height: int
    exif: Image.Exif


def decode_original(photo: Photo) -> DecodedOriginal:
    """Read and decode photo.original from its storage; raise InvalidPhoto if it is damaged."""
    with photo.original.open("rb") as original:
        return decode_file(original)


def decode_file(fp) -> DecodedOriginal:
    """Decode an original's file as its renditions need it (see DecodedOriginal)."""
    image = open_header(fp)
    exif = read_exif(image)
    width, height = upright_size(image, exif)
    image = load_pixels(image, width_at_least=max(RENDITION_WIDTHS))
    return DecodedOriginal(to_srgb(upright(image)), width, height, exif)


def build_renditions(photo: Photo, decoded: DecodedOriginal | None = None) -> list[Rendition]:
    """Build and store every public rendition of `photo`; return its Rendition rows.

    Side effects: reads photo.original from its (private) storage, unless `decoded` is
    given (decode_original, done by the caller already); writes new files to the
    renditions' storage; in one transaction replaces the photo's Rendition rows (one per
    width and format, so re-running creates no duplicates, and drops rows for sizes or
    formats no longer made) and saves photo.width/height (upright), placeholder_color,
    taken_at (when EXIF has it and the photo has none yet; a camera's clock read in the
    edition's venue zone) and renditions_status "ready"
    with no error. Files of replaced or dropped
    renditions are deleted once that transaction commits; if anything fails, the files
    written here are deleted and the old renditions stay as they were.

    Raises InvalidPhoto if the original cannot be decoded, and PhotoNotPublic (keeping
    nothing) if the public may not see the photo when its rows are written.
    """
    decoded = decoded or decode_original(photo)
    image = decoded.image
    encoded = render(image)

    stored = _store_files(photo, encoded)
    try:
        with transaction.atomic():
            renditions = _replace_rows(photo, stored)
            photo.width, photo.height = decoded.width, decoded.height
            photo.placeholder_color = placeholder_color(image)
            if photo.taken_at is None:
                photo.taken_at = read_taken_at(decoded.exif, edition_zone(photo.gallery.edition))
            photo.renditions_status = RenditionsStatus.READY
            photo.renditions_error = ""
            photo.save(
                update_fields=[
                    "width",
                    "height",
                    "placeholder_color",
                    "taken_at",
                    "renditions_status",
                    "renditions_error",
                    "updated_at",
                ]
            )
    except BaseException:
        _delete_files([rendition.file.name for rendition in stored])
        raise
    return renditions


def _store_files(photo: Photo, encoded: list[EncodedRendition]) -> list[Rendition]:
    """Write each rendition's file; return unsaved rows pointing at them."""
    stored = []
    try:
        for item in encoded:
            rendition = Rendition(
                photo=photo,
                width=item.width,
                height=item.height,
                format=item.format,
                size_bytes=len(item.data),
            )
            rendition.file.save(
                f"{item.width}.{item.format.value}", ContentFile(item.data), save=False
            )
            stored.append(rendition)
    except BaseException:
        _delete_files([rendition.file.name for rendition in stored])
        raise
    return stored


def _replace_rows(photo: Photo, stored: list[Rendition]) -> list[Rendition]:
    # Lock the photo so that two builds of it (an upload and a task retry) cannot interleave;
    # the archive version first (see ArchiveVersion.lock_for_write).
    ArchiveVersion.lock_for_write()
    Photo.objects.select_for_update().get(pk=photo.pk)
    # Checked under the photo's lock, which whoever unpublishes it takes too: a build that
    # started while the photo was public cannot leave public files once it is not.
    if not Photo.objects.published().filter(pk=photo.pk).exists():
        raise PhotoNotPublic(f"Photo {photo.pk} is not public.")
    existing = {(row.width, row.format): row for row in photo.renditions.all()}
    obsolete_files = []
    renditions = []
    for new in stored:
        old = existing.pop((new.width, new.format), None)
        if old is None:
            new.save()
            renditions.append(new)
            continue
        obsolete_files.append(old.file.name)
        old.height = new.height
        old.size_bytes = new.size_bytes
        old.file = new.file.name
        old.save(update_fields=["height", "size_bytes", "file"])
        renditions.append(old)
    obsolete_files += [row.file.name for row in existing.values()]
    Rendition.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    transaction.on_commit(partial(_delete_files, obsolete_files), robust=True)
    return renditions


def _delete_files(names: list[str]) -> None:
    delete_quietly(Rendition._meta.get_field("file").storage, names)
