"""How an article is shown: its text with every tag's evidence marked, and citations of it.

Views call these; they only read an article (loaded with ``Article.objects.for_display()``).
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.timezone import template_localtime

from articles.extraction.topics import term_spans
from articles.models import Article


@dataclass(frozen=True)
class Marked:
    """The body as HTML paragraphs with <mark>s (and the title, which only topic words can mark), and
    the id of each tag's first mark (for its link)."""

    html: SafeString
    first: dict[str, str]  # tag key ("country-KE", "entity-3", "topic-04000000") -> id of its first mark
    counts: dict[str, int]  # tag key -> marks placed
    title_html: SafeString


def topic_key(code: str) -> str:
    return "topic-" + code.removeprefix("medtop:")  # no ":" in an id or a data attribute


def tag_spans(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, tag key) of every mention with offsets into the body: countries, people, organisations."""
    spans = []
    for link in article.live_countries():
        spans += [(e["start"], e["end"], f"country-{link.country_id}") for e in _offsets(link.evidence)]
    for link in [*article.people, *article.organizations]:
        spans += [(e["start"], e["end"], f"entity-{link.entity_id}") for e in _offsets(link.evidence)]
    return spans


def topic_spans(article: Article, text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag key) of each topic's evidence words in ``text`` (the title or the body).

    A topic's evidence is words and word pairs after the classifier's light suffix rule, with no offsets:
    they are found here, as word forms of the text that the same rule folds to them.
    """
    keys: dict[str, list[str]] = {}
    for link in article.live_topics():
        for term in link.evidence or ():
            if isinstance(term, str):
                keys.setdefault(term, []).append(topic_key(link.topic_id))
    spans = []
    for term, places in term_spans(text, keys).items():
        # A word pair across a paragraph break is one feature, but a mark cannot span two paragraphs.
        spans += [(start, end, key) for start, end in places if "\n" not in text[start:end] for key in keys[term]]
    return spans


def _offsets(evidence) -> list[dict]:
    return [e for e in evidence or () if isinstance(e, dict) and isinstance(e.get("start"), int) and e.get("end")]


def _mark(text: str, spans: list[tuple[int, int, str]], first: dict[str, str], counts: dict[str, int]) -> str:
    """``text`` escaped, with a <mark> around each span (``first`` and ``counts`` are updated)."""
    spans = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -s[1]))
    # A mention inside another (a country in an organisation's name) is nested in its mark; mentions that
    # only partly overlap cannot be nested, and the first one wins. One tag's own spans inside each other
    # (a topic's "rate" inside its "interest rate") are marked once.
    accepted: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []  # (end, key) of the marks open at this point
    for start, end, key in spans:
        while stack and stack[-1][0] <= start:
            stack.pop()
        if stack and (end > stack[-1][0] or any(k == key for _, k in stack)):
            continue
        accepted.append((start, end, key))
        stack.append((end, key))
    events: list[tuple[int, int, int, str]] = []  # (position, 0 = close / 1 = open, nesting order, html)
    for order, (start, end, key) in enumerate(accepted):
        counts[key] = counts.get(key, 0) + 1
        mark_id = f"m-{key}-{counts[key]}"
        first.setdefault(key, mark_id)
        events.append((start, 1, order, f'<mark class="evidence" id="{mark_id}" data-tag="{key}">'))
        events.append((end, 0, -order, "</mark>"))  # inner marks close before the outer ones
    out: list[str] = []
    pos = 0
    for position, _kind, _order, tag in sorted(events):
        out.append(escape(text[pos:position]))
        out.append(tag)
        pos = position
    out.append(escape(text[pos:]))
    return "".join(out)


def marked_body(article: Article) -> Marked:
    body = article.body or ""
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    title = _mark(article.title or "", topic_spans(article, article.title or ""), first, counts)
    text = _mark(body, tag_spans(article) + topic_spans(article, body), first, counts)
    # Paragraphs as Django's linebreaks filter makes them (marks hold no newlines, so none is split).
    paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n{2,}", text.replace("\r\n", "\n")) if p.strip()]
    html_text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return Marked(mark_safe(html_text), first, counts, mark_safe(title))  # every piece of text was escaped


_TAGS = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"[.!?:\"”’)\]]\s*$")


def ellipsized(snippet_html: str, body: str) -> SafeString:
    """A highlighted snippet with "…" where it starts mid-sentence or stops before the end of the text."""
    if not snippet_html:
        return snippet_html
    text = html.unescape(_TAGS.sub("", snippet_html)).strip()
    head = text[:40].split(" … ")[0]
    start = body.find(head)
    before = body[:start].rstrip() if start > 0 else ""
    out = snippet_html.strip()
    if before and not _SENTENCE_END.search(before):
        out = "… " + out
    tail = text[-40:].split(" … ")[-1]
    end = body.rfind(tail)
    if end >= 0 and body[end + len(tail) :].strip() and not out.endswith("…"):
        out += " …"
    return mark_safe(out)  # the snippet was escaped by the highlighter; only "…" is added


# ----------------------------------------------------------------------------- citations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def _apa_name(name: str) -> str:
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, " + " ".join(f"{p[0]}." for p in parts[:-1])


