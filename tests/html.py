"""Assertions about rendered HTML shared by the view tests."""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# A <script> element that the browser would execute inline: no src, and not a data block.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>")


def assert_csp_clean(html: str):
    """The site's CSP forbids inline script and style: none may appear in a page.

    External scripts (src=) and JSON-LD data blocks, which are never executed, are allowed.
    """
    assert " style=" not in html
    assert not INLINE_SCRIPT.search(html)
    assert "<style" not in html


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self.title = ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs.get("href", ""))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data


@dataclass
class PageMeta:
    """What search engines and link previews read from a page."""

    title: str
    meta: dict[str, list[str]]
    links: dict[str, list[str]]
    json_ld: list[dict]

    def one(self, key: str) -> str:
        """The content of the single <meta> named or with property `key`."""
        (value,) = self.meta[key]
        return value


def page_meta(html: str) -> PageMeta:
    parser = _HeadParser()
    parser.feed(html)
    return PageMeta(
        title=parser.title,
        meta=parser.meta,
        links=parser.links,
        json_ld=[json.loads(block) for block in parser.json_ld],
    )
