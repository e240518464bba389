"""Where uploaded talk files are stored: speakers' portraits and talks' slides.

An uploaded file name is never used as a path: it may hold anything (folders, a NUL, a
misleading extension), and the stored name decides the type a file is served as
(conference/web/media.py). So each file gets a random folder or name of ours; a
portrait keeps its upload's extension only if it is a plain one, slides are always .pdf.
"""

import re
import uuid
from pathlib import PurePath

from django.utils.text import slugify

SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


def safe_suffix(filename: str) -> str:
    """The uploaded name's extension if it is a plain one (".pdf"), else nothing."""
    suffix = PurePath(filename.replace("\0", "")).suffix.lower()
    return suffix if SAFE_SUFFIX.fullmatch(suffix) else ""


def speaker_photo_upload_to(speaker, filename: str) -> str:
    """A random name: an uploaded file name is never used as a path."""
    return f"speakers/{uuid.uuid4().hex}{safe_suffix(filename)}"


def slides_upload_to(talk, filename: str) -> str:
    """A random folder, so the name is never the uploaded one, and the talk's slug as the
    file name, which is what a visitor's download is saved as. Always .pdf, whatever the
    upload was called: slides are PDF only (talks/slides.py checks the content), and the
    name decides the type the file is served as."""
    name = slugify(talk.slug)[:80] or "slides"
    return f"slides/{uuid.uuid4().hex}/{name}.pdf"
