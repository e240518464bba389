"""Slide decks written as real PDFs (fpdf2): what the sample archive, the tests and
bench/slides.py process.

A deck looks like a conference talk's: 16:9 pages, a coloured title bar, a heading and
bullet points in real PDF text (so extraction has words to find), a drawn diagram and,
on some pages, a raster picture (slides are often screenshots). Only the PDF core fonts
are used, so the text is Latin-1: the sample's talks and the tests are in English.
"""

import datetime
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF
from PIL import Image, ImageDraw

CREATED = datetime.datetime(2016, 2, 1, tzinfo=datetime.UTC)
# A 16:9 page in points (254 x 142.875 mm, as presentation software exports).
PAGE_SIZE = (720, 405)


@dataclass(frozen=True)
class Slide:
    """One page: a heading and its bullet points."""

    heading: str
    bullets: Sequence[str] = ()


def deck_pdf(title: str, slides: Sequence[Slide], *, seed: int = 0, pictures: bool = True) -> bytes:
    """The bytes of a PDF with a title page (`title`) followed by one page per slide."""
    rng = random.Random(seed)  # reproducible on purpose
    # fpdf2 takes the portrait size and turns it for "landscape".
    pdf = FPDF(orientation="landscape", unit="pt", format=PAGE_SIZE[::-1])
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    # A fixed date: the same deck is the same bytes, so loading the sample twice changes nothing.
    pdf.set_creation_date(CREATED)
    _title_page(pdf, title)
    for number, slide in enumerate(slides, start=2):
        _content_page(pdf, slide, number=number, rng=rng, picture=pictures and number % 3 == 0)
    return bytes(pdf.output())


def _title_page(pdf: FPDF, title: str) -> None:
    pdf.add_page()
    pdf.set_fill_color(31, 58, 147)
    pdf.rect(0, 0, PAGE_SIZE[0], PAGE_SIZE[1], style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 30)
    pdf.set_xy(48, 140)
    pdf.multi_cell(PAGE_SIZE[0] - 96, 38, title)


def _content_page(pdf: FPDF, slide: Slide, *, number: int, rng: random.Random, picture: bool):
    pdf.add_page()
    pdf.set_fill_color(31, 58, 147)
    pdf.rect(0, 0, PAGE_SIZE[0], 64, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_xy(36, 18)
    pdf.cell(PAGE_SIZE[0] - 72, 30, slide.heading)
    pdf.set_text_color(20, 20, 20)
    pdf.set_font("Helvetica", "", 16)
    top = 90
    text_width = 380 if picture else PAGE_SIZE[0] - 260
    for bullet in slide.bullets:
        pdf.set_xy(48, top)
        pdf.multi_cell(text_width, 21, f"- {bullet}")
        top = pdf.get_y() + 8
    _diagram(pdf, rng, left=PAGE_SIZE[0] - 190 if not picture else 450, picture=picture)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(PAGE_SIZE[0] - 70, PAGE_SIZE[1] - 28)
    pdf.cell(40, 14, str(number), align="R")


def _diagram(pdf: FPDF, rng: random.Random, *, left: int, picture: bool) -> None:
    """Boxes joined by arrows, or a picture: slides are rarely text alone."""
    if picture:
        pdf.image(_picture(rng), x=left, y=100, w=240, h=180)
        return
    pdf.set_draw_color(31, 58, 147)
    pdf.set_line_width(2)
    for row in range(3):
        top = 100 + row * 90
        pdf.set_fill_color(*(rng.randrange(120, 240) for _ in range(3)))
        pdf.rect(left, top, 140, 50, style="DF")
        if row:
            pdf.line(left + 70, top - 40, left + 70, top)


def _picture(rng: random.Random) -> io.BytesIO:
    """A small raster "screenshot": a gradient with bars, as a PNG."""
    image = Image.new("RGB", (480, 360), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for x in range(0, 480, 4):
        shade = 120 + x * 100 // 480
        draw.line([(x, 0), (x, 40)], fill=(shade, 80, 160), width=4)
    for bar in range(8):
        height = rng.randrange(40, 280)
        draw.rectangle([30 + bar * 55, 350 - height, 70 + bar * 55, 350], fill=(40, 110, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer
