"""One address of the archive rendered through Django, as a file of the export.

The request goes through the whole stack in this process (Django's handler with the
site's middleware, without a socket), so the pages are the live site's pages: same views,
readers, templates, middleware and Content-Security-Policy. The request carries the
export's flag (conference.web.export_flag), which takes the server-only pieces out.

An HTML page gets its links made relative (conference.static_export.links) and its
response's CSP as a <meta> tag, which a plain server cannot send; the search page's
also allows WebAssembly, which Pagefind's search runs on, and nothing more. A redirect
becomes a small page that points at its target. Other files (feeds, calendars, exports,
slides, the sitemap) keep their bytes, with the render host's URLs at the base URL.
"""

import re
import sys
from dataclasses import dataclass, field

from django.core.handlers.base import BaseHandler
from django.core.signals import got_request_exception, request_finished
from django.db import close_old_connections
from django.test import RequestFactory

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
    """Renders addresses one after another in this process (one database connection).

    A request built as django.test.Client builds it (RequestFactory: the same WSGI
    environ, with no cookie: no page of the export sets one) goes through Django's
    handler and the site's middleware, as the client's does. Not the client itself: its
    request and response bookkeeping (signals connected and disconnected, the cookie jar,
    the response's test attributes) cost a few per cent of a talk page, 116,000 times in
    a large archive's export (docs/performance.md, "the pipeline, session 13")."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.factory = RequestFactory(HTTP_HOST=links.HOST)
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self._raised = None
        # A view's exception stops the export, as the client's raise_request_exception did,
        # rather than becoming the 500 page.
        got_request_exception.connect(self._store_exception)

    def _store_exception(self, **kwargs) -> None:
        self._raised = sys.exc_info()[1]

    def _get(self, address: str):
        request = self.factory.get(address, secure=True, **{FLAG: "1"})
        self._raised = None
        response = self.handler.get_response(request)
        if self._raised is not None:
            raised, self._raised = self._raised, None
            raise raised
        return response

    @staticmethod
    def _close(response) -> None:
        """What a WSGI server does when done: its files closed, request_finished sent;
        without closing the database connection, which the next address uses (as the
        client does)."""
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)

    def render(self, address: str) -> Rendered:
        response = self._get(address)
        try:
            return self._rendered(address, response)
        finally:
            self._close(response)

    def _rendered(self, address: str, response) -> Rendered:
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
