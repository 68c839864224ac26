"""ZIP archives (with zip-bomb limits) and WARC web archives."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articles.extraction.formats import archive, read_records
from articles.extraction.types import RawArticle, ReadError

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="Crawl Times">{date}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>Officials confirmed on Monday that the new water treatment plant had started operating after years of delay.</p>
<p>The plant will serve about 200,000 households in the northern districts, the city said in a statement.</p>
</article><aside><h3>Most read</h3><ul><li><a href="/x">Unrelated headline about celebrities</a></li></ul></aside>
</body></html>"""
DATE_META = '<meta property="article:published_time" content="2024-05-01T08:00:00Z">'
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Zip Feed</title>
<item><title>Feed story</title><link>https://z.example/1</link><description>A story from a feed in a zip.</description></item>
</channel></rss>"""
TEXT = (
    b"Town hall to close for repairs\n\nThe town hall will close for three weeks in June, the mayor said on Friday.\n"
)
JSONL = json.dumps({"id": "j1", "title": "From JSON", "body": "A body from a JSON Lines file."}).encode() + b"\n"


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, content in members.items():
            if name.endswith("/"):
                zf.mkdir(name.rstrip("/"))
            else:
                zf.writestr(name, content)
    return buf.getvalue()


def _forge_size(data: bytes, size: int) -> bytes:
    """Rewrite the declared uncompressed size of every member (local and central headers)."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x03\x04", at)) >= 0:
        struct.pack_into("<I", out, at + 22, size)
        at += 4
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        struct.pack_into("<I", out, at + 24, size)
        at += 4
    return bytes(out)


def _kinds(records: list) -> list[str]:
    return [type(r).__name__ for r in records]


