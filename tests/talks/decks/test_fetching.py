"""Fetching a talk's slides from its link, against a real HTTP server on loopback (allowed
by the tests' setting only; production refuses loopback): a PDF is kept and read, and a
404, an HTML page, a non-PDF, an oversize file, a redirect to a private address and a
server that never answers each leave a clear message and no file."""

import http.server
import ipaddress
import threading
import time
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command

from talks.decks.models import DeckStatus, SlideDeck
from talks.decks.services import request_fetches, upload_slides
from tests.factories import EditionFactory, TalkFactory
from tests.talks.decks.pdfs import deck, upload

pytestmark = pytest.mark.django_db

PDF = deck("fetched words")


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers from server.routes: {path: (status, headers, body)}; "/hang" never answers."""

    def do_GET(self):
        self.server.asked.append(self.path)
        if self.path == "/hang":
            time.sleep(3)
            return
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(settings):
    settings.SLIDES_FETCH_ALLOW_NETWORKS = (ipaddress.ip_network("127.0.0.1/32"),)
    settings.SLIDES_FETCH_TIMEOUT_SECONDS = 1
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.asked = []
    httpd.routes = {
        "/deck.pdf": (200, {"Content-Type": "application/pdf"}, PDF),
        "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html>slides</html>"),
        "/notes.txt": (200, {"Content-Type": "application/octet-stream"}, b"just some notes"),
        "/to-private": (302, {"Location": "http://127.0.0.2/deck.pdf"}, b""),
        "/to-deck": (302, {"Location": "/deck.pdf"}, b""),
    }
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def fetch(talk, django_capture_on_commit_callbacks, **options) -> SlideDeck:
    with django_capture_on_commit_callbacks(execute=True):
        request_fetches(talks=[talk], **options)
    return SlideDeck.objects.get(talk=talk)


def private_files() -> list[Path]:
    root = Path(storages["private"].location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("path", ["/deck.pdf", "/to-deck"])
def test_fetched_pdf_is_kept_with_its_url_and_read(
    server, path, django_capture_on_commit_callbacks
):
    talk = TalkFactory(slides_url=server.base + path)
    slide_deck = fetch(talk, django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.READY, slide_deck.message
    assert slide_deck.source_url == server.base + path
    assert slide_deck.size_bytes == len(PDF)
    assert "fetched words" in slide_deck.pages.get(number=2).text
    with slide_deck.pdf.open("rb") as kept:
        assert kept.read() == PDF


def test_fetching_again_fetches_nothing_for_a_ready_deck(
    server, django_capture_on_commit_callbacks
):
    talk = TalkFactory(slides_url=server.base + "/deck.pdf")
    fetch(talk, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        queued = request_fetches(talks=[talk])

    assert queued == 0
    assert server.asked == ["/deck.pdf"]
    assert len(private_files()) == 1


def test_uploaded_slides_are_not_replaced_by_the_link(server, django_capture_on_commit_callbacks):
    talk = TalkFactory(slides_url=server.base + "/deck.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        upload_slides(talk=talk, file=upload(deck("uploaded words")))
    slide_deck = fetch(talk, django_capture_on_commit_callbacks)

    assert server.asked == []
    assert "uploaded words" in slide_deck.pages.get(number=2).text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing.pdf", "/missing.pdf answered 404 Not Found."),
        ("/page.html", "/page.html gives a web page (text/html; charset=utf-8), not a PDF"),
        ("/notes.txt", "/notes.txt did not give a PDF: “slides.pdf” is not a PDF file."),
        ("/to-private", "redirected to http://127.0.0.2/deck.pdf: 127.0.0.2 is a loopback"),
        ("/hang", "/hang did not answer within 1 seconds."),
    ],
)
def test_failed_fetch_says_why_and_stores_nothing(
    server, path, expected, django_capture_on_commit_callbacks
):
    talk = TalkFactory(slides_url=server.base + path)
    slide_deck = fetch(talk, django_capture_on_commit_callbacks)

    assert slide_deck.status == DeckStatus.FAILED
    assert expected in slide_deck.message
    assert not slide_deck.pdf
    assert private_files() == []


def test_oversize_pdf_is_refused(server, settings, django_capture_on_commit_callbacks):
    settings.SLIDES_MAX_BYTES = 1024 * 1024
    server.routes["/huge.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" * 200_000)
    slide_deck = fetch(
        TalkFactory(slides_url=server.base + "/huge.pdf"), django_capture_on_commit_callbacks
    )

    assert slide_deck.status == DeckStatus.FAILED
    assert "is larger than 1 MB" in slide_deck.message
    assert private_files() == []


def test_loopback_is_refused_without_the_test_setting(
    server, settings, django_capture_on_commit_callbacks
):
    settings.SLIDES_FETCH_ALLOW_NETWORKS = ()
    slide_deck = fetch(
        TalkFactory(slides_url=server.base + "/deck.pdf"), django_capture_on_commit_callbacks
    )

    assert slide_deck.status == DeckStatus.FAILED
    assert "is a loopback address" in slide_deck.message
    assert server.asked == []


def test_fetch_slides_command_fetches_an_edition_once(
    server, django_capture_on_commit_callbacks, capsys
):
    edition = EditionFactory()
    talk = TalkFactory(edition=edition, slides_url=server.base + "/deck.pdf")
    TalkFactory(slides_url=server.base + "/deck.pdf")  # another edition: left alone
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_slides", edition=edition.slug)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_slides", edition=edition.slug)

    assert server.asked == ["/deck.pdf"]
    assert SlideDeck.objects.get(talk=talk).status == DeckStatus.READY
    assert SlideDeck.objects.count() == 1
    assert "fetches queued: 0; ready: 1; failed: 0." in capsys.readouterr().out
