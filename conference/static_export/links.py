"""Where each address lands in the exported folder, and every link of a page made relative.

A page's address `/x/y/` is the file `x/y/index.html`; a file's address is its own path.
An address with a query string cannot be a file: a gallery's further pages (`?page=2`)
become `x/page/2/`, a sitemap section's (`/sitemap-talks.xml?p=2`) `sitemap-talks-2.xml`.
The feeds' addresses end with a slash but are Atom, not HTML: they become
`feeds/.../index.xml`, linked by that name, so a plain server sends them as XML.

Links inside the export are written relative to the page that holds them, so the folder
works at any address (the root of a host or a folder below it). Absolute URLs Django built
with the export's own host (canonical links, alternates, og:url, the sitemap, feeds) point
at the base URL when one is given, else become addresses from the folder's root. Nothing
names the host the pages were rendered on.
"""

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape, unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings

# The host the pages are rendered on (conference.static_export.render); never a real one.
HOST = "static-export.invalid"
ORIGINS = (f"https://{HOST}", f"http://{HOST}")
# Directory addresses that answer with a feed, not a page (talks/urls.py: "feeds/...").
FEED_PREFIXES = ("/feeds/", "/ru/feeds/")
PAGE_QUERY = re.compile(r"page=([1-9][0-9]{0,5})")
# A sitemap section's further pages (django.contrib.sitemaps: ?p=N).
SITEMAP_PAGE_QUERY = re.compile(r"p=([1-9][0-9]{0,5})")
ATTRIBUTE = re.compile(
    r"""\s(href|src|srcset|action|poster|content|data-[\w-]+)=(["'])(.*?)\2""", re.S
)
# The search bundle (conference.static_export.search.BUNDLE), written by Pagefind.
BUNDLE_PREFIX = "/pagefind/"
XML_HREF = re.compile(r'href="(?:https?://' + re.escape(HOST) + r')?(/[^"]*)"')
# A sitemap's or sitemap index's address (the index names the sections' further pages).
XML_LOC = re.compile(r"<loc>(?:https?://" + re.escape(HOST) + r")?(/[^<]*)</loc>")
# Directives a <meta> CSP ignores (and browsers warn about): they need a response header.
HEADER_ONLY_DIRECTIVES = ("frame-ancestors", "report-uri", "report-to", "sandbox")


class UnsupportedAddress(ValueError):
    """An address the export cannot hold as a file (a query string other than a page's
    ?page=N or an XML file's ?p=N)."""


def file_for(address: str) -> str:
    """The file, relative to the folder, that holds `address` (a path, maybe with ?page=N,
    or ?p=N for an XML file)."""
    path, _, query = address.partition("?")
    if query and path.endswith(".xml") and (match := SITEMAP_PAGE_QUERY.fullmatch(query)):
        return f"{path.removesuffix('.xml')}-{match.group(1)}.xml".lstrip("/")
    if query:
        match = PAGE_QUERY.fullmatch(query)
        if not match or not path.endswith("/"):
            raise UnsupportedAddress(address)
        path = f"{path}page/{match.group(1)}/"
    if path.endswith("/"):
        name = "index.xml" if path.startswith(FEED_PREFIXES) else "index.html"
        return f"{path}{name}".lstrip("/")
    return path.lstrip("/")


@lru_cache(maxsize=1 << 16)
def link_path(address: str) -> str:
    """The address a link in the export uses: the file's, with a directory's index.html left
    to the server (a feed's index.xml named)."""
    target = "/" + file_for(address)
    return target.removesuffix("index.html")


def relative(target: str, page_address: str) -> str:
    """`target` (a path from the folder's root) as seen from the page at `page_address`."""
    return _relative(target, page_folder(page_address))


def page_folder(page_address: str) -> str:
    """The folder, from the export's root and ending with a slash, of the page's file."""
    return posixpath.dirname("/" + file_for(page_address)) + "/"


# Every page repeats the header's and footer's links, and a list links the same speakers
# and companies again and again: each pair is worked out once. Most pairs still are new
# (every talk page is a folder of its own), so the common case avoids posixpath.relpath,
# which makes both paths absolute and normal first (a third of a talk page's rewriting).
@lru_cache(maxsize=1 << 16)
def _relative(target: str, page_dir: str) -> str:
    if target == page_dir:
        return "./"
    if _NOT_NORMAL.search(target) or _NOT_NORMAL.search(page_dir):
        result = posixpath.relpath(target, page_dir)
    else:
        result = _plain_relpath(target, page_dir)
    return result + "/" if target.endswith("/") and not result.endswith("/") else result


