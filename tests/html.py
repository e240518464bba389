"""Assertions about rendered HTML shared by the view tests."""

import json
from dataclasses import dataclass
from html.parser import HTMLParser

# <script> types a browser never executes: data blocks (JSON-LD, JSON). Anything else
# without src (no type, text/javascript, module) is an inline script the CSP refuses.
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
# Attributes holding a URL, where "javascript:" would be inline script too.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})


class _CspParser(HTMLParser):
    """Collects what a strict CSP (no 'unsafe-inline') would block, one line per finding."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.violations: list[str] = []

    def handle_starttag(self, tag, attrs):
        position = f"line {self.getpos()[0]}"
        for name, value in attrs:  # html.parser gives attribute names in lower case
            if name.startswith("on"):
                self.violations.append(f"{position}: <{tag} {name}=...> (event handler)")
            elif name == "style":
                self.violations.append(f"{position}: <{tag} style=...>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.violations.append(f"{position}: <{tag} {name}=javascript:...>")
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            script_type = (attributes.get("type") or "").strip().lower()
            if script_type not in DATA_SCRIPT_TYPES:
                self.violations.append(f"{position}: inline <script> without src")
        elif tag == "style":
            self.violations.append(f"{position}: <style> element")

    handle_startendtag = handle_starttag


def csp_violations(html: str) -> list[str]:
    """What in `html` the site's CSP would block: inline scripts, event-handler attributes
    (any attribute named on...), style attributes and elements, javascript: URLs."""
    parser = _CspParser()
    parser.feed(html)
    parser.close()
    return parser.violations


def assert_csp_clean(html: str):
    """The site's CSP forbids inline script and style: none may appear in a page.

    External scripts (src=) and JSON-LD data blocks, which are never executed, are allowed.
    """
    assert csp_violations(html) == []


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.hreflang: dict[str, str] = {}
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
            if attrs["rel"] == "alternate" and "hreflang" in attrs:
                self.hreflang[attrs["hreflang"]] = attrs.get("href", "")
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
    # <link rel="alternate" hreflang=...>: {hreflang: href}
    hreflang: dict[str, str]
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
        hreflang=parser.hreflang,
        json_ld=[json.loads(block) for block in parser.json_ld],
    )


# Elements with no end tag: they open no scope for a lang attribute.
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
# Where a value is no text a person reads in the page's body.
UNREAD_ELEMENTS = frozenset({"head", "script", "style", "template"})


class _LanguageParser(HTMLParser):
    """The body's text, each piece with the language it is in: the `lang` of its nearest
    element that has one (the <html> element's for the rest)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # (tag, language, unread)
        self.spoken: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang") or (self.stack[-1][1] if self.stack else "")
        unread = tag in UNREAD_ELEMENTS or bool(self.stack and self.stack[-1][2])
        # A caption the gallery's lightbox shows comes from data-title, its language
        # from data-title-lang (static/js/lightbox.js).
        if attributes.get("data-title") and not unread:
            title_language = attributes.get("data-title-lang") or language
            self.spoken.append((attributes["data-title"], title_language))
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, language, unread))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and not self.stack[-1][2] and data.strip():
            self.spoken.append((data, self.stack[-1][1]))


def spoken_languages(html: str, text: str) -> set[str]:
    """The languages a screen reader reads `text` in on the page: those of every piece of
    the body's text that holds it (its element's nearest lang attribute)."""
    parser = _LanguageParser()
    parser.feed(html)
    parser.close()
    return {language for piece, language in parser.spoken if text in piece}
