"""The query language, engine-neutral: our own parser, our own query tree, its bounds and its budget.

Syntax (documented on /help/ and in README): words (all required), ``OR``, ``NOT`` / ``-word``,
``"phrases"``, ``prefix*``, ``fuzzy~`` (``fuzzy~2``), ``field:value`` for title, author, section,
source, person, org, country (code or name), topic (code, number or label word), lang,
``published:2019..2021`` (also 2019-03..2019-06, full dates, or an open end: ``2019..``), and
parentheses (also after a field: ``title:(kenya OR uganda)``). A query the parser cannot read is
searched as its plain words, and says so (``fallback``).

``parse(text)`` gives a ``ParsedQuery``; ``bound(parsed, expand)`` spends the expansion budget, asking
the engine for its vocabulary through ``expand(field, kind, text, limit, distance)`` (the
``SearchBackend.expand`` method); each engine then compiles the bounded tree. This module imports no
search engine.

The tree (frozen dataclasses; every engine compiles each of them):

- ``Term(field, text)``: a word as typed (the engine analyses it: stems, folds accents, drops stop
  words; a word that analyses to nothing is left out of an ``And`` and matches nothing alone).
  ``field`` is one of ``TEXT_FIELDS``: ``""`` (title or text), ``title``, ``author``, ``section``,
  ``source``, ``person``, ``org``.
- ``Phrase(field, words)``: the words in this order, next to each other (same fields as ``Term``).
- ``Prefix(field, text)``: words starting with ``text`` (lower-cased, at least ``MIN_PREFIX`` letters).
  Only in a parsed tree: ``bound`` replaces it with an ``Expansion`` (or a ``Term`` over budget).
- ``Fuzzy(field, text, distance)``: words within ``distance`` (1 or 2) edits; the first letter is
  kept. Like ``Prefix``, replaced by ``bound``.
- ``Expansion(field, kind, text, distance, terms)``: what ``bound`` made of a ``Prefix`` (kind
  ``"prefix"``) or ``Fuzzy`` (kind ``"fuzzy"``): match any of ``terms``, words of the engine's own
  vocabulary as ``expand`` returned them (already analysed: compile them as exact terms). No terms:
  matches nothing.
- ``Filter(field, value)``: an exact tag: ``country`` (ISO code, upper case), ``topic``
  (``medtop:NN000000``), ``lang`` (lower-case code). Names are resolved to codes here.
- ``DateRange(low, high)``: published on a day from ``low`` to ``high`` inclusive, both ``YYYYMMDD``
  integers (``low <= high``; undated articles never match).
- ``And(children)``, ``Or(children)``: two or more children. ``Not(child)``: everything but the child;
  inside an ``And`` it excludes (``a -b`` is ``And((a, Not(b)))``).
- ``Nothing(reason)``: matches nothing (an unknown country, a refused wildcard); the note says why.

Bounds, so a hostile query stays cheap: at most ``MAX_LEAVES`` leaves and ``MAX_DEPTH`` nested
parentheses; a prefix needs ``MIN_PREFIX`` letters; fuzzy distance at most 2. The cost budget is counted
across the whole query, not per term: at most ``MAX_EXPANDING`` prefix or fuzzy terms are expanded
(a distance-2 fuzzy term costs ``FUZZY2_COST`` of them: its vocabulary walk is the expensive one), and
all expansions together give at most ``EXPANSION_BUDGET`` words (each at most ``MAX_EXPANSIONS``).
Past the budget, a term is searched as the plain word typed, and a note says so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from articles.extraction.countries import COUNTRY_NAMES
from articles.extraction.topics import IPTC_TOP_LEVEL

logger = logging.getLogger(__name__)

MAX_LEAVES = 64
MAX_DEPTH = 20
MAX_EXPANSIONS = 100  # words one prefix or fuzzy term may expand to
EXPANSION_BUDGET = 300  # words all the expansions of one query may give
MAX_EXPANDING = 8  # prefix / fuzzy terms one query may expand (measured: a ~2 walk is ~0.1-0.2 s at 20k)
FUZZY2_COST = 4
MIN_PREFIX = 2

# Searchable text fields ("" is the default: title or text) and the names a query may use for them.
TEXT_FIELDS = ("", "title", "author", "section", "source", "person", "org")
FILTER_FIELDS = ("country", "topic", "lang")
FIELD_ALIASES = {
    "title": "title",
    "author": "author",
    "by": "author",
    "authors": "author",
    "section": "section",
    "source": "source",
    "person": "person",
    "people": "person",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "country": "country",
    "topic": "topic",
    "lang": "lang",
    "language": "lang",
    "published": "published",
    "date": "published",
    "year": "published",
}
OPERATORS = ("AND", "OR", "NOT")

_WORD_RE = re.compile(r"\w+")
_DATE = r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?"
_RANGE_RE = re.compile(rf"^(?:{_DATE})?(\.\.)?(?:{_DATE})?$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_COUNTRY_BY_NAME = {name.casefold(): code for code, name in COUNTRY_NAMES.items()}
_COUNTRY_BY_NAME.update({"usa": "US", "us": "US", "uk": "GB", "britain": "GB", "great britain": "GB"})


# ----------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Term:
    field: str
    text: str


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    field: str
    text: str


@dataclass(frozen=True)
class Fuzzy:
    field: str
    text: str
    distance: int = 1


@dataclass(frozen=True)
class Expansion:
    field: str
    kind: str  # "prefix" | "fuzzy"
    text: str
    distance: int
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Filter:
    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    low: int
    high: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Nothing:
    reason: str = ""
    shown: str = ""  # what the user typed, for "read as"


Node = Term | Phrase | Prefix | Fuzzy | Expansion | Filter | DateRange | And | Or | Not | Nothing
LEAVES = (Term, Phrase, Prefix, Fuzzy, Expansion, Filter, DateRange, Nothing)

# expand(field, kind, text, limit, distance) -> words of the engine's vocabulary (see SearchBackend.expand)
Expander = Callable[[str, str, str, int, int], list[str]]


@dataclass(frozen=True)
class ParsedQuery:
    tree: Node | None  # None: no query at all, list everything
    fallback: bool = False  # the query could not be read; its plain words were searched
    notes: tuple[str, ...] = ()  # what was bounded, cut or could not be resolved

    @property
    def empty(self) -> bool:
        return self.tree is None

    @property
    def read(self) -> str:
        """How the query was understood (the page's "read as" line)."""
        return describe(self.tree)


# ----------------------------------------------------------------------------- parsing


class QuerySyntaxError(ValueError):
    """The query cannot be read as the query language (the caller falls back to its words)."""


_TOKEN_RE = re.compile(r'\s+|(?P<lp>\()|(?P<rp>\))|(?P<quote>"[^"]*")|(?P<word>[^\s()"]+(?:"[^"]*")?)')


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:  # an unbalanced quote
            raise QuerySyntaxError("unbalanced quote")
        pos = m.end()
        if m.lastgroup:
            out.append(m.group(m.lastgroup))
    return out


class _Parser:
    """Recursive descent: or := and ("OR" and)* ; and := unary (["AND"] unary)* ;
    unary := ("NOT" | "-") unary | ["+"] primary ; primary := "(" or ")" | [field ":"] value."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.notes: list[str] = []

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr("", 0)
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()!r}")
        return node

    def or_expr(self, field: str, depth: int) -> Node | None:
        parts = [self.and_expr(field, depth)]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr(field, depth))
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self, field: str, depth: int) -> Node | None:
        parts: list[Node | None] = []
        while True:
            tok = self.peek()
            if tok is None or tok in (")", "OR"):
                break
            if tok == "AND":
                self.take()
                if not parts or self.peek() in (None, ")", "OR", "AND"):
                    raise QuerySyntaxError("AND needs something on both sides")
                continue
            parts.append(self.unary(field, depth))
        if not parts:
            raise QuerySyntaxError("an empty group or a dangling operator")
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else And(tuple(kept))

    def unary(self, field: str, depth: int) -> Node | None:
        tok = self.peek()
        if tok == "NOT":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                raise QuerySyntaxError("NOT needs something after it")
            child = self.unary(field, depth)
            return Not(child) if child is not None else None
        if tok == "-" and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1] == "(":
            self.take()  # "-(a OR b)"
            child = self.unary(field, depth)
            return Not(child) if child is not None else None
        if tok.startswith("-") and len(tok) > 1 and not tok[1:].startswith("-"):
            self.tokens[self.pos] = tok[1:]
            child = self.unary(field, depth)
            return Not(child) if child is not None else None
        if tok.startswith("+") and len(tok) > 1:
            self.tokens[self.pos] = tok[1:]
        return self.primary(field, depth)

    def primary(self, field: str, depth: int) -> Node | None:
        tok = self.take()
        if tok == "(":
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError("too deeply nested")
            node = self.or_expr(field, depth + 1)
            if self.peek() != ")":
                raise QuerySyntaxError("unbalanced parentheses")
            self.take()
            return node
        if tok == ")":
            raise QuerySyntaxError("unbalanced parentheses")
        if tok.startswith('"'):
            return self.phrase(field, tok[1:-1])
        name, colon, value = tok.partition(":")
        if colon and name and not field:
            target = FIELD_ALIASES.get(name.casefold())
            if target is None and name.isalpha() and _WORD_RE.search(value):
                # Meant as a field we do not have ("subject:budget"): its value is what was looked for.
                self.notes.append(f"There is no field {name!r}: searched {value!r} as words.")
                return self.words(field, value)
            if target is None:  # "12:30", "http://…": words joined by a colon
                return self.words(field, tok)
            if not value:
                # "title: kenya" and "title:(a OR b)"
                if self.peek() == "(":
                    if target in FILTER_FIELDS or target == "published":
                        raise QuerySyntaxError(f"{name}: takes one value")
                    return self.primary(target, depth)
                if self.peek() is None or self.peek() in (")", "OR", "AND", "NOT"):
                    raise QuerySyntaxError(f"{name}: needs a value")
                value = self.take()
            if value.startswith('"'):
                if not value.endswith('"') or len(value) < 2:
                    raise QuerySyntaxError("unbalanced quote")
                value = value[1:-1]
                if target in TEXT_FIELDS:
                    return self.phrase(target, value)
            return self.field_value(target, value)
        return self.word(field, tok)

    def phrase(self, field: str, text: str) -> Node | None:
        words = tuple(text.split())
        if not words:
            return None
        return Term(field, words[0]) if len(words) == 1 else Phrase(field, words)

    def words(self, field: str, text: str) -> Node | None:
        found = [Term(field, w) for w in _WORD_RE.findall(text)]
        if not found:
            return None
        return found[0] if len(found) == 1 else And(tuple(found))

    def word(self, field: str, tok: str) -> Node | None:
        fuzzy = re.fullmatch(r"(.+?)~(\d*)", tok)
        if fuzzy:
            text, digits = fuzzy.group(1), fuzzy.group(2)
            distance = int(digits[:2]) if digits else 1
            if not _WORD_RE.fullmatch(text):
                return self.words(field, text)
            if distance > 2:
                self.notes.append(f"{tok}: at most 2 edits; searched within 2.")
            return Fuzzy(field, text.lower(), max(1, min(distance, 2)))
        if tok.endswith("*") and "*" not in tok[:-1].rstrip("*") and "?" not in tok:
            text = tok.rstrip("*")
            if len(text) < MIN_PREFIX or not _WORD_RE.fullmatch(text):
                reason = f"Ignored {tok}: a wildcard needs at least {MIN_PREFIX} letters before it."
                self.notes.append(reason)
                return Nothing(reason, _field(field) + tok)
            return Prefix(field, text.lower())
        if "*" in tok or "?" in tok:
            reason = f"Ignored {tok}: a wildcard may only end a word (at least {MIN_PREFIX} letters before it)."
            self.notes.append(reason)
            return Nothing(reason, _field(field) + tok)
        # Punctuation-only tokens ("--", "=") say nothing; words keep their inner punctuation for
        # the engine's analyser ("U.S.", "o'brien").
        return Term(field, tok) if _WORD_RE.search(tok) else None

    def field_value(self, field: str, value: str) -> Node | None:
        if field == "published":
            return self.date_range(value)
        if field in FILTER_FIELDS:
            resolved = resolve(field, value)
            if resolved is None:
                reason = f"No {field} is called {value!r}: that part matches nothing."
                self.notes.append(reason)
                return Nothing(reason, f"{field}:{value}")
            return Filter(field, resolved)
        return self.word(field, value)

    def date_range(self, value: str) -> Node | None:
        m = _RANGE_RE.match(value)
        if not m or not (m[1] or m[5]) or (m[1] and m[5] and not m[4]) or (m[5] and not m[4]):
            reason = f"Ignored published:{value}: dates are written 2024, 2024-03, 2024-03-01 or 2019..2021."
            self.notes.append(reason)
            return None
        if m[4] and not (m[1] and m[5]):  # an open end: "2019.." or "..2021"
            low = _day(m[1], m[2], m[3], end=False) if m[1] else 1
            high = _day(m[5], m[6], m[7], end=True) if m[5] else 99991231
        else:
            first = (m[1], m[2], m[3])
            last = (m[5], m[6], m[7]) if m[5] else first
            if _day(*first, end=False) > _day(*last, end=False):  # written backwards: 2021..2019
                first, last = last, first
            low, high = _day(*first, end=False), _day(*last, end=True)
        return DateRange(low, high)


def _day(year: str, month: str | None, day: str | None, *, end: bool) -> int:
    m = int(month) if month else (12 if end else 1)
    d = int(day) if day else (31 if end else 1)
    return int(year) * 10000 + max(1, min(m, 12)) * 100 + max(1, min(d, 31))


def resolve(field: str, value: str) -> str | None:
    """A filter value as its code: country names → ISO codes, topic words/numbers → medtop codes."""
    value = value.strip()
    if field == "country":
        if len(value) == 2 and value.upper() in COUNTRY_NAMES:
            return value.upper()
        return _COUNTRY_BY_NAME.get(value.casefold())
    if field == "topic":
        digits = value.casefold().removeprefix("medtop:")
        if digits.isdigit():
            code = f"medtop:{digits}" if len(digits) == 8 else f"medtop:{int(digits[:8]):02d}000000"
            return code if code in IPTC_TOP_LEVEL else None
        word = value.casefold()
        for code, label in IPTC_TOP_LEVEL.items():
            if word == label or word in re.split(r",\s*|\s+and\s+", label):
                return code
        return None
    if field == "lang":
        value = value.lower()
        return value if _LANG_RE.match(value) else None
    return value


def parse(text: str) -> ParsedQuery:
    """``text`` as a query tree. Never raises: an unreadable query becomes its plain words."""
    if not _WORD_RE.search(text):
        return ParsedQuery(None)
    try:
        parser = _Parser(text)
        tree = parser.parse()
        notes = parser.notes
        fallback = False
    except (QuerySyntaxError, RecursionError) as exc:
        logger.info("query %r could not be parsed (%s); searching its words", text[:200], exc)
        words = [w for w in _WORD_RE.findall(text) if w not in OPERATORS]
        tree = And(tuple(Term("", w) for w in words)) if len(words) > 1 else (Term("", words[0]) if words else None)
        notes, fallback = [], True
        if tree is None:
            # Only operators: nothing to search for, which is the honest answer.
            tree = Nothing("only operators")
    if tree is None:  # every part was dropped (punctuation, an ignored date)
        tree = Nothing("nothing searchable")
    tree, cut = _cut(tree, [MAX_LEAVES])
    if cut:
        notes = [*notes, f"The query was cut to its first {MAX_LEAVES} terms."]
    return ParsedQuery(tree, fallback, tuple(notes))


def _cut(node: Node, left: list[int]) -> tuple[Node | None, bool]:
    """Keep the first ``left[0]`` leaves; returns (node or None, whether anything was cut)."""
    if isinstance(node, And | Or):
        kept: list[Node] = []
        cut = False
        for child in node.children:
            new, was_cut = _cut(child, left)
            cut = cut or was_cut
            if new is not None:
                kept.append(new)
        if not kept:
            return None, True
        return (kept[0] if len(kept) == 1 else type(node)(tuple(kept))), cut
    if isinstance(node, Not):
        child, cut = _cut(node.child, left)
        return (Not(child) if child is not None else None), cut
    if left[0] <= 0:
        return None, True
    left[0] -= 1
    return node, False


# ----------------------------------------------------------------------------- the budget


def bound(parsed: ParsedQuery, expand: Expander) -> ParsedQuery:
    """Replace every Prefix and Fuzzy with an Expansion from the engine's vocabulary, within one budget
    for the whole query (see the module docstring); over budget, the word typed is searched as is."""
    if parsed.tree is None:
        return parsed
    notes = list(parsed.notes)
    budget = {"walks": MAX_EXPANDING, "words": EXPANSION_BUDGET, "noted": False}

    def spend(node: Node) -> Node:
        if isinstance(node, And | Or):
            return type(node)(tuple(spend(c) for c in node.children))
        if isinstance(node, Not):
            return Not(spend(node.child))
        if not isinstance(node, Prefix | Fuzzy):
            return node
        kind = "prefix" if isinstance(node, Prefix) else "fuzzy"
        distance = node.distance if isinstance(node, Fuzzy) else 0
        cost = FUZZY2_COST if distance == 2 else 1
        limit = min(MAX_EXPANSIONS, budget["words"])
        if cost > budget["walks"] or limit <= 0:
            if not budget["noted"]:
                notes.append(
                    f"The query asks for too many wildcard or fuzzy words: {_show(node)} and any after it"
                    " were searched as typed."
                )
                budget["noted"] = True
            return Term(node.field, node.text)
        budget["walks"] -= cost
        words = list(expand(node.field, kind, node.text, limit + 1, distance))
        if len(words) > limit:
            notes.append(f"{_show(node)} matches too many words; searched the first {limit}.")
            words = words[:limit]
        budget["words"] -= len(words)
        return Expansion(node.field, kind, node.text, distance, tuple(words))

    return replace(parsed, tree=spend(parsed.tree), notes=tuple(notes))


# ----------------------------------------------------------------------------- "read as"


def _field(field: str) -> str:
    return f"{field}:" if field else ""


def _show(node: Node) -> str:
    if isinstance(node, Prefix):
        return f"{_field(node.field)}{node.text}*"
    if isinstance(node, Fuzzy):
        return f"{_field(node.field)}{node.text}~{node.distance}"
    return describe(node)


def _day_text(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def describe(node: Node | None) -> str:
    """A readable rendering of the tree, in the user's own words (shown as "read as")."""
    if node is None:
        return ""
    if isinstance(node, And):
        return " AND ".join(_wrap(c) for c in node.children)
    if isinstance(node, Or):
        return " OR ".join(_wrap(c) for c in node.children)
    if isinstance(node, Not):
        return "NOT " + _wrap(node.child)
    if isinstance(node, Term):
        return f"{_field(node.field)}{node.text}"
    if isinstance(node, Phrase):
        return f'{_field(node.field)}"{" ".join(node.words)}"'
    if isinstance(node, Prefix | Fuzzy):
        return _show(node)
    if isinstance(node, Expansion):
        return (
            f"{_field(node.field)}{node.text}*"
            if node.kind == "prefix"
            else (f"{_field(node.field)}{node.text}~{node.distance}")
        )
    if isinstance(node, Filter):
        return f"{node.field}:{node.value}"
    if isinstance(node, DateRange):
        return f"published:{_day_text(node.low)}..{_day_text(node.high)}"
    if isinstance(node, Nothing):
        return f"{node.shown} (matches nothing)" if node.shown else "(nothing)"
    raise TypeError(f"not a query node: {node!r}")


def _wrap(node: Node) -> str:
    text = describe(node)
    return f"({text})" if isinstance(node, And | Or) else text


def leaves(node: Node | None):
    """Every leaf of the tree, left to right, with whether it sits under a Not."""

    def walk(n: Node, negated: bool):
        if isinstance(n, And | Or):
            for c in n.children:
                yield from walk(c, negated)
        elif isinstance(n, Not):
            yield from walk(n.child, not negated)
        else:
            yield n, negated

    if node is not None:
        yield from walk(node, False)
