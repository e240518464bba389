"""Plain text from what schedules put in their text fields.

FOSDEM's pentabarf export writes HTML ("<p>...</p>", escaped inside the XML), pretalx writes
markdown, frab writes either. The archive stores plain text (templates escape it and turn
blank lines into paragraphs), so HTML is reduced to its text here: block elements part
paragraphs, list items become "- " lines, a link keeps its address after its text. Markdown
is left as it is: it already reads as plain text. No imported markup is ever rendered.
"""

import re
from html import unescape
from html.parser import HTMLParser

# Only these tags make a text "HTML"; "a <T> generic" or "x < y > z" stay as they are.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|a|em|strong|b|i|u|ul|ol|li|h[1-6]|pre|code|blockquote|img|hr|"
    r"table|tr|td|th|sup|sub|small|dl|dt|dd)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCKS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}
_BLOCKS |= {"table", "tr", "dl", "hr"}
# NUL cannot be stored in PostgreSQL text; the other C0 controls are noise (keep \t and \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []  # open <a>: its href and where its text starts
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            # Keep the address unless the text already is it.
            if href.startswith(("http://", "https://")) and href.rstrip("/") != text.rstrip("/"):
                self.parts.append(f" ({href})" if text else href)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def plain_text(value: str | None) -> str:
    """`value` as plain text: HTML reduced to text, line ends normalised, controls dropped."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_TAG.search(text):
        extractor = _TextExtractor()
        extractor.feed(text)
        extractor.close()
        text = "".join(extractor.parts)
    else:
        # Entities written twice over (&amp;quot;) are common in exports of exports.
        text = unescape(text) if "&" in text and ";" in text else text
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def one_line(value: str | None, *, max_length: int) -> str:
    """Plain text on one line (titles, names, rooms), cut to `max_length`."""
    text = " ".join(plain_text(value).split())
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
