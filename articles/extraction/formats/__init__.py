"""Format readers: uploaded bytes in, RawArticle (or ReadError) records out.

The format is detected from the content; the file name's extension only breaks ties, because
uploads are often misnamed (a ".txt" holding JSON Lines, a ".json" holding a pasted article).
Containers (zip, WARC) and markup (HTML pages, feeds) are recognised on the raw bytes, before
decoding: feeds and pages declare their own encoding, and a zip is not text at all.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import PurePath

from articles.extraction.decoding import UNICODE_NEWLINES, DecodeError, decode_bytes
from articles.extraction.formats.archive import MAX_MEMBER_BYTES, MAX_RATIO, RATIO_MIN_BYTES, read_zip
from articles.extraction.formats.dates import apply_date_rule
from articles.extraction.formats.feed import read_feed
from articles.extraction.formats.html import decode_html_bytes, read_html
from articles.extraction.formats.jsonl import _parses, read_jsonl
from articles.extraction.formats.text import read_text
from articles.extraction.formats.warc import read_warc
from articles.extraction.normalise import normalise_article, normalise_error
from articles.extraction.types import RawArticle, ReadError

__all__ = ["detect_format", "read_records", "sniff_container"]

Record = RawArticle | ReadError

# Readers of decoded text, by format name. "feed" is read from the bytes (feedparser decodes them
# itself, by the XML declaration), zip and WARC are containers recognised in sniff_container.
_TEXT_READERS: dict[str, Callable[[str], Iterator[Record]]] = {
    "html": lambda text: iter([read_html(text)]),
    "jsonl": read_jsonl,
    "text": lambda text: iter([read_text(text)]),
}
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
_FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom", ".rdf"})
# Leading XML declarations, processing instructions, comments (e.g. "<!-- saved from url=... -->")
# and a BOM hide the first element; they are skipped before looking at it.
# Server warnings printed before the page (PHP: "<br />\n<b>Warning</b>:  include(x.php): ... in
# <b>/var/www/a.php</b> on line <b>12</b><br />") are skipped too.
_PROLOGUE = re.compile(
    r"^(?:\s+|\ufeff|<\?.*?\?>|<!--.*?-->|<!doctype\s+(?!html)[^>]*>"
    r"|(?:<br\s*/?>\s*)*(?:<b>)?(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error)"
    r"(?:</b>)?:[^\n]{0,2000}? on line (?:<b>)?\d+(?:</b>)?(?:\s*<br\s*/?>)?)*",
    re.DOTALL | re.IGNORECASE,
)
_FEED_START = re.compile(r"<(?:rss|feed|rdf:rdf|rdf|channel)\b", re.IGNORECASE)
# A page may open with a script, a style or a noscript before (or instead of) <html>: no feed does.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|base|script|style|noscript)\b", re.IGNORECASE
)
# Further in: a page's skeleton anywhere in the first 4 KB makes it a page, not pasted text.
_HTML_ANYWHERE = re.compile(r"<(?:!doctype\s+html|html[\s>]|head>|body[\s>])", re.IGNORECASE)
# In a file named .html, a fragment that opens with ordinary body markup is still a page.
_HTML_TAG = re.compile(r"<(?:p|div|article|section|h[1-6]|main|span|table)\b", re.IGNORECASE)
_SNIFF = 4096
_JSON_EXTENSIONS = frozenset({".json", ".jsonl", ".ndjson", ".jsonlines"})
# What only JSON looks like: an object opening with a key, or an array of objects/values.
_JSON_SHAPED = re.compile(r'[{]\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d|true\b|false\b|null\b)')


def detect_format(text: str, filename: str = "") -> str:
    """Name the reader for `text`: html, feed, jsonl (JSON Lines or a JSON array) or text."""
    markup = _markup_format(text[:_SNIFF], filename)
    if markup:
        return markup
    s = text.lstrip("\ufeff \t\r\n")
    if s[:1] not in ("{", "["):
        return "text"
    first_line = s.split("\n", 1)[0]
    if _parses(first_line) or _JSON_SHAPED.match(s):
        return "jsonl"
    # Starts with a brace but is not JSON-shaped ("[Updated] Title ..."): a pasted article,
    # unless the uploader said it was JSON - then report the JSON error rather than guess.
    return "jsonl" if PurePath(filename).suffix.lower() in _JSON_EXTENSIONS else "text"


def read_records(data: bytes, filename: str = "") -> Iterator[Record]:
    """Read an uploaded file of any supported format and yield its articles; a file that cannot
    be read yields one ReadError. Never raises for bad input.

    Every record leaves through the one text normaliser (articles.extraction.normalise)."""
    empty = True
    for record in _read(data, filename, in_archive=False):
        empty = False
        if isinstance(record, RawArticle):
            record = apply_date_rule(normalise_article(record))
            if not record.body and not record.title:
                # Only invisible characters: nothing is left once they are removed.
                yield ReadError(error="no article text found (no title and no paragraphs)", position=1)
                continue
            yield record
        else:
            yield normalise_error(record)
    if empty:  # e.g. "[]", a feed without items: the file gets its line too
        yield ReadError(error="no articles found in the file (it holds no records)")


def _read(data: bytes, filename: str, *, in_archive: bool, gzipped: bool = False) -> Iterator[Record]:
    container = sniff_container(data)
    if container == "zip":
        if in_archive:
            # Depth 1 only: nested archives multiply the zip-bomb limits.
            yield ReadError(error="a zip archive inside a zip archive is not read; unpack it first")
            return
        yield from read_zip(data, lambda member, name: _read(member, name, in_archive=True))
        return
    if container == "gzip" or (container == "warc" and data.startswith(b"\x1f\x8b") and not _gzip_per_record(data)):
        # A file gzipped whole ("gzip crawl.warc", "feed.xml.gz"): unpacked, within the zip limits.
        if gzipped:
            yield ReadError(error="a gzip file inside a gzip file is not read; unpack it first")
            return
        try:
            inner = gunzip(data)
        except ValueError as exc:
            yield ReadError(error=str(exc))
            return
        yield from _read(
            inner, re.sub(r"\.gz$", "", filename, flags=re.IGNORECASE), in_archive=in_archive, gzipped=True
        )
        return
    if container == "warc":
        yield from read_warc(data)
        return
    fmt = _markup_format(_head(data), filename)
    if fmt == "feed":
        yield from read_feed(data)
        return
    try:
        decoded = decode_html_bytes(data) if fmt == "html" else decode_bytes(data, unicode_newlines=False)
    except DecodeError as exc:
        yield ReadError(error=f"{filename}: {exc}" if filename else str(exc))
        return
    text = decoded.text
    fmt = fmt or _markup_format(text[:_SNIFF], filename) or detect_format(text, filename)
    if fmt != "jsonl":
        # Only JSON keeps U+2028/U+2029/U+0085 as characters (in its strings); in text they end lines.
        text = UNICODE_NEWLINES.sub("\n", text)
    if fmt == "feed":  # sniffed only once decoded (UTF-16/32 without a BOM)
        yield from read_feed(data)
        return
    warnings = (decoded.note,) if decoded.note else ()
    for record in _TEXT_READERS[fmt](text):
        if isinstance(record, RawArticle) and not record.body.strip() and not record.title.strip():
            yield ReadError(error="no article text found (no title and no paragraphs)", position=1)
            continue
        if warnings and isinstance(record, RawArticle):
            record = replace(record, warnings=(*record.warnings, *warnings))
        yield record


def sniff_container(data: bytes) -> str:
    """ "zip", "warc" (WARC or ARC), "gzip" (neither) or "" from the first bytes."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # a member, or an empty archive
        return "zip"
    if _web_archive(data[:512]):
        return "warc"
    if data.startswith(b"\x1f\x8b"):
        try:
            # Decompress only the first block: enough to see the first record's header line.
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_SNIFF], 512)
        except zlib.error:
            return "gzip"
        return "warc" if _web_archive(head) else "gzip"
    return ""


