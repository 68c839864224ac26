"""Reader for news feeds (RSS 0.9x/2.0, Atom, RSS 1.0/RDF) via feedparser: one article per entry.

feedparser decodes the bytes itself (XML declaration, BOM, HTTP-less sniffing), tolerates broken
XML ("bozo" feeds) and normalises all dates to UTC, so the reader takes bytes, not text.

feedparser does not keep an entry's own XML, so each entry's ``original`` is a one-entry Atom
document rebuilt from the fields we read: re-reading it (``read_records(original, "x.xml")``, as
re-extraction does) gives the same article, and it is still a readable feed for a person.
"""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import feedparser

from articles.extraction.decoding import Decoded, DecodeError, decode_bytes
from articles.extraction.formats.dates import DateParseError, parse_date
from articles.extraction.formats.html import html_to_paragraphs, unescape_entities
from articles.extraction.formats.jsonl import _split_authors
from articles.extraction.types import RawArticle, ReadError

__all__ = ["read_feed"]

Record = RawArticle | ReadError

# Boilerplate feed generators append to the content: "The post X appeared first on Y." (WordPress),
# "Continue reading..." / "Read more" links.
_TRAILER = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,200}|continue reading.{0,100}|read more.{0,60}"
    r"|read the full (?:story|article).{0,60}|\[(?:…|\.\.\.)\])$",
    re.IGNORECASE,
)
# A summary longer than this is the article itself (some feeds repeat the content), not a standfirst.
_MAX_STANDFIRST = 600


