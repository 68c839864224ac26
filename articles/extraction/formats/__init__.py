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
from pathlib import PurePath

from articles.extraction.decoding import UNICODE_NEWLINES, DecodeError, decode
from articles.extraction.formats.archive import read_zip
from articles.extraction.formats.dates import apply_date_rule
from articles.extraction.formats.feed import read_feed
from articles.extraction.formats.html import decode_html, read_html
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
_PROLOGUE = re.compile(r"^(?:\s+|\ufeff|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_FEED_START = re.compile(r"<(?:rss|feed|rdf:rdf|rdf)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|link|base)\b", re.IGNORECASE)
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
    for record in _read(data, filename, in_archive=False):
        if isinstance(record, RawArticle):
            record = apply_date_rule(normalise_article(record))
            if not record.body and not record.title:
                # Only invisible characters: nothing is left once they are removed.
                yield ReadError(error="no article text found (no title and no paragraphs)", position=1)
                continue
            yield record
        else:
            yield normalise_error(record)


def _read(data: bytes, filename: str, *, in_archive: bool) -> Iterator[Record]:
    container = sniff_container(data)
    if container == "zip":
        if in_archive:
            # Depth 1 only: nested archives multiply the zip-bomb limits.
            yield ReadError(error="a zip archive inside a zip archive is not read; unpack it first")
            return
        yield from read_zip(data, lambda member, name: _read(member, name, in_archive=True))
        return
    if container == "warc":
        yield from read_warc(data)
        return
    if container == "gzip":
        yield ReadError(error="a gzip-compressed file that is not a web archive (WARC); upload it as a zip instead")
        return
    fmt = _markup_format(_head(data), filename)
    if fmt == "feed":
        yield from read_feed(data)
        return
    try:
        text = decode_html(data) if fmt == "html" else decode(data, unicode_newlines=False)
    except DecodeError as exc:
        yield ReadError(error=f"{filename}: {exc}" if filename else str(exc))
        return
    fmt = fmt or detect_format(text, filename)
    if fmt != "jsonl":
        # Only JSON keeps U+2028/U+2029/U+0085 as characters (in its strings); in text they end lines.
        text = UNICODE_NEWLINES.sub("\n", text)
    for record in _TEXT_READERS[fmt](text):
        if isinstance(record, RawArticle) and not record.body.strip() and not record.title.strip():
            yield ReadError(error="no article text found (no title and no paragraphs)", position=1)
            continue
        yield record


def sniff_container(data: bytes) -> str:
    """ "zip", "warc", "gzip" (not a WARC) or "" from the first bytes."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # a member, or an empty archive
        return "zip"
    if data.startswith(b"WARC/"):
        return "warc"
    if data.startswith(b"\x1f\x8b"):
        try:
            # Decompress only the first block: enough to see the first record's "WARC/1.x".
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_SNIFF], 64)
        except zlib.error:
            return "gzip"
        return "warc" if head.startswith(b"WARC/") else "gzip"
    return ""


def _head(data: bytes) -> str:
    """The start of the file as text, for sniffing markup (exact decoding does not matter)."""
    sample = data[:_SNIFF]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if sample.startswith(bom):
            return sample[len(bom) :].decode(encoding, errors="ignore")
    return sample.decode("latin-1")


def _markup_format(head: str, filename: str) -> str:
    """ "feed" or "html" when the text opens like one, else "" (the text/jsonl rules decide)."""
    s = _PROLOGUE.sub("", head.lstrip("\ufeff"), count=1)
    if not s.startswith("<"):
        return ""
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