# What posixpath.relpath would normalise away: "." or ".." segments, doubled slashes.
_NOT_NORMAL = re.compile(r"//|/\.\.?(?:/|$)")


def _plain_relpath(target: str, page_dir: str) -> str:
    """posixpath.relpath(target, page_dir) for absolute, normal paths."""
    to = [part for part in target.split("/") if part]
    start = [part for part in page_dir.split("/") if part]
    common = 0
    for mine, theirs in zip(to, start, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) if parts else "."


@dataclass
class Found:
    """What a page links: addresses of the archive (pages and files) and media names."""

    addresses: set[str] = field(default_factory=set)
    media: set[str] = field(default_factory=set)
    problems: set[str] = field(default_factory=set)


class Rewriter:
    """Rewrites one exported page's links; keeps what it found in .found."""

    def __init__(self, page_address: str, base_url: str):
        self.page = page_address
        self.base = base_url.rstrip("/")
        self.found = Found()
        self.folder = page_folder(page_address)
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        # Media on another host (S3) land in the folder's media/ like local media do.
        self.remote_media = ""
        self.media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
        if settings.MEDIA_URL.startswith(("http://", "https://")):
            self.remote_media, self.media_prefix = settings.MEDIA_URL, "/media/"

    def html(self, text: str) -> str:
        text = ATTRIBUTE.sub(self._attribute, text)
        return self.text(text)

    def text(self, text: str) -> str:
        """Absolute URLs of the render host (JSON-LD, the sitemap, feeds) at the base URL."""
        for origin in ORIGINS:
            text = text.replace(origin, self.base)
        return text

    def xml(self, text: str) -> str:
        """A feed's or sitemap's addresses (absolute there) at the base URL and named by their
        file (a feed's index.xml)."""
        text = XML_HREF.sub(lambda match: f'href="{self._at_base(match.group(1))}"', text)
        text = XML_LOC.sub(
            lambda match: (
                f"<loc>{escape(self._at_base(unescape(match.group(1))), quote=False)}</loc>"
            ),
            text,
        )
        return self.text(text)

    def _at_base(self, address: str) -> str:
        try:
            return self.base + link_path(address)
        except UnsupportedAddress:
            return self.base + address

    def _attribute(self, match: re.Match) -> str:
        name, quote, value = match.groups()
        raw = unescape(value)
        if name == "srcset":
            parts = [part.strip().split(None, 1) for part in raw.split(",") if part.strip()]
            new = ", ".join(" ".join([self.url(part[0]), *part[1:]]) for part in parts)
        elif name == "content" or name.startswith("data-"):
            # Only what is a URL of ours; other values (text, JSON) stay as they are.
            new = self.url(raw) if raw.startswith((*ORIGINS, "/")) else raw
        else:
            new = self.url(raw)
        if new == raw:
            return match.group(0)
        return f" {name}={quote}{escape(new, quote=True)}{quote}"

    def url(self, value: str) -> str:
        """One URL of a page: the archive's own made relative (or at the base URL when it
        was absolute), anything else unchanged."""
        absolute = value.startswith(ORIGINS)
        if absolute:
            value = "/" + value.split("/", 3)[3] if value.count("/") >= 3 else "/"
        if self.remote_media and value.startswith(self.remote_media):
            value = self.media_prefix + value[len(self.remote_media) :]
        if not value.startswith("/") or value.startswith("//"):
            return value
        address, hash_mark, fragment = value.partition("#")
        if address.startswith((self.static_prefix, BUNDLE_PREFIX)):
            target = address  # files the run writes itself, not rendered addresses
        elif address.startswith(self.media_prefix):
            name = urlsplit(address).path[len(self.media_prefix) :]
            self.found.media.add(unquote(name))
            target = self.media_prefix + name
        else:
            try:
                target = link_path(address)
            except UnsupportedAddress:
                self.found.problems.add(address)
                return value
            self.found.addresses.add(address)
        link = self.base + target if absolute and self.base else _relative(target, self.folder)
        return link + hash_mark + fragment


def csp_meta(header: str, *, extra_script_src: str = "") -> str:
    """The response's Content-Security-Policy as a <meta> tag for a plain server's pages,
    less the directives only a header can carry."""
    directives = []
    for directive in header.split(";"):
        words = directive.split()
        if not words or words[0] in HEADER_ONLY_DIRECTIVES:
            continue
        if words[0] == "script-src" and extra_script_src:
            words.append(extra_script_src)
        directives.append(" ".join(words))
    return f'<meta http-equiv="Content-Security-Policy" content="{escape("; ".join(directives))}">'