def read_feed(data: bytes) -> Iterator[Record]:
    """Yield one RawArticle (or ReadError) per feed entry, in feed order. A file that is not a
    readable feed gives one ReadError."""
    try:
        decoded = _decode_feed(data)
    except DecodeError as exc:
        yield ReadError(error=f"the feed cannot be decoded: {exc}")
        return
    try:
        # feedparser gets UTF-8 and is told so: it would otherwise guess again, and read an
        # undeclared EUC-KR or KOI8-R feed as Windows-1252 mojibake without a word.
        utf8 = _XML_ENCODING.sub(r'\1"utf-8"', decoded.text, count=1).encode("utf-8")
        parsed = feedparser.parse(
            utf8,
            sanitize_html=True,
            resolve_relative_uris=True,
            response_headers={"content-type": "application/xml; charset=utf-8"},
        )
    except Exception as exc:  # noqa: BLE001 - feedparser can raise from its encoding sniffers
        yield ReadError(error=f"the feed could not be parsed: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            yield ReadError(error=f"the feed is not well-formed XML and has no readable entries ({reason})")
        else:
            yield ReadError(error="the feed has no entries")
        return
    feed = parsed.get("feed") or {}
    warnings = (decoded.note,) if decoded.note else ()
    for position, entry in enumerate(entries, start=1):
        fields = _entry_fields(entry, feed)
        article = _article(fields, _atom(fields), position)
        yield replace(article, warnings=warnings) if warnings and isinstance(article, RawArticle) else article


# The encoding in the XML declaration, in bytes (before decoding) and in text (to rewrite it).
_XML_DECL_BYTES = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def _decode_feed(data: bytes) -> Decoded:
    m = _XML_DECL_BYTES.match(data)
    return decode_bytes(data, declared=m.group(1).decode("ascii") if m else "")


def _atom(fields: dict[str, Any]) -> str:
    """A one-entry Atom feed holding exactly the fields the article is built from."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", {"xmlns": ns})
    if fields["language"]:
        feed.set("xml:lang", fields["language"])
    ET.SubElement(feed, "title").text = fields["feed_title"]
    if fields["feed_link"]:
        ET.SubElement(feed, "link", {"href": fields["feed_link"]})
    entry = ET.SubElement(feed, "entry")
    if fields["id"]:
        ET.SubElement(entry, "id").text = fields["id"]
    title_type = "html" if "html" in fields["title_type"] else "text"
    ET.SubElement(entry, "title", {"type": title_type}).text = fields["title"]
    if fields["link"]:
        ET.SubElement(entry, "link", {"rel": "alternate", "href": fields["link"]})
    for key in ("published", "updated"):
        if fields[key]:
            ET.SubElement(entry, key).text = fields[key]
    for name in fields["authors"]:
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = name
    for term in fields["categories"]:
        ET.SubElement(entry, "category", {"term": term})
    if fields["summary"]:
        ET.SubElement(entry, "summary", {"type": "html"}).text = fields["summary"]
    if fields["content"]:
        ET.SubElement(entry, "content", {"type": "html"}).text = fields["content"]
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def _entry_fields(entry: dict[str, Any], feed: dict[str, Any]) -> dict[str, Any]:
    """The entry as plain JSON-able fields: what the article is built from, and kept as original."""
    content = ""
    content_type = ""
    # Several <content> elements are possible (Atom); prefer an HTML one, then any.
    contents = [c for c in entry.get("content") or [] if isinstance(c, dict) and (c.get("value") or "").strip()]
    if contents:
        best = next((c for c in contents if "html" in (c.get("type") or "")), contents[0])
        content, content_type = best.get("value") or "", best.get("type") or ""
    authors: list[str] = []
    raw_author = dict.get(entry, "author") or ""
    if "@" in raw_author:
        # RSS <author>mail (Name)</author>: feedparser's own split cuts long domains in two
        # ("editor@courier.exam" + "ple (Ruth Black"), so we parse the raw string ourselves.
        authors.append(raw_author)
    else:
        for a in entry.get("authors") or []:
            name = (a.get("name") or "") if isinstance(a, dict) else ""
            if name.strip():
                authors.append(name.strip())
        if not authors and raw_author:
            authors.append(raw_author)
    return {
        "id": entry.get("id") or "",
        "title": entry.get("title") or "",
        "title_type": (entry.get("title_detail") or {}).get("type") or "",
        "link": _entry_link(entry),
        # dict.get: FeedParserDict.get("updated_parsed") falls back to published_parsed with a
        # DeprecationWarning; we want each date only when the entry really has it.
        "published": _entry_date(entry, "published"),
        "updated": _entry_date(entry, "updated"),
        "authors": authors,
        "summary": entry.get("summary") or "",
        "content": content,
        "content_type": content_type,
        "categories": [t.get("term") for t in entry.get("tags") or [] if isinstance(t, dict) and t.get("term")],
        "feed_title": feed.get("title") or "",
        "feed_link": feed.get("link") or "",
        "language": feed.get("language") or "",
    }


def _article(fields: dict[str, Any], original: str, position: int) -> Record:
    ext = _text(fields.get("id")).strip() or _text(fields.get("link")).strip() or None
    title = _plain(_text(fields.get("title")), html="html" in _text(fields.get("title_type")))
    content = _text(fields.get("content"))
    summary = _text(fields.get("summary"))
    paragraphs = _paragraphs(content) if content.strip() else []
    summary_paragraphs = _paragraphs(summary) if summary.strip() else []
    standfirst = ""
    if paragraphs:
        first = summary_paragraphs[0] if summary_paragraphs else ""
        candidate = " ".join(summary_paragraphs)
        # The summary is a standfirst only when it is short and not just the body's opening.
        if candidate and len(candidate) <= _MAX_STANDFIRST and not _opens(paragraphs, first):
            standfirst = candidate
    else:
        paragraphs = summary_paragraphs
    if not paragraphs and not title:
        return ReadError(error=f"entry {position}: no title and no content", external_id=ext, position=position)
    published = _date(fields.get("published")) or _date(fields.get("updated"))
    authors: list[str] = []
    for raw in fields.get("authors") or []:
        for name in _split_authors(_author_name(_text(raw))):
            if name not in authors:
                authors.append(name)
    extra: dict[str, Any] = {}
    categories = [c for c in (_plain(_text(c)) for c in fields.get("categories") or []) if c]
    if categories:
        extra["categories"] = categories
    if fields.get("feed_link"):
        extra["feed_link"] = fields["feed_link"]
    return RawArticle(
        body="\n\n".join(paragraphs),
        title=title,
        standfirst=standfirst,
        authors=tuple(authors),
        published=published,
        url=_text(fields.get("link")).strip(),
        source=_plain(_text(fields.get("feed_title"))),
        language=_language(_text(fields.get("language"))),
        external_id=ext,
        extra=extra,
        original=original,
        format="feed",
    )


def _paragraphs(value: str) -> list[str]:
    paragraphs = html_to_paragraphs(value)
    while paragraphs and _TRAILER.match(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def _opens(paragraphs: list[str], summary: str) -> bool:
    # A summary that is the first paragraph (possibly cut short with "...") is not a standfirst.
    stem = re.sub(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$", "", summary).strip().lower()
    opening = " ".join(paragraphs[:2]).lower()
    return not stem or opening.startswith(stem) or (len(stem) >= 40 and stem[:80] in opening)


def _plain(value: str, *, html: bool = False) -> str:
    # An Atom type="html" title is markup ("Hafen &amp; Stadt"); feedparser leaves it escaped.
    if html or "<" in value:
        return " ".join(html_to_paragraphs(f"<p>{value}</p>"))
    return " ".join(unescape_entities(value).split())


def _author_name(value: str) -> str:
    # RSS <author> is "jane@example.com (Jane Doe)" by the spec: the name is in brackets.
    m = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", value)
    if m:
        return m.group(1)
    return "" if re.fullmatch(r"\s*\S+@\S+\s*", value) else value


def _entry_link(entry: dict[str, Any]) -> str:
    # feedparser falls back to the id (a guid, "urn:uuid:...") when an entry has no alternate
    # link, and the import then rejects that "URL". An http(s) link only: the alternate, else
    # the entry's own "self" or any other link that is not an enclosure.
    links = [lk for lk in entry.get("links") or [] if isinstance(lk, dict) and _web(lk.get("href"))]
    for rels in (("alternate",), ("self", "related", "via"), None):
        for lk in links:
            if rels is None or (lk.get("rel") or "alternate") in rels:
                if lk.get("rel") != "enclosure":
                    return lk["href"].strip()
    link = entry.get("link") or ""
    return link.strip() if _web(link) else ""


def _web(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _entry_date(entry: dict[str, Any], key: str) -> str:
    # The feed's own string first: it keeps the publisher's offset (the one date rule keeps the
    # local day); feedparser's struct_time is UTC only, and it knows forms we do not.
    raw = dict.get(entry, key)
    if isinstance(raw, str) and raw.strip():
        try:
            return parse_date(raw).isoformat()
        except DateParseError:
            pass
    return _struct_iso(dict.get(entry, f"{key}_parsed")) or (raw if isinstance(raw, str) else "")


def _struct_iso(value: Any) -> str:
    # feedparser's *_parsed are UTC struct_times; keep them as ISO strings in the JSON original.
    if not value:
        return ""
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value)
    except DateParseError:
        return None


def _language(value: str) -> str:
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
