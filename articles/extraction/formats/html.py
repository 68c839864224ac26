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
from articles.extraction.formats.text import _classify as classify_line
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
        root = _document(text)
        head = _head_metadata(root)
        title = _clean(getattr(doc, "title", None) or head.get("title", "")) if doc else head.get("title", "")
        paragraphs = _clean_body(_body_paragraphs(doc.body if doc is not None else None, title), title, root)
        if sum(len(p) for p in paragraphs) < _SHORT_BODY:
            doc2 = _extract(text, url, precision=False)
            paragraphs2 = _clean_body(_body_paragraphs(doc2.body if doc2 is not None else None, title), title, root)
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
    hold prose, gives its cells' lines as paragraphs, from the first line that reads as prose to
    the last (a cell of menu entries or headlines has none: it is the page's furniture)."""
    out: list[str] = []
    for row in table.iter("row"):
        cells = [c for c in (_clean(" ".join(_lines(cell))) for cell in row.iter("cell")) if c]
        if any(len(c) > 120 for c in cells):
            for cell in row.iter("cell"):
                lines = [t for t in (_clean(line) for line in _lines(cell)) if t]
                real = [i for i, line in enumerate(lines) if classify_line(line).real]
                if real:
                    out.extend(lines[real[0] : real[-1] + 1])
        elif cells:
            out.append(" | ".join(cells))
    return out


def _lines(el: etree._Element) -> list[str]:
    """An element's text cut at its line breaks (``<lb/>``) and paragraphs, which trafilatura
    keeps inside table cells; itertext() alone would glue "Sections<br>News" into one word."""
    lines = [""]
    for node in el.iter():
        if node is not el and node.tag in ("lb", "p", "head"):
            lines.append("")
        if node.text:
            lines[-1] += node.text
        if node is not el and node.tail:
            if node.tag in ("p", "head"):
                lines.append("")
            lines[-1] += node.tail
    return lines


def _document(text: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (etree.ParserError, ValueError):
        return None


# ----------------------------------------------------------------------------- the body's edges

# Class and id words of page furniture: an extracted paragraph inside such a box (below the element that
# holds most of the body) is not the article's text, whatever trafilatura kept. Readability's idea.
_FURNITURE_WORDS = frozenset(
    """
    bio biography authorbox donate donation appeal promo promotion promoted newsletter newsletters
    subscribe subscription subscriber signup tribute tributes related relacionadas relacionados correlati
    share sharing sharedaddy social partage condividi compartilhar compartir teilen comment comments
    commentlist comentarios comentario kommentar kommentare commentaires commenti respond reply replies
    footer sidebar widget advert advertisement adslot sponsor sponsored paywall recirc trending popular
    cookie consent breadcrumb breadcrumbs tags etiquetas caption figcaption byline by author autor auteur
    embed tweet twitter instagram player
    kicker eyebrow rubric rubrique occhiello dachzeile pullquote toolbar pagination
    """.split()
)  # fmt: skip
_FURNITURE_PAIRS = (
    {"most", "read"}, {"also", "read"}, {"read", "more"}, {"more", "from"}, {"lire", "aussi"},
    {"saiba", "mais"}, {"veja", "tambem"}, {"leggi", "anche"}, {"pull", "quote"}, {"key", "points"},
    {"more", "stories"}, {"top", "stories"},
)  # fmt: skip
_BLOCK_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote dd dt td th pre div span section figcaption".split())
_KEY_CHARS = 80  # paragraphs are found in the page by their first characters
_START_CHARS = 12
_WORDS = re.compile(r"[^\W_]+")
# Text of rights notices and promotions that trafilatura sometimes keeps as the last paragraph.
_NOTICE = re.compile(r"\ball rights reserved\b|^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# The heading of a comment section (only the heading: "Comments from the minister" is a subheading).
_NOTICE_WORDS = 40  # a longer paragraph that mentions copyright is the article's
_COMMENTS_HEAD = re.compile(
    r"^(?:(?:\d+\s+)?(?:comments?|reader comments|comentarios|kommentare|commentaires|commenti|comentários"
    r"|reacties|kommentarer)(?:\s*\(\d+\)|\s*:)?|leave a (?:reply|comment)\b.{0,40}"
    r"|join the (?:conversation|discussion)\b.{0,40}|\d+ (?:thoughts|responses|replies) (?:on|to)\b.{0,200})$",
    re.IGNORECASE,
)


def _clean_body(paragraphs: list[str], title: str, root: lxml.html.HtmlElement | None) -> list[str]:
    """The extracted paragraphs less what a news page puts around an article: boxes of page furniture
    (by their class and id words), the kicker/title/byline/date lines before the text, related-story
    lines, rights notices and comment sections after it, and pull quotes repeating the text."""
    if not paragraphs:
        return paragraphs
    if root is not None:
        paragraphs = _drop_furniture(paragraphs, root)
    units = [classify_line(p) for p in paragraphs]
    keep = [u.kind not in ("junk", "related", "listhead") for u in units]
    # Before the text: labels, the title, bylines and dates (never a line that reads as prose).
    start = 0
    while start < len(units) and not units[start].real:
        u = units[start]
        if not (u.kind != "text" or _same(u.text, title) or _is_label(u.text, units, start, title)):
            break
        start += 1
    # After the text: a comments heading ends the article; then trailing notices and metadata.
    end = len(units)
    for i, u in enumerate(units):
        if i >= start and _COMMENTS_HEAD.match(u.text) and not u.real:
            end = i
            break
    while end > start and (
        (_NOTICE.search(units[end - 1].text) and units[end - 1].words <= _NOTICE_WORDS)
        or (not units[end - 1].real and units[end - 1].kind != "text")
    ):
        end -= 1
    kept = [u.text for i, u in enumerate(units) if start <= i < end and keep[i]]
    return _drop_repeats(kept)


def _is_label(text: str, units: list, i: int, title: str) -> bool:
    # A short kicker ("Transport", "Obituaries") right before the title line.
    return len(text.split()) <= 4 and any(_same(u.text, title) for u in units[i + 1 : i + 3]) if title else False


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """A short paragraph whose words are all in another (a pull quote) goes; the first copy stays."""
    out: list[str] = []
    keys = [" ".join(_WORDS.findall(p.lower())) for p in paragraphs]
    for i, p in enumerate(paragraphs):
        key = keys[i]
        if 4 <= key.count(" ") + 1 <= 60 and any(len(k) > len(key) and key in k for k in keys):
            continue
        out.append(p)
    return out


def _furniture(el: lxml.html.HtmlElement) -> bool:
    words = set(re.findall(r"[a-z]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
    return bool(words & _FURNITURE_WORDS) or any(pair <= words for pair in _FURNITURE_PAIRS)


def _drop_furniture(paragraphs: list[str], root: lxml.html.HtmlElement) -> list[str]:
    """Paragraphs found in a furniture box go; text blocks that trafilatura dropped from the middle
    of the article's container (a list, a subheading, a live page's entries) come back."""
    body = root.find("body")
    if body is None:
        return paragraphs
    keys = [_key(p) for p in paragraphs]
    starts = {k[:_START_CHARS] for k in keys}
    found: dict[str, lxml.html.HtmlElement] = {}
    for el in body.iter(*_BLOCK_TAGS):
        text = el.text_content().lstrip()
        if " ".join(text[: _START_CHARS * 2].split())[:_START_CHARS].lower() in starts:  # cheap test first
            found[_key(text)] = el  # the deepest element with this text (descendants come later)
    elements = [found.get(k) for k in keys]
    sizes = {el: len(p) for el, p in zip(elements, paragraphs, strict=True) if el is not None}
    total = sum(sizes.values())
    if not total:
        return paragraphs
    # How much of the extracted text each element holds (itself and its ancestors).
    weights: dict[lxml.html.HtmlElement, int] = {}
    for el, size in sizes.items():
        node = el
        while node is not None:
            weights[node] = weights.get(node, 0) + size
            node = node.getparent()
    kept: list[tuple[str, lxml.html.HtmlElement | None]] = []
    for p, el in zip(paragraphs, elements, strict=True):
        if el is None or not _in_furniture(el, weights, total):
            kept.append((p, el))
    return _fill_gaps(kept, weights, total)


_GAP_TAGS = ("p", "li", "h2", "h3", "h4", "blockquote", "pre", "dd")


def _fill_gaps(kept: list[tuple[str, lxml.html.HtmlElement | None]], weights: dict, total: int) -> list[str]:
    """Add the text blocks of the article's container that lie between two kept paragraphs (or after
    the last, when shaped like the kept ones: the same tag under the same kind of parent) and that
    are neither furniture nor mostly links."""
    anchors = [el for _, el in kept if el is not None]
    if len(anchors) < 2:
        return [p for p, _ in kept]
    # The lowest element holding every kept paragraph (the article's column, a live page's list of entries).
    container = anchors[0].getparent()
    while container is not None and not all(_contains(container, a) for a in anchors[1:]):
        container = container.getparent()
    if container is None or container.tag == "body":
        return [p for p, _ in kept]
    order = {el: i for i, el in enumerate(container.iter())}
    if any(a not in order for a in anchors):
        return [p for p, _ in kept]
    shapes = {(a.tag, _shape(a.getparent())) for a in anchors}
    first, last = min(order[a] for a in anchors), max(order[a] for a in anchors)
    taken = set(anchors)
    extra: dict[int, list[str]] = {}  # position of the anchor it follows -> texts
    for el in container.iter(*_GAP_TAGS):
        pos = order[el]
        if pos <= first or el in taken or _has_block(el) or _near_taken(el, taken):
            continue
        if pos > last and (el.tag, _shape(el.getparent())) not in shapes:
            continue
        text = _clean(el.text_content())
        if not text or _link_share(el) > 0.5 or _in_furniture(el, weights, total):
            continue
        before = max(order[a] for a in anchors if order[a] < pos)
        extra.setdefault(before, []).append(text)
    if not extra:
        return [p for p, _ in kept]
    out: list[str] = []
    for p, el in kept:
        out.append(p)
        if el is not None:
            out.extend(extra.pop(order.get(el, -1), []))
    return out


def _shape(el) -> tuple[str, str]:
    return (el.tag, el.get("class") or "") if el is not None else ("", "")


def _has_block(el) -> bool:
    return any(child.tag in _GAP_TAGS for child in el.iterdescendants())


def _near_taken(el, taken: set) -> bool:
    # Inside or around a paragraph already kept (a <p> in a kept <li>, a <blockquote> around a kept <p>).
    node = el.getparent()
    while node is not None:
        if node in taken:
            return True
        node = node.getparent()
    return any(d in taken for d in el.iterdescendants())


def _link_share(el) -> float:
    text = len(el.text_content().strip()) or 1
    return sum(len(a.text_content().strip()) for a in el.iter("a")) / text


def _in_furniture(el, weights: dict, total: int) -> bool:
    """Is ``el``, or an ancestor below the element holding most of the body, a furniture box?"""
    node = el
    while node is not None and node.tag != "body":
        if weights.get(node, 0) * 2 > total:
            return False  # the article's own container: its class says nothing about this paragraph
        if _furniture(node):
            return True
        node = node.getparent()
    return False


def _contains(ancestor, el) -> bool:
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _key(text: str) -> str:
    # Only the start is cleaned: an article's container holds the whole text.
    return _clean(text.lstrip()[: _KEY_CHARS * 3])[:_KEY_CHARS].lower()


def _head_metadata(root: lxml.html.HtmlElement | None) -> dict[str, Any]:
    """Language, section, precise publication time and a fallback title from the page head."""
    out: dict[str, Any] = {}
    if root is None:
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
