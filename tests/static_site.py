"""An exported folder served by Python's plain static server on loopback, and a crawler
that follows every link of its pages as a visitor's browser would."""

import re
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urljoin, urlsplit

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serving(folder):
    """http://127.0.0.1:PORT/ serving `folder`, in a thread, stopped afterwards."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Links(HTMLParser):
    """Every URL an HTML page makes the browser fetch or lets a visitor follow."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "action"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())


@dataclass
class Crawl:
    """What a crawl fetched: each URL's body, and the links that failed with where from."""

    bodies: dict[str, bytes] = field(default_factory=dict)
    broken: list[tuple[str, str, str]] = field(default_factory=list)

    def pages(self) -> list[str]:
        return [url for url, body in self.bodies.items() if body.lstrip().startswith(b"<!DOCTYPE")]


def crawl(base: str, starts: list[str]) -> Crawl:
    """Fetch `starts` and every URL on `base`'s host their pages and stylesheets name."""
    host = urlsplit(base).netloc
    result = Crawl()
    queue = [(urljoin(base, start), "start") for start in starts]
    seen = {url for url, _ in queue}
    while queue:
        url, source = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 -- loopback
                body = response.read()
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            result.broken.append((url, source, str(error.code)))
            continue
        result.bodies[url] = body
        if "html" in content_type:
            parser = _Links()
            parser.feed(body.decode())
            found = parser.urls
        elif "css" in content_type:
            found = CSS_URL.findall(body.decode())
        else:
            continue
        for link in found:
            target = urldefrag(urljoin(url, link)).url
            ours = urlsplit(target).netloc == host and urlsplit(target).scheme == "http"
            if ours and target not in seen:
                seen.add(target)
                queue.append((target, url))
    return result
