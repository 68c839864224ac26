"""Reader for a saved news web page (HTML): main text and metadata via trafilatura.

trafilatura finds the main content block (dropping navigation, share rows, related links and,
with ``include_comments=False``, reader comments) and the usual metadata. What it does not give
us precisely enough we read from the page ourselves, in one lxml pass over ``<head>`` and the
JSON-LD blocks: the publication *time* (htmldate returns a day only), the section, ``<html lang>``.

``html_to_paragraphs`` (an HTML fragment -> text paragraphs) is shared with the feed reader.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from articles.extraction.decoding import Decoded, decode_bytes
from articles.extraction.formats.dates import DateParseError, parse_date
from articles.extraction.formats.jsonl import _split_authors
from articles.extraction.formats.text import parse_dateline
from articles.extraction.types import RawArticle, ReadError

__all__ = ["decode_html", "decode_html_bytes", "html_to_paragraphs", "read_html", "unescape_entities"]

# Meta tags naming the page's section, most specific first.
_SECTION_META = ("article:section", "og:section", "parsely-section", "section", "sailthru.section", "dc.subject")
# Meta tags with the publication time; these usually carry a time and offset, unlike htmldate's day.
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
# Block-level elements: each starts a new paragraph when flattening a fragment to text.
_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre section article header footer aside table tr "
    "dl dt dd figure figcaption address hr main nav form fieldset details summary".split()
)
# Never text: scripts, styles, embedded media and forms.
_DROP = frozenset("script style noscript template iframe object embed video audio svg canvas button form".split())
# trafilatura's output tree: these elements are paragraphs; lists and tables hold several.
_XML_MULTI = frozenset({"list", "table"})
_SPACE = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def read_html(text: str, *, url: str = "") -> RawArticle | ReadError:
    """Read one web page. ``url`` (where the page was fetched from) is used when the page names
    no canonical URL. A page without extractable text gives a ReadError."""
    try:
        # Precision first: a "Most read" list in the body is worse than a missed paragraph. But on
        # some layouts precision keeps only a reprint notice or a date line: when it leaves less
        # than a short article, the recall setting is tried too and the longer body wins.
        doc = _extract(text, url, precision=True)
        head = _head_metadata(text)
        title = _clean(getattr(doc, "title", None) or head.get("title", "")) if doc else head.get("title", "")
        paragraphs = _body_paragraphs(doc.body if doc is not None else None, title)
        if sum(len(p) for p in paragraphs) < _SHORT_BODY:
            doc2 = _extract(text, url, precision=False)
            paragraphs2 = _body_paragraphs(doc2.body if doc2 is not None else None, title)
            size2 = sum(len(p) for p in paragraphs2)
            # (recall also finds a cookie banner on a page without an article: not a body)
            if size2 > sum(len(p) for p in paragraphs) and size2 >= _MIN_RECALL_BODY:
                doc, paragraphs = doc2, paragraphs2
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml raise many types on broken markup
        return ReadError(error=f"the HTML page could not be parsed: {exc}", position=1)
    if not paragraphs:
        return ReadError(error="no article text found in the HTML page (only navigation, links or scripts)", position=1)

    extra: dict[str, Any] = {}
    dateline = ""
    parsed_dl = parse_dateline(paragraphs[0])
    if parsed_dl:
        # Same convention as the text reader: the place goes to `dateline`, the agency to extra.
        dateline, rest, agency = parsed_dl
        paragraphs[0] = rest.strip()
        if agency:
            extra["agency"] = agency

    published = head.get("published") or _trafilatura_date(getattr(doc, "date", None))
    standfirst = _standfirst(_clean(doc.description or ""), title, paragraphs)
    section = head.get("section") or next((_clean(c) for c in (doc.categories or []) if _clean(c)), "")
    tags = [t for t in (doc.tags or []) if t]
    if tags:
        extra["tags"] = tags
    authors: list[str] = []
    for name in _split_authors(doc.author or ""):
        if name not in authors:
            authors.append(name)
    return RawArticle(
        body="\n\n".join(paragraphs),
        title=title,
        standfirst=standfirst,
        section=section,
        authors=tuple(authors),
        dateline=dateline,
        published=published,
        url=(doc.url or "").strip() or url,
        source=_clean(doc.sitename or ""),
        language=head.get("language", ""),
        extra=extra,
        original=text,
        format="html",
    )


# Characters of body text below which the precision setting may have cut the article to a stub.
_SHORT_BODY = 500
_MIN_RECALL_BODY = 100


def _extract(text: str, url: str, *, precision: bool):
    return trafilatura.bare_extraction(
        text,
        url=url or None,
        with_metadata=True,
        include_comments=False,  # reader comments are never the article
        include_tables=True,  # pages laid out with tables keep their text there; widgets are filtered below
        include_images=False,
        include_links=False,
        favor_precision=precision,
        favor_recall=not precision,
        deduplicate=False,
    )


def decode_html(data: bytes, charset: str = "") -> str:
    """Bytes of a page -> text (see ``decode_html_bytes``). Raises DecodeError."""
    return decode_html_bytes(data, charset).text


def decode_html_bytes(data: bytes, charset: str = "") -> Decoded:
    """Bytes of a page -> text and what was guessed. The charset declared by HTTP or by
    ``<meta charset>`` is used unless the bytes contradict it; without one, the project's
    decoder (BOMs, UTF-8, repaired UTF-8, Windows-1252, detection) decides. Raises DecodeError."""
    return decode_bytes(data, declared=charset.strip() or _meta_charset(data))


def html_to_paragraphs(fragment: str) -> list[str]:
    """Text paragraphs of an HTML fragment (feed content, a description): one per block element
    or ``<br><br>``, whitespace collapsed, scripts and embeds dropped."""
    if "<" not in fragment:
        # Plain text (or text with entities already decoded): blank lines separate paragraphs.
        return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", fragment)) if p]
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", fragment)) if p]
    parts: list[str] = [root.text or ""]
    _flatten(root, parts)
    text = "".join(parts)
    return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", text)) if p]


def _flatten(el: etree._Element, out: list[str]) -> None:
    # Walk the tree once, writing text and "\n\n" at block boundaries.
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _DROP or not tag:
            # Comments and processing instructions have non-string tags; their tail is text.
            if child.tail:
                out.append(child.tail)
            continue
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCKS:
            out.append("\n\n")
        if child.text:
            out.append(child.text)
        _flatten(child, out)
        if tag in _BLOCKS:
            out.append("\n\n")
        if child.tail:
            out.append(child.tail)


def _body_paragraphs(body: etree._Element | None, title: str) -> list[str]:
    if body is None:
        return []
    paragraphs: list[str] = []
    for el in body:
        if el.tag == "table":
            texts = _table_paragraphs(el)
        elif el.tag in _XML_MULTI:
            texts = [_clean("".join(item.itertext())) for item in el.iter("item")]
        else:
            texts = [_clean("".join(el.itertext()))]
        # Text right after an element (trafilatura leaves "<head>Costs</head>The rebuild ..."
        # text after a subheading as its tail) is the article's too.
        if el.tail and el.tail.strip():
            texts.append(_clean(el.tail))
        paragraphs.extend(t for t in texts if t)
    # trafilatura keeps the page's <h1> as the first "head": it is the title, not body text.
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs.pop(0)
    return paragraphs


def _table_paragraphs(table: etree._Element) -> list[str]:
    """A data table gives one line per row ("2025 | 1.5 million"); a layout table, whose cells
    hold prose, gives its cells as paragraphs."""
    out: list[str] = []
    for row in table.iter("row"):
        cells = [c for c in (_clean("".join(cell.itertext())) for cell in row.iter("cell")) if c]
        if any(len(c) > 120 for c in cells):
            out.extend(cells)
        elif cells:
            out.append(" | ".join(cells))
    return out


def _head_metadata(text: str) -> dict[str, Any]:
    """Language, section, precise publication time and a fallback title from the page head."""
    out: dict[str, Any] = {}
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (etree.ParserError, ValueError):
        return out
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = _clean(meta.get("content") or "")
        if key and value and key not in metas:
            metas[key] = value
        if (meta.get("http-equiv") or "").lower() == "content-language" and value and not lang:
            lang = value
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"]
    out["language"] = _language(lang)
    ld = list(_json_ld(root))
    section = next((metas[k] for k in _SECTION_META if metas.get(k)), "")
    out["section"] = section or _ld_section(ld)
    for value in [*(metas.get(k, "") for k in _DATE_META), *_ld_values(ld, "datePublished"), *_time_tags(root)]:
        published = _parse(value)
        if published:
            out["published"] = published
            break
    title = root.find(".//title")
    if title is not None and title.text:
        out["title"] = _clean(title.text)
    return out


def _json_ld(root: lxml.html.HtmlElement) -> Iterable[dict[str, Any]]:
    # Every object in every JSON-LD block, flattening lists and @graph containers.
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # a block nested too deeply is skipped, not the page
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _ld_values(objs: list[dict[str, Any]], key: str) -> list[str]:
    return [o[key] for o in objs if isinstance(o.get(key), str)]


def _ld_section(objs: list[dict[str, Any]]) -> str:
    for value in _ld_values(objs, "articleSection"):
        if _clean(value):
            return _clean(value)
    for o in objs:
        if o.get("articleSection") and isinstance(o["articleSection"], list):
            first = next((s for s in o["articleSection"] if isinstance(s, str) and s.strip()), "")
            if first:
                return _clean(first)
    # A BreadcrumbList "Home > News > Business > <this article>": the deepest crumb that is
    # neither the home page nor the article itself (the last crumb usually is the article).
    for o in objs:
        if o.get("@type") != "BreadcrumbList" or not isinstance(o.get("itemListElement"), list):
            continue
        crumbs = [c for c in o["itemListElement"] if isinstance(c, dict)]
        crumbs.sort(key=lambda c: c.get("position") if isinstance(c.get("position"), int) else 0)
        names = []
        for c in crumbs:
            item = c.get("item")
            name = c.get("name") or (item.get("name") if isinstance(item, dict) else None)
            if isinstance(name, str) and _clean(name):
                names.append(_clean(name))
        if len(names) >= 3:
            names = names[:-1]  # the article's own crumb
        names = [n for n in names if n.lower() not in ("home", "homepage", "home page", "start")]
        if names:
            return names[-1]
    return ""


def _time_tags(root: lxml.html.HtmlElement) -> list[str]:
    # <time datetime> elements marked as the publication time, then the first one on the page.
    marked, other = [], []
    for t in root.iter("time"):
        value = t.get("datetime") or ""
        if not value:
            continue
        hint = " ".join((t.get("itemprop") or "", t.get("class") or "", t.get("pubdate") or "")).lower()
        (marked if ("publish" in hint or "pubdate" in hint or t.get("pubdate") is not None) else other).append(value)
    return marked + other[:1]


def _parse(value: str) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return parse_date(value)
    except DateParseError:
        return None


def _trafilatura_date(value: str | None) -> datetime | None:
    # htmldate returns "YYYY-MM-DD": midnight UTC of that day.
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def _standfirst(description: str, title: str, paragraphs: list[str]) -> str:
    """The page description as standfirst, unless it merely repeats the title or the opening."""
    if not description or _same(description, title):
        return ""
    stem = _ELLIPSIS.sub("", description).strip().lower()
    opening = " ".join(paragraphs[:2]).lower()
    if not stem or opening.startswith(stem) or stem.startswith(paragraphs[0].lower()):
        return ""
    # Some CMSs cut the first paragraph at a word boundary (and drop the dateline).
    if len(stem) >= 40 and stem[:80] in opening:
        return ""
    return description


def _meta_charset(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else ""


def _language(value: str) -> str:
    # "en-GB" / "en_GB" -> "en": the archive stores primary language subtags.
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def _same(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().lower() == _SPACE.sub(" ", b).strip().lower()


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", _SPACE.sub(" ", unescape_entities(value)).strip())


# A character reference left over after parsing: escaped twice by a CMS ("&amp;#8220;" in a
# feed) or written into a text field. "&#8220;" is never meant literally in news text.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(value: str) -> str:
    """``value`` with the character references that survived parsing decoded."""
    if "&" not in value:
        return value
    return _ENTITY.sub(lambda m: html.unescape(m.group()), value)
