"""Reader for web archives (WARC or the older ARC, plain or gzipped) via warcio: one article per
archived page (ARC records are read as WARC ones, ``arc2warc``).

Only ``response`` records of a 2xx HTML page become articles (through the HTML reader); requests,
metadata, images, scripts, redirects and errors are skipped silently, because a crawl holds far
more of them than pages and none of them is an article.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from articles.extraction.decoding import DecodeError
from articles.extraction.formats.archive import MAX_MEMBER_BYTES
from articles.extraction.formats.dates import DateParseError, parse_date
from articles.extraction.formats.html import decode_html_bytes, read_html
from articles.extraction.types import RawArticle, ReadError

__all__ = ["read_warc"]

Record = RawArticle | ReadError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


def read_warc(data: bytes) -> Iterator[Record]:
    """Yield an article (or ReadError) per archived HTML page; a damaged or truncated archive
    gives a ReadError after the pages read before the damage."""
    position = pages = 0
    kinds: dict[str, int] = {}
    iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for rec in iterator:
            position += 1
            kinds[rec.rec_type] = kinds.get(rec.rec_type, 0) + 1
            article = _response(rec, position)
            # Read the rest of the record, so that a record cut short is noticed even when skipped.
            while rec.raw_stream.read(_CHUNK):
                pass
            missing = getattr(rec.raw_stream, "limit", 0)
            if missing > 0:
                if isinstance(article, RawArticle):
                    # The archive ends inside this page's record (a crawl cut off, a length off by
                    # a few bytes): what was read is kept, said to be incomplete, and the damage
                    # is still reported below.
                    note = f"the archive ends {missing:,} bytes before this record does: the page may be incomplete"
                    yield replace(article, warnings=(*article.warnings, note))
                    pages += 1
                raise _TruncatedError(f"record {position} is cut short")
            if article is not None:
                pages += 1
                yield article
        # warcio stops quietly at a header it cannot parse: anything left over is damage.
        consumed = getattr(iterator, "offset", len(data))
        if data[consumed:].strip(b"\r\n\x00"):
            raise _TruncatedError(f"unreadable data after record {position}")
    except (
        _TruncatedError,
        ArchiveLoadFailed,
        AttributeError,
        EOFError,
        OSError,
        ValueError,
        IndexError,
        KeyError,
        TypeError,
        zlib.error,
    ) as exc:
        # warcio's header parser fails with AttributeError on a header cut in the middle.
        reason = "a record header is incomplete" if isinstance(exc, AttributeError) else " ".join(str(exc).split())
        yield ReadError(
            error=f"the web archive is damaged or truncated ({reason}); {position} record(s) were read before it",
            position=position + 1,
        )
        return
    if not pages:
        # Saying nothing would look like success: a crawl of images or requests has no article.
        found = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "no records"
        yield ReadError(error=f"the web archive holds no HTML page with a 2xx status ({found} record(s))")


class _TruncatedError(ValueError):
    pass


def _response(rec: ArcWarcRecord, position: int) -> Record | None:
    """The article of a 2xx HTML response record (or an HTML resource record); None for every
    other record."""
    if rec.rec_type == "resource":
        # A page stored without HTTP (browser snapshots, wget's local files): the record's own type.
        content_type = (rec.rec_headers.get_header("Content-Type") or "").lower()
        if not content_type.startswith(_HTML_TYPES):
            return None
    else:
        if rec.rec_type != "response" or rec.http_headers is None:
            return None
        status = rec.http_headers.get_statuscode() or ""
        content_type = (rec.http_headers.get_header("Content-Type") or "").lower()
        if not status.startswith("2") or not content_type.startswith(_HTML_TYPES):
            return None
    # content_stream() undoes chunked transfer and gzip/deflate content encodings.
    payload = rec.content_stream().read(MAX_MEMBER_BYTES + 1)
    return _page(rec, payload, content_type, position)


def _page(rec: ArcWarcRecord, payload: bytes, content_type: str, position: int) -> Record:
    uri = (rec.rec_headers.get_header("WARC-Target-URI") or "").strip()
    record_id = rec.rec_headers.get_header("WARC-Record-ID") or None
    where = f"record {position} ({uri})" if uri else f"record {position}"
    if len(payload) > MAX_MEMBER_BYTES:
        return ReadError(error=f"{where}: the page is larger than {MAX_MEMBER_BYTES:,} bytes", position=position)
    charset = ""
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip(" \"'")
    try:
        decoded = decode_html_bytes(payload, charset)
    except DecodeError as exc:
        return ReadError(error=f"{where}: {exc}", position=position)
    result = read_html(decoded.text, url=uri)
    if isinstance(result, ReadError):
        return replace(result, error=f"{where}: {result.error}", position=position)
    warc_date_raw = rec.rec_headers.get_header("WARC-Date") or ""
    warc_date = _date(warc_date_raw)
    extra = {**result.extra, "warc_date": warc_date.isoformat() if warc_date else warc_date_raw}
    if record_id:
        extra["warc_record_id"] = record_id
    if result.url and uri and result.url != uri:
        extra["canonical_url"] = result.url
    # The crawl time is an upper bound, not the publication time: only a fallback.
    warnings = (*result.warnings, decoded.note) if decoded.note else result.warnings
    return replace(
        result, url=uri or result.url, published=result.published or warc_date, extra=extra, warnings=warnings
    )


def _date(value: str) -> datetime | None:
    try:
        return parse_date(value) if value.strip() else None
    except DateParseError:
        return None
