"""PDFs made in the tests: real decks (fpdf2, as the sample archive writes them) and the
broken, locked and oversized files the site must refuse."""

from django.core.files.base import ContentFile
from fpdf import FPDF

from conference.sample.slide_pdf import Slide, deck_pdf


def deck(*page_words: str, title: str = "A deck for the tests") -> bytes:
    """A title page, then one page per item of `page_words`, holding those words."""
    return deck_pdf(title, [Slide(f"Page {n}", [words]) for n, words in enumerate(page_words, 2)])


def encrypted() -> bytes:
    """A PDF that opens only with a password."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(text="secret slides")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def damaged() -> bytes:
    """A PDF's header and trailer around bytes that are no PDF: it passes the upload's
    check (talks.slides.check_pdf reads only the two ends) and fails in PDFium."""
    return b"%PDF-1.7\n" + b"\x00garbage\n" * 200 + b"startxref\n12\n%%EOF\n"


def upload(data: bytes, name: str = "slides.pdf") -> ContentFile:
    return ContentFile(data, name=name)