def test_zip_of_every_format() -> None:
    data = _zip(
        {
            "batch/": b"",
            "batch/page.html": PAGE.format(title="Water plant opens", date=DATE_META).encode(),
            "batch/feed.xml": FEED,
            "batch/story.txt": TEXT,
            "batch/items.jsonl": JSONL,
            "__MACOSX/batch/._page.html": b"\x00\x05\x16\x07junk",
            "batch/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    records = list(read_records(data, "upload.zip"))
    assert all(isinstance(r, RawArticle) for r in records), records
    by_member = {r.extra["archive_member"]: r for r in records}
    assert set(by_member) == {"batch/page.html", "batch/feed.xml", "batch/story.txt", "batch/items.jsonl"}
    assert by_member["batch/page.html"].format == "html"
    assert by_member["batch/feed.xml"].source == "Zip Feed"
    assert by_member["batch/story.txt"].format == "text"
    assert by_member["batch/items.jsonl"].external_id == "j1"


@pytest.mark.parametrize(
    ("data", "setting", "message"),
    [
        # a member declaring 1 GB: refused from the central directory, nothing decompressed
        (_forge_size(_zip({"bomb.txt": b"0" * 1000}), 1 << 30), None, "unpacks to 1,024.0 MB"),
        # 2 MB of zeros compress about 1000:1
        (_zip({"zeros.txt": b"\0" * (2 << 20)}), None, "compressed"),
        # total of the members over the (lowered) archive limit
        (_zip({"a.txt": TEXT * 20, "b.txt": TEXT * 20}), ("MAX_TOTAL_BYTES", 3000), "the archive unpacks to"),
        # more entries than allowed, counted from the end-of-central-directory record
        (_zip({f"{i}.txt": TEXT for i in range(6)}), ("MAX_ENTRIES", 5), "6 entries"),
    ],
)
def test_zip_limits_refuse_whole_archive(
    data: bytes, setting: tuple[str, int] | None, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if setting:
        monkeypatch.setattr(archive, *setting)
    records = list(read_records(data, "upload.zip"))
    assert _kinds(records) == ["ReadError"]
    assert message in records[0].error


def test_zip_member_larger_than_declared_is_not_read() -> None:
    # the central directory says 10 bytes; decompression must stop there, not trust the stream
    data = _forge_size(_zip({"story.txt": TEXT}), 10)
    records = list(read_records(data, "upload.zip"))
    assert _kinds(records) == ["ReadError"]
    assert "story.txt" in records[0].error


@pytest.mark.parametrize(
    ("data", "kinds", "message"),
    [
        # a zip inside the zip: an error for that member, the other member is read
        (_zip({"inner.zip": _zip({"a.txt": TEXT}), "b.txt": TEXT}), ["ReadError", "RawArticle"], "inside a zip"),
        # only folders and hidden files
        (_zip({"dir/": b"", ".hidden": TEXT}), ["ReadError"], "no files to read"),
        # cut in half: the central directory is gone
        (_zip({"a.txt": TEXT * 50})[:200], ["ReadError"], "damaged"),
        # a member in an unreadable format: error names the member
        (_zip({"photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}), ["ReadError"], "photo.png: "),
    ],
)
def test_zip_member_errors(data: bytes, kinds: list[str], message: str) -> None:
    records = list(read_records(data, "upload.zip"))
    assert _kinds(records) == kinds
    assert any(message in r.error for r in records if isinstance(r, ReadError))


# --- WARC -----------------------------------------------------------------------------------


def _warc(*, gzip: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)

    def response(uri: str, status: str, content_type: str, body: bytes, date: str) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(rec)

    request = writer.create_warc_record(
        "https://crawl.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"), length=19
    )
    writer.write_record(request)
    dated = PAGE.format(title="Water plant opens", date=DATE_META).encode()
    undated = PAGE.format(title="Second plant planned", date="").encode("cp1252")
    response("https://crawl.example/a", "200 OK", "text/html; charset=utf-8", dated, "2024-06-01T00:00:00Z")
    response("https://crawl.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n", "2024-06-01T00:00:01Z")
    response("https://crawl.example/gone", "404 Not Found", "text/html", dated, "2024-06-01T00:00:02Z")
    response("https://crawl.example/b", "200 OK", "text/html; charset=windows-1252", undated, "2024-06-02T12:00:00Z")
    return buf.getvalue()


@pytest.mark.parametrize("gzip", [False, True])  # plain .warc and .warc.gz
def test_warc_pages(gzip: bool) -> None:
    records = list(read_records(_warc(gzip=gzip), "crawl.warc.gz" if gzip else "crawl.warc"))
    # request, image and 404 records are skipped silently
    assert _kinds(records) == ["RawArticle", "RawArticle"]
    first, second = records
    assert first.url == "https://crawl.example/a"
    assert first.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)  # the page's own date wins
    assert first.extra["warc_date"] == "2024-06-01T00:00:00+00:00"
    assert "Most read" not in first.body and "water treatment plant" in first.body
    assert second.published == datetime(2024, 6, 2, 12, 0, tzinfo=UTC)  # no page date: the crawl date
    assert second.title == "Second plant planned"


@pytest.mark.parametrize(
    ("gzip", "cut"),
    [
        (False, 40),  # plain WARC cut inside the last record's payload
        (True, 40),  # gzipped WARC cut inside the last member
        (False, 900),  # plain WARC cut in the middle of a record header
    ],
)
def test_truncated_warc_reports_after_pages_read(gzip: bool, cut: int) -> None:
    data = _warc(gzip=gzip)
    records = list(read_records(data[:-cut], "crawl.warc"))
    assert isinstance(records[-1], ReadError)
    assert "damaged or truncated" in records[-1].error
    assert all(isinstance(r, RawArticle) for r in records[:-1])
    if cut == 40:  # the page cut short is kept (said to be incomplete), not lost
        assert len(records) == 3 and "incomplete" in records[-2].warnings[-1]


def test_warc_inside_zip() -> None:
    records = list(read_records(_zip({"crawl.warc.gz": _warc(gzip=True)}), "crawls.zip"))
    assert _kinds(records) == ["RawArticle", "RawArticle"]
    assert records[0].extra["archive_member"] == "crawl.warc.gz"


def test_gzip_of_anything_is_unpacked_and_read() -> None:
    import gzip

    (article,) = read_records(gzip.compress(TEXT), "story.txt.gz")
    assert isinstance(article, RawArticle) and article.format == "text"
    (error,) = read_records(gzip.compress(gzip.compress(TEXT)), "story.txt.gz.gz")
    assert isinstance(error, ReadError) and "gzip file inside a gzip file" in error.error
    (error,) = read_records(gzip.compress(TEXT)[:-12], "cut.gz")
    assert isinstance(error, ReadError) and "cut short" in error.error


def test_gzip_bomb_is_refused() -> None:
    import gzip

    (error,) = read_records(gzip.compress(b" " * (60 * 1024 * 1024)), "bomb.txt.gz")
    assert isinstance(error, ReadError) and "zip bomb protection" in error.error
