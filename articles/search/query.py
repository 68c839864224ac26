"""The query language: Whoosh's parser, configured and then bounded.

Syntax (documented on /help/ and in README): words (all required), OR, NOT / -word, "phrases",
prefix*, fuzzy~ (fuzzy~2), field:value for title, author, section, source, person, org, country
(code or name), topic (code, number or label word), lang, published:2019..2021 (also 2019-03..2019-06 or
full dates), and parentheses. Anything the parser cannot use falls back to a plain-words search.

Bounds, so a hostile query stays cheap: at most MAX_LEAVES terms; a prefix or wildcard needs
MIN_PREFIX literal characters and expands to at most MAX_EXPANSIONS words; fuzzy distance at most 2
with a one-letter fixed prefix.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PlusMinusPlugin,
    plugins,
)

from articles.extraction.countries import COUNTRY_NAMES
from articles.extraction.topics import IPTC_TOP_LEVEL

logger = logging.getLogger(__name__)

MAX_LEAVES = 64
MAX_EXPANSIONS = 100
MIN_PREFIX = 2
TEXT_FIELDS = ("title", "text")
ALIASES = {
    "author": ["by", "authors"],
    "section_t": ["section"],
    "source_t": ["source"],
    "people": ["person", "people"],
    "orgs": ["org", "organisation", "organization"],
}
_WORD_RE = re.compile(r"\w+")
_DATE = r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?"
_PUBLISHED_RE = re.compile(rf"\b(?:published|date|year):{_DATE}(?:\.\.{_DATE})?(?![\w.])", re.IGNORECASE)
_COUNTRY_BY_NAME = {name.casefold(): code for code, name in COUNTRY_NAMES.items()}
_COUNTRY_BY_NAME.update({"usa": "US", "us": "US", "uk": "GB", "britain": "GB", "great britain": "GB"})


@dataclass
class ParsedQuery:
    query: query.Query | None  # None: no words, list everything
    fallback: bool = False
    notes: list[str] = field(default_factory=list)
    surface: dict[str, str] = field(default_factory=dict)  # analysed term -> the word the user typed

    @property
    def empty(self) -> bool:
        return self.query is None


def _parser(schema, fallback: bool) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    if fallback:
        for cls in (
            plugins.FieldsPlugin,
            plugins.PhrasePlugin,
            plugins.RangePlugin,
            plugins.GroupPlugin,
            plugins.OperatorsPlugin,
            plugins.BoostPlugin,
            plugins.EveryPlugin,
            plugins.SingleQuotePlugin,
            plugins.WildcardPlugin,
        ):
            parser.remove_plugin_class(cls)
        return parser
    parser.remove_plugin_class(plugins.EveryPlugin)  # "*:*" is the empty query's job
    parser.remove_plugin_class(plugins.BoostPlugin)
    parser.add_plugin(PlusMinusPlugin())
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin(ALIASES))
    return parser


def _day(year: str, month: str | None, day: str | None, *, end: bool) -> int:
    m = int(month) if month else (12 if end else 1)
    d = int(day) if day else (31 if end else 1)
    return int(year) * 10000 + max(1, min(m, 12)) * 100 + max(1, min(d, 31))


def _rewrite_dates(text: str) -> str:
    """published:2019..2021 → a numeric range on the day field (YYYYMMDD)."""

    def repl(m: re.Match) -> str:
        low = _day(m[1], m[2], m[3], end=False)
        high = _day(m[4], m[5], m[6], end=True) if m[4] else _day(m[1], m[2], m[3], end=True)
        if low > high:
            low, high = high, low
        return f"day:[{low} TO {high}]"

    return _PUBLISHED_RE.sub(repl, text)


def parse(text: str, schema, reader) -> ParsedQuery:
    """Parse ``text`` for ``schema``; ``reader`` expands prefixes and resolves nothing else."""
    if not _WORD_RE.search(text):
        return ParsedQuery(None)
    notes: list[str] = []
    analyzer = schema["text"].analyzer
    surface = {}
    for word in _WORD_RE.findall(text)[: MAX_LEAVES * 2]:
        for token in analyzer(word):
            surface.setdefault(token.text, word.lower())
    try:
        q = _parser(schema, fallback=False).parse(_rewrite_dates(text))
        if q is not query.NullQuery:
            q = _bound(_normalise_fields(q, notes), reader, notes)
            if q is not query.NullQuery and q is not None:
                return ParsedQuery(q, False, notes, surface)
    except Exception:  # noqa: BLE001 - any parser failure falls back to plain words below
        logger.info("query %r could not be parsed; searching its words", text)
    words = " ".join(_WORD_RE.findall(text)[:MAX_LEAVES])
    q = _parser(schema, fallback=True).parse(words)
    # Only stop words (or nothing usable): nothing can match, which is the honest answer.
    return ParsedQuery(q if q is not query.NullQuery else query.NullQuery, True, notes, surface)


def _normalise_fields(q: query.Query, notes: list[str]) -> query.Query:
    """Country names → codes, topic words → medtop codes, language codes lower-cased."""

    def fix(node: query.Query) -> query.Query:
        name = getattr(node, "fieldname", None)
        if name not in ("country", "topic", "lang"):
            return node
        if isinstance(node, query.Phrase):
            value = " ".join(node.words)
        elif isinstance(node, query.Term):
            value = node.text if isinstance(node.text, str) else node.text.decode()
        else:
            return node
        resolved = _resolve(name, value)
        if resolved is None:
            notes.append(f"No {name} is called {value!r}: that part matches nothing.")
            return query.Term(name, f"\x00unknown:{value}")
        return query.Term(name, resolved)

    return _map(q, fix)


def _resolve(name: str, value: str) -> str | None:
    value = value.strip()
    if name == "country":
        if len(value) == 2 and value.upper() in COUNTRY_NAMES:
            return value.upper()
        return _COUNTRY_BY_NAME.get(value.casefold())
    if name == "topic":
        digits = value.casefold().removeprefix("medtop:")
        if digits.isdigit():
            code = f"medtop:{digits}" if len(digits) == 8 else f"medtop:{int(digits):02d}000000"
            return code if code in IPTC_TOP_LEVEL else None
        word = value.casefold()
        for code, label in IPTC_TOP_LEVEL.items():
            if word == label or word in re.split(r",\s*|\s+and\s+", label):
                return code
        return None
    return value.lower()


def _map(q: query.Query, fn) -> query.Query:
    # Binary queries (AndNot from "-word", ...) are CompoundQuery subclasses with another constructor.
    if isinstance(q, query.BinaryQuery):
        return type(q)(_map(q.a, fn), _map(q.b, fn))
    if isinstance(q, query.CompoundQuery):
        return type(q)([_map(sub, fn) for sub in q.subqueries], boost=q.boost)
    if isinstance(q, query.Not):
        return query.Not(_map(q.query, fn))
    return fn(q)


def _bound(q: query.Query, reader, notes: list[str]) -> query.Query:
    leaves = 0

    def fix(node: query.Query) -> query.Query:
        nonlocal leaves
        leaves += 1
        if leaves > MAX_LEAVES:
            if leaves == MAX_LEAVES + 1:
                notes.append(f"The query was cut to its first {MAX_LEAVES} terms.")
            return query.NullQuery
        if isinstance(node, query.FuzzyTerm):
            node.maxdist = min(node.maxdist, 2)
            node.prefixlength = max(node.prefixlength, 1)
            return node
        if isinstance(node, query.Wildcard | query.Prefix):
            text = node.text
            literal = re.match(r"[^*?]*", text).group(0)
            if len(literal) < MIN_PREFIX:
                notes.append(f"Ignored {text}: a wildcard needs at least {MIN_PREFIX} letters before it.")
                return query.NullQuery
            words = list(islice(node._btexts(reader), MAX_EXPANSIONS + 1))
            if len(words) > MAX_EXPANSIONS:
                notes.append(f"{text} matches too many words; searched the first {MAX_EXPANSIONS}.")
                words = words[:MAX_EXPANSIONS]
            terms = [query.Term(node.fieldname, w.decode() if isinstance(w, bytes) else w) for w in words]
            return query.Or(terms) if terms else query.NullQuery
        return node

    return _map(q, fix).normalize()
