"""fetch_url against a local HTTP server: feed, redirects, limits, timeouts and the SSRF guard."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.extraction.formats import read_records
from articles.extraction.formats.fetch import FetchError, fetch_url
from articles.extraction.types import RawArticle

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Feed</title>
<item><title>Served locally</title><link>https://local.example/1</link>
<description>A story served by the test server.</description></item></channel></rss>"""

# Our own texts, served in a legacy encoding that only the HTTP header names.
RUSSIAN_TITLE = "Паром снова ходит на остров"
RUSSIAN_FEED = (
    '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Северный вестник</title>'
    f"<item><title>{RUSSIAN_TITLE}</title><link>https://local.example/ru/1</link>"
    "<description>После шторма паромная переправа на остров снова работает по расписанию.</description>"
    "</item></channel></rss>"
)
POLISH_TITLE = "Łódź buduje nowy most nad torami"
POLISH_PAGE = (
    f"<html><head><title>{POLISH_TITLE}</title></head><body><article><h1>{POLISH_TITLE}</h1>"
    + "".join(
        f"<p>Rada miasta zatwierdziła budowę mostu; prace ruszą wiosną, a koszt wyniesie {n} mln złotych."
        " Mieszkańcy dzielnicy Bałuty czekają na tę przeprawę od dawna.</p>"
        for n in range(40, 44)
    )
    + "</article></body></html>"
)
# Served by the handler as (body, Content-Type).
CHARSET_PAGES = {
    "/ru-feed.xml": (RUSSIAN_FEED.encode("koi8-r"), "application/rss+xml; charset=KOI8-R"),
    "/pl-page.html": (POLISH_PAGE.encode("iso-8859-2"), 'text/html; charset="iso-8859-2"'),
    # A server that re-encoded its pages to UTF-8 but kept the old label: the bytes win, as in a WARC.
    "/pl-relabelled.html": (POLISH_PAGE.encode("utf-8"), "text/html; charset=iso-8859-2"),
    "/pl-unlabelled.html": (POLISH_PAGE.encode("utf-8"), "text/html"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/moved":
            self._redirect("/feed.xml")
        elif self.path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif self.path == "/big-undeclared":
            # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 1000)
            self.close_connection = True
        elif self.path in CHARSET_PAGES:
            self._send(200, *CHARSET_PAGES[self.path])
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, FEED, "application/rss+xml")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_feed_and_read_it(server: str) -> None:
    data, final = fetch_url(f"{server}/feed.xml", allow_private=True)
    assert final == f"{server}/feed.xml"
    (article,) = read_records(data, "feed.xml")
    assert isinstance(article, RawArticle)
    assert article.source == "Local Feed"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/ru-feed.xml", RUSSIAN_TITLE),  # the header's KOI8-R wins over the feed's stale windows-1252
        ("/pl-page.html", POLISH_TITLE),  # ISO-8859-2 named only by the header (detection would guess)
        ("/pl-relabelled.html", POLISH_TITLE),  # UTF-8 under a legacy label stays UTF-8
        ("/pl-unlabelled.html", POLISH_TITLE),  # no charset: the bytes as they came
    ],
)
def test_fetch_honours_the_http_charset(server: str, path: str, title: str) -> None:
    data, final = fetch_url(f"{server}{path}", allow_private=True)
    [article] = list(read_records(data, final))
    assert isinstance(article, RawArticle), article
    assert article.title == title
    if path == "/pl-page.html":
        assert "Mieszkańcy dzielnicy Bałuty" in article.body and not article.warnings


def test_fetch_leaves_undeclared_bodies_alone(server: str) -> None:
    data, _ = fetch_url(f"{server}/pl-unlabelled.html", allow_private=True)
    assert data == CHARSET_PAGES["/pl-unlabelled.html"][0]


def test_fetch_follows_redirect(server: str) -> None:
    data, final = fetch_url(f"{server}/moved", allow_private=True)
    assert final == f"{server}/feed.xml"
    assert data == FEED


@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("/big", {"max_bytes": 1000}, "the limit is 1,000"),  # declared Content-Length too large
        ("/big-undeclared", {"max_bytes": 10_000}, "larger than the limit"),  # streamed past the limit
        ("/slow", {"timeout": 1}, "within 1 seconds"),  # server answers too late
        ("/missing", {}, "HTTP 404"),  # error status
        ("/to-file", {}, "file:"),  # redirect to a refused scheme
        ("/loop", {}, "redirect"),  # endless redirects
    ],
)
def test_fetch_failures(server: str, path: str, kwargs: dict, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_url(f"{server}{path}", allow_private=True, **kwargs)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "not file:"),  # local files
        ("ftp://ftp.example/feed.xml", "not ftp:"),  # other protocols
        ("data:text/plain,hello", "not data:"),  # inline data
        ("feed.example/rss", "no scheme"),  # no scheme at all
        ("http:///rss", "no host name"),  # no host
    ],
)
def test_fetch_refused_urls(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_url(url)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",  # loopback
        "localhost",  # loopback by name (resolved before connecting)
        "10.1.2.3",  # private network
        "169.254.169.254",  # link-local: cloud metadata endpoint
        "[::1]",  # IPv6 loopback
        "0.0.0.0",  # unspecified
    ],
)
def test_fetch_refuses_private_addresses(host: str) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        fetch_url(f"http://{host}:9/feed.xml", timeout=2)
