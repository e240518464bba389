"""What the site accepts as a talk's slides file: a PDF, recognised by its content.

Slides are served from the site's own media (or its bucket): an HTML or SVG file stored
as "slides" would run its script in the site's origin when an organiser opened it (a
stored XSS against superusers). A file name proves nothing, so the upload is read: a PDF
starts with the %PDF-1.x (or 2.x) header and ends with its trailer, the `startxref`
offset and `%%EOF`. Reading both ends costs two small reads and needs no PDF library;
it refuses every file that merely carries a .pdf name. The stored name always ends in
.pdf (talks.uploads.slides_upload_to), and media is served as an attachment
(conference/web/media.py), so even a crafted file that passes is downloaded, never rendered.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# Readers accept some bytes after %%EOF (a newline, padding from old FTP transfers).
TRAILER_BYTES = 2048


def check_pdf(upload: UploadedFile) -> None:
    """Raise ValidationError unless `upload` reads as a PDF; leave it at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(max(upload.size - TRAILER_BYTES, 0))
    tail = upload.read()
    upload.seek(0)
    if not PDF_HEADER.match(head):
        raise ValidationError(
            _("“%(name)s” is not a PDF file. Slides are accepted as PDF only."),
            code="not_pdf",
            params={"name": upload.name},
        )
    if b"startxref" not in tail or b"%%EOF" not in tail:
        raise ValidationError(
            _(
                "“%(name)s” starts as a PDF but does not end as one: it may have been cut "
                "short. Export or download it again and upload the whole file."
            ),
            code="incomplete_pdf",
            params={"name": upload.name},
        )


class SlidesFileField(forms.FileField):
    """A file field that takes PDF files only (checked by content, as forms.ImageField
    checks images); the browser's file picker offers PDFs first."""

    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            check_pdf(upload)
        return upload