def citations(article: Article, url: str) -> dict[str, str]:
    """Plain-text citations (APA-like, Chicago-like, BibTeX-like); an undated article says "n.d."."""
    title = article.title or "(untitled)"
    source = article.source.name if article.source else ""
    authors = list(article.authors or ())
    day = article.published_date  # the publisher's own date
    names = [_apa_name(a) for a in authors]
    apa_authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", & " + names[-1] if names else "")
    apa_date = f"({day.year}, {MONTHS[day.month - 1]} {day.day})" if day else "(n.d.)"
    apa = " ".join(p for p in (apa_authors.rstrip(".") + "." if apa_authors else "", apa_date + ".", f"{title}.") if p)
    apa += f" {source}." if source else ""
    apa += f" {url}"
    chicago_date = f"{MONTHS[day.month - 1]} {day.day}, {day.year}" if day else "n.d."
    chicago = (f"{', '.join(authors)}. " if authors else "") + f"“{title}.” "
    chicago += f"{source}, " if source else ""
    chicago += f"{chicago_date}. {url}."
    key = slugify(f"{(authors[0].split()[-1] if authors else source) or 'newsarchive'} {day.year if day else 'nd'}")
    fields = [("title", title)]
    if authors:
        fields.append(("author", " and ".join(authors)))
    if source:
        fields.append(("journal", source))
    fields.append(("date", day.isoformat() if day else "n.d."))
    fields.append(("url", url))
    bibtex = f"@article{{{key}-{article.pk},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
    return {"APA": apa, "Chicago": chicago, "BibTeX": bibtex}


FRAGMENTS_CACHED = 128  # rendered page fragments kept per process (a few kB to ~40 kB each)
_fragments: OrderedDict[tuple, SafeString] = OrderedDict()
_fragments_lock = threading.Lock()


def rendered_once(generation: str | None, key: tuple, render: Callable[[], str]) -> SafeString:
    """``render()``, kept per process for the index as it is (``Results.generation``: it changes with every
    commit) and ``key`` (the normalised parameters the fragment depends on): the facet lists, the map and
    the histogram are the same for every page of a search, for an htmx partial and for Back. Not kept
    when the engine gives no generation (the PostgreSQL engine keeps no state in web processes)."""
    if generation is None:
        return mark_safe(render())  # rendered by a template, which escaped it
    full = (generation, *key)
    with _fragments_lock:
        found = _fragments.get(full)
        if found is not None:
            _fragments.move_to_end(full)
            return found
    found = mark_safe(render())  # rendered by a template, which escaped it
    with _fragments_lock:
        _fragments[full] = found
        while len(_fragments) > FRAGMENTS_CACHED:
            _fragments.popitem(last=False)
    return found


# ----------------------------------------------------------------------------- a result in a list
# A page of results shows 20 of them; rendered by the template language, each result's meta line and tags
# (two includes, loops and filters) cost more than the search. These give exactly what the templates
# articles/_article_meta.html and articles/_hit_tags.html give (tests/test_result_html.py compares them).


def _iso(value) -> str:
    """The template filter ``date:'c'`` (after the engine's conversion to local time)."""
    return template_localtime(value).isoformat()


def _day(value) -> str:
    """The template filter ``date:"j M Y"`` of a date ('' for None, as the filter gives)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_3[value.month].title()} {value.year:04d}"


def article_meta_html(article: Article) -> SafeString:
    """articles/_article_meta.html"""
    out = ['<span class="meta">']
    if article.source:
        out += [escape(article.source.name), " · "]
    if article.published_at:
        out += ['<time datetime="', escape(_iso(article.published_at)), '">', escape(_day(article.published_date))]
        out.append("</time>")
    else:
        out.append("undated")
    if article.section:
        out += [" · ", escape(article.section)]
    out.append("</span>\n")
    return mark_safe("".join(out))


def _tag_group(heading: str, css: str, tags: list[tuple[str, str]]) -> str:
    links = "".join(
        f'<a class="tag {css}" hx-boost="false" href="{escape(url)}">{escape(name)}</a>' for url, name in tags
    )
    return f'<span class="tag-group"><span class="visually-hidden">{heading}:</span> {links}</span>'


def hit_tags_html(article: Article) -> SafeString:
    """articles/_hit_tags.html: byline, the first six countries and the first three topics."""
    countries = article.live_countries()
    topics = article.live_topics()
    if not (article.authors or countries or topics):
        return mark_safe("\n")
    out = ['<p class="hit-tags">']
    if article.authors:
        out += ['<span class="byline">By ', ", ".join(escape(a) for a in article.authors), "</span>"]
    out.append("\n")
    if countries:
        out.append(
            _tag_group(
                "Countries", "tag-country", [(c.country.get_absolute_url(), c.country.name) for c in countries[:6]]
            )
        )
    out.append("\n")
    if topics:
        out.append(_tag_group("Topics", "tag-topic", [(t.topic.get_absolute_url(), t.topic.label) for t in topics[:3]]))
    out.append("</p>\n")
    return mark_safe("".join(out))