# ARC (the Internet Archive's format before WARC): a "filedesc://" version block, or records
# whose header is one line "URL IP-address 14-digit-date content-type length".
_ARC_RECORD = re.compile(rb"^\S+://\S* \S+ \d{14} \S* ?\d+\r?\n")


def _gzip_per_record(data: bytes) -> bool:
    """True when the first gzip member ends before the data does (a WARC gzipped record by record,
    which warcio reads as it is); False for a file gzipped whole."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        for start in range(0, min(len(data), 8 * 1024 * 1024), 64 * 1024):
            d.decompress(data[start : start + 64 * 1024], 1024 * 1024)
            while d.unconsumed_tail:  # output is bounded: drop it, we only look for the member's end
                d.decompress(d.unconsumed_tail, 1024 * 1024)
            if d.eof:
                return bool(d.unused_data.strip(b"\x00"))
    except zlib.error:
        return False
    return True  # the first member is longer than 8 MB: leave it to warcio


def gunzip(data: bytes) -> bytes:
    """The whole content of gzip data, at most MAX_MEMBER_BYTES and 100:1 (the zip limits)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    size = 0
    pending = data
    try:
        while True:
            chunk = d.decompress(pending, _CHUNK)  # at most _CHUNK bytes out per step
            pending = d.unconsumed_tail
            size += len(chunk)
            if size > MAX_MEMBER_BYTES or (size > RATIO_MIN_BYTES and size > MAX_RATIO * len(data)):
                raise ValueError(
                    f"zip bomb protection: the gzip file unpacks to more than {_mb(min(size, MAX_MEMBER_BYTES))} "
                    f"(or more than {MAX_RATIO} times its size) - reading stopped"
                )
            out.append(chunk)
            if d.eof and d.unused_data.strip(b"\x00"):
                # Several gzip members one after the other ("cat a.gz b.gz"): one stream.
                pending, d = d.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS)
                continue
            if d.eof or (not chunk and not pending):
                break
    except zlib.error as exc:
        raise ValueError(f"the gzip file is damaged ({exc})") from None
    if not d.eof:
        raise ValueError("the gzip file is cut short")
    return b"".join(out)


