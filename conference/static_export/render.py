"""One address of the archive rendered through Django, as a file of the export.

The request goes through the whole stack in this process (django.test.Client: Django's
WSGI handler without a socket), so the pages are the live site's pages: same views,
readers, templates, middleware and Content-Security-Policy. The request carries the
export's flag (conference.web.export_flag), which takes the server-only pieces out.

An HTML page gets its links made relative (conference.static_export.links) and its
response's CSP as a <meta> tag, which a plain server cannot send; the search page's
also allows WebAssembly, which Pagefind's search runs on, and nothing more. A redirect
becomes a small page that points at its target. Other files (feeds, calendars, exports,
slides, the sitemap) keep their bytes, with the render host's URLs at the base URL.
"""

import re
from dataclasses import dataclass, field

from django.test import Client

from conference.static_export import links
from conference.web.export_flag import FLAG
from talks.exporters.ical import fold

SEARCH_PAGES = ("/search/", "/ru/search/")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# Pagefind compiles its WebAssembly search: CSP Level 3's keyword for exactly that.
WASM = "'wasm-unsafe-eval'"
REDIRECT = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{target}</title>'
    '<meta http-equiv="refresh" content="0; url={target}"></head>'
    '<body><p><a href="{target}">{target}</a></p></body></html>\n'
)


class RenderError(Exception):
    """An address that did not answer with a page (a broken link in the archive)."""


@dataclass
class Rendered:
    """An address's file in the export, and what it links."""

    address: str
    file: str
    body: bytes
    found: links.Found = field(default_factory=links.Found)
    # A page's <title>: what the pages that link it show of it (conference.static_export.export).
    title: str = ""


class Renderer:
    """Renders addresses one after another on one client (one database connection)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.client = Client(
            HTTP_HOST=links.HOST, raise_request_exception=True, enforce_csrf_checks=True
        )

    def render(self, address: str) -> Rendered:
        response = self.client.get(address, secure=True, **{FLAG: "1"})
        rewriter = links.Rewriter(address, self.base_url)
        file = links.file_for(address)
        if response.status_code in (301, 302, 307, 308):
            target = rewriter.url(response["Location"])
            body = REDIRECT.format(target=target).encode()
            return Rendered(address, file, body, rewriter.found)
        if response.status_code != 200:
            raise RenderError(f"{address}: HTTP {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        title = ""
        if content_type.startswith("text/html"):
            text = body.decode()
            match = TITLE.search(text)
            title = match.group(1) if match else ""
            body = self._page(text, response, rewriter).encode()
        elif content_type.startswith("text/calendar"):
            body = _calendar(body.decode(), rewriter).encode()
        elif "xml" in content_type:
            body = rewriter.xml(body.decode()).encode()
        elif content_type.startswith(("text/", "application/")) and "pdf" not in content_type:
            body = rewriter.text(body.decode()).encode()
        return Rendered(address, file, body, rewriter.found, title)

    @staticmethod
    def _page(text: str, response, rewriter: links.Rewriter) -> str:
        text = rewriter.html(text)
        header = response.get("Content-Security-Policy", "")
        if header:
            extra = WASM if rewriter.page in SEARCH_PAGES else ""
            meta = links.csp_meta(header, extra_script_src=extra)
            text = text.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  {meta}', 1)
        return text


def _calendar(text: str, rewriter: links.Rewriter) -> str:
    """An iCalendar file's URLs at the base URL: its lines unfolded first (a URL may be cut
    across a fold), folded again at 75 octets after (the base URL may be longer)."""
    lines = text.replace("\r\n ", "").split("\r\n")
    return "\r\n".join(fold(rewriter.text(line)) if line else line for line in lines)
