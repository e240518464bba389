"""The child process that reads a PDF: each page's text and images, under hard limits.

PDFium is C++ reading files from anywhere; a crafted or merely huge PDF could take all
memory, loop, or crash the process that parses it. So it never runs in a worker:
talks.decks.extraction starts this module as its own process, which first limits its own
address space and CPU time (resource.setrlimit, inherited by nothing else) and then
renders one page at a time, writing each page's images and a JSON line as it goes. A
page is drawn at most settings.SLIDES_LARGE_WIDTH wide and at most max-pixels in area,
whatever size the PDF claims, so no bitmap can grow past a few tens of megabytes.

Run: python -m talks.decks.render PDF OUTDIR --max-pages N --large-width W
     --thumb-width W --max-pixels P --memory-mb M --cpu-seconds S
Exit status 0 with OUTDIR/pages.jsonl; 2 with OUTDIR/error.json ({"code", "detail"}) for
a PDF it refuses (damaged, encrypted, too many pages); anything else is a crash the
parent reports as such. Only pypdfium2, Pillow and photos.imaging are imported: no
Django settings, no database.
"""

import argparse
import json
import math
import resource
import sys
from pathlib import Path

# The cap on one page's text.
MAX_PAGE_TEXT = 20_000
REFUSED = 2

# Formats and encoder settings per image size, chosen by measurement (docs/performance.md,
# bench/slides.py): the photos' AVIF settings took 0.59 s for one 1600-pixel page, 35 s
# for a 60-page deck; at speeds fast enough for decks, AVIF was no smaller than WebP on
# slides (flat colour and text). So the large page is WebP (a faster method than photos
# use) and JPEG; the thumbnail, 1/25th the pixels, is AVIF, WebP and JPEG as photos are.
LARGE_OPTIONS = {"webp": {"quality": 80, "method": 2}, "jpeg": {"quality": 82, "optimize": True}}
THUMB_OPTIONS = {
    "avif": {"quality": 60, "speed": 7},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True},
}


class Refused(Exception):
    """The PDF is not one to process; `code` names why for the parent."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    """Cap this process before it reads anything: past them it fails, the worker does not."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def page_scale(width_pt: float, height_pt: float, *, large_width: int, max_pixels: int) -> float:
    """The render scale: `large_width` pixels wide, unless the page's area would then pass
    `max_pixels` (a very tall page), never less than one pixel a side."""
    width_pt, height_pt = max(width_pt, 1.0), max(height_pt, 1.0)
    scale = large_width / width_pt
    if width_pt * height_pt * scale * scale > max_pixels:
        scale = math.sqrt(max_pixels / (width_pt * height_pt))
        # PDFium rounds the bitmap's sides up: step down until they fit.
        while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > max_pixels:
            scale *= 0.995
    return scale


def clean_text(text: str) -> str:
    """Page text as stored: newlines normalised, no NUL, at most MAX_PAGE_TEXT characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()[:MAX_PAGE_TEXT]


def open_document(path: Path):
    import pypdfium2 as pdfium  # imported after the limits are set

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise Refused("encrypted") from None
        raise Refused("damaged", str(error)) from None


def render_pages(document, outdir: Path, options) -> None:
    """Write each page's images and its line of pages.jsonl, one page at a time."""
    from PIL import Image  # imported after the limits are set

    from photos.imaging import encode, rendition_formats  # as above

    available = {
        rendition_format.value: rendition_format for rendition_format in rendition_formats()
    }
    with (outdir / "pages.jsonl").open("w", encoding="utf-8") as lines:
        for index in range(len(document)):
            page = document[index]
            try:
                width_pt, height_pt = page.get_size()
                scale = page_scale(
                    width_pt,
                    height_pt,
                    large_width=options.large_width,
                    max_pixels=options.max_pixels,
                )
                textpage = page.get_textpage()
                text = clean_text(textpage.get_text_bounded())
                textpage.close()
                large = page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
            finally:
                page.close()
            thumb_width = min(options.thumb_width, large.width)
            thumb_height = max(1, round(large.height * thumb_width / large.width))
            thumbnail = large.resize(
                (thumb_width, thumb_height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
            number = index + 1
            for kind, image, settings in (
                ("large", large, LARGE_OPTIONS),
                ("thumb", thumbnail, THUMB_OPTIONS),
            ):
                for name, save_options in settings.items():
                    if name in available:
                        data = encode(image, available[name], save_options)
                        (outdir / f"{number}-{kind}.{name}").write_bytes(data)
            record = {"number": number, "text": text, "width": large.width, "height": large.height}
            lines.write(json.dumps(record, ensure_ascii=False) + "\n")
            lines.flush()


def peak_rss_kb() -> int:
    """This process's peak resident memory since it was exec'd (Linux's VmHWM; getrusage
    would count the parent's memory at fork too), for bench/slides.py; 0 if unknown."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf", type=Path)
    parser.add_argument("outdir", type=Path)
    for option in (
        "max-pages",
        "large-width",
        "thumb-width",
        "max-pixels",
        "memory-mb",
        "cpu-seconds",
    ):
        parser.add_argument(f"--{option}", type=int, required=True)
    options = parser.parse_args(argv)
    limit_resources(options.memory_mb, options.cpu_seconds)
    try:
        document = open_document(options.pdf)
        if len(document) > options.max_pages:
            raise Refused("too_many_pages", str(len(document)))
        if len(document) == 0:
            raise Refused("empty")
        render_pages(document, options.outdir, options)
        (options.outdir / "stats.json").write_text(json.dumps({"peak_rss_kb": peak_rss_kb()}))
    except Refused as refused:
        error = {"code": refused.code, "detail": refused.detail}
        (options.outdir / "error.json").write_text(json.dumps(error))
        return REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
