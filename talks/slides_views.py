"""The download of a talk's slides: the PDF the archive kept (uploaded, or fetched from the
talk's slides link), for a public talk whose deck was read.

The PDF sits in the private storage (talks.decks.models), so this view reads it from
there and sends it as an attachment under the talk's slug, never rendered in the site's
origin (as conference.web.media serves public media files).
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from conference.db.stored_files import STORAGE_ERRORS
from talks.decks.models import SlideDeck
from talks.readers.slides import deck_pdf


@require_safe
def slides_pdf(request, edition_slug: str, slug: str):
    """GET /<edition>/talks/<talk>/slides.pdf: the deck's PDF; 404 for a draft, a talk
    without a ready deck, or a file the storage cannot give."""
    found = deck_pdf(edition_slug=edition_slug, slug=slug)
    if found is None:
        raise Http404("This talk has no slides to download.")
    talk_slug, name, _size = found
    storage = SlideDeck._meta.get_field("pdf").storage
    try:
        pdf = storage.open(name, "rb")
    except STORAGE_ERRORS:
        raise Http404("The slides file is missing.") from None
    response = FileResponse(
        pdf, as_attachment=True, filename=f"{talk_slug}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