_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _web_archive(head: bytes) -> bool:
    return head.startswith((b"WARC/", b"filedesc://")) or _ARC_RECORD.match(head) is not None


def _head(data: bytes) -> str:
    """The start of the file as text, for sniffing markup (exact decoding does not matter)."""
    sample = data[:_SNIFF]
    # Every byte order mark (UTF-32 LE's begins with UTF-16 LE's: longest first), then UTF-16/32
    # without one, recognised by the NUL pattern of a leading "<" (XML 1.0, appendix F).
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                          (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be"), (b"\x00\x00\x00<", "utf-32-be"),
                          (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<\x00", "utf-16-be"),
                          (b"<\x00", "utf-16-le")):  # fmt: skip
        if sample.startswith(bom):
            start = len(bom) if bom.startswith((codecs.BOM_UTF8, b"\xff", b"\xfe", b"\x00\x00\xfe")) else 0
            usable = sample[start:]
            width = 4 if "32" in encoding else 2 if "16" in encoding else 1
            return usable[: len(usable) // width * width].decode(encoding, errors="ignore")
    return sample.decode("latin-1")


def _markup_format(head: str, filename: str) -> str:
    """ "feed" or "html" when the text opens like one, else "" (the text/jsonl rules decide)."""
    s = _PROLOGUE.sub("", head.lstrip("\ufeff"), count=1)
    if not s.startswith("<"):
        # Text before the markup (a server's plain-text warning, a stray line): still a page.
        return "html" if _HTML_ANYWHERE.search(s) else ""
    if _FEED_START.match(s):
        return "feed"
    if _HTML_START.match(s):
        return "html"
    suffix = PurePath(filename).suffix.lower()
    if suffix in _HTML_EXTENSIONS and _HTML_TAG.search(s):
        return "html"
    if suffix in _FEED_EXTENSIONS or head.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        # Some other XML document: the feed reader says clearly that it has no entries.
        return "feed"
    return "html" if _HTML_TAG.match(s) else ""
