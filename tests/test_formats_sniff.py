"""Sniffing by content (issue 12): every byte-order mark, pages that open with scripts, styles,
comments, server warnings or a doctype, ARC and WARC; entities decoded everywhere."""

from __future__ import annotations

import codecs
import gzip

import pytest

from articles.extraction.formats import read_records, sniff_container
from articles.extraction.types import RawArticle, ReadError

_PARAS = "".join(
    f"<p>Paragraph {i}: the river authority said the new weir would protect the old mill town from floods.</p>"
    for i in range(6)
)
PAGE = f"<html><head><title>Weir approved</title></head><body><article><h1>Weir approved</h1>{_PARAS}</article></body></html>"


@pytest.mark.parametrize(
    "prefix",
    [
        "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n",
        "<style>body { margin: 0 } .nav > li { float: left }</style>\n",
        "<!-- saved from url=(0041)https://news.example/2024/weir -->\n<noscript><img src=x></noscript>\n",
        "<br />\n<b>Warning</b>:  include(ads.php): Failed to open stream: No such file in <b>/var/www/a.php</b>"
        " on line <b>12</b><br />\n",
        "PHP Notice:  Undefined index: id in /srv/site/page.php on line 3\n",
        "Deprecated: Function create_function() is deprecated in /srv/x.php on line 88\n",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\n',
    ],
)
def test_pages_with_leading_noise_are_pages_not_pasted_text(prefix: str) -> None:
    [article] = list(read_records((prefix + PAGE).encode(), "saved.txt"))
    assert isinstance(article, RawArticle), article
    assert article.format == "html"
    assert article.title == "Weir approved"
    assert "<" not in article.body and "{" not in article.body


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (b"", "utf-16-le"),  # no BOM: the NUL pattern of "<" says it
        (b"", "utf-32-be"),
    ],
)
def test_feeds_and_pages_in_every_unicode_encoding(bom: bytes, encoding: str) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Río</title><item><title>Straße gesperrt</title>'
        "<description>Die Straße am Fluss bleibt bis Freitag gesperrt.</description></item></channel></rss>"
    )
    [item] = list(read_records(bom + feed.encode(encoding), "feed.xml"))
    assert isinstance(item, RawArticle), item
    assert item.title == "Straße gesperrt" and item.source == "Río"
    [page] = list(read_records(bom + PAGE.encode(encoding), "page.html"))
    assert isinstance(page, RawArticle) and page.title == "Weir approved"


def _arc(body: bytes) -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    filedesc = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n"
    head = b"filedesc://x.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(filedesc)
    rec = b"http://news.example/weir 192.0.2.1 20240301101500 text/html %d\n" % len(http)
    return head + filedesc + b"\n" + rec + http + b"\n"


@pytest.mark.parametrize("compress", [False, True])
def test_arc_files_are_read_as_web_archives(compress: bool) -> None:
    data = _arc(PAGE.encode())
    if compress:
        data = gzip.compress(data)
    assert sniff_container(data) == "warc"
    records = list(read_records(data, "crawl.arc"))
    assert [type(r).__name__ for r in records] == ["RawArticle"], records
    assert records[0].title == "Weir approved" and records[0].url == "http://news.example/weir"


def test_a_web_archive_without_pages_says_so() -> None:
    warc = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\nContent-Length: 10\r\n\r\nsoftware:x\r\n\r\n"
    [err] = list(read_records(warc, "a.warc"))
    assert isinstance(err, ReadError) and "no HTML page" in err.error and "warcinfo" in err.error


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "a.xml",
            '<rss version="2.0"><channel><title>S</title><item><title>It&amp;#8217;s open</title><description>'
            "The &amp;#8220;new&amp;#8221; bridge opened &amp;amp; traffic flowed.</description></item></channel></rss>",
            ("It\u2019s open", "The \u201cnew\u201d bridge opened & traffic flowed."),
        ),
        (
            "a.xml",
            '<rss version="2.0"><channel><title>S</title><item><title>Caf&amp;eacute; reopens</title>'
            "<description>The owner&amp;#x2019;s caf&amp;eacute; reopened.</description></item></channel></rss>",
            ("Caf\u00e9 reopens", "The owner\u2019s caf\u00e9 reopened."),
        ),
    ],
)
def test_entities_left_in_text_are_decoded(name: str, data: str, expected: tuple[str, str]) -> None:
    [item] = list(read_records(data.encode(), name))
    assert (item.title, item.body) == expected
