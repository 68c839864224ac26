"""Our query tree (``articles.search.query``) compiled to Whoosh queries, and prefix / fuzzy expansion
over the index vocabulary (``SearchBackend.expand``)."""

from __future__ import annotations

from itertools import islice

from whoosh import query

from articles.search import query as qt
from articles.search.whoosh.columns import reader_state
from articles.search.whoosh.schema import NAME_ANALYZER, SCHEMA

# Our query fields (articles.search.query.TEXT_FIELDS) -> the Whoosh fields that search them.
TEXT_FIELD_MAP = {
    "": ("title", "text"),
    "title": ("title",),
    "author": ("author",),
    "section": ("section_t",),
    "source": ("source_t",),
    "person": ("people",),
    "org": ("orgs",),
}
HIGHLIGHT_FIELDS = ("title", "text")
# A term no document has: "matches nothing" must stay so inside an And (Whoosh drops a NullQuery there).
_NOTHING = query.Term("id", "\x00nothing")


def _tokens(fieldname: str, text: str) -> list[str]:
    return [t.text for t in SCHEMA[fieldname].analyzer(text)]


def compile_query(node: qt.Node | None) -> query.Query:
    """Our query tree (see articles.search.query) as a Whoosh query; NullQuery when nothing can match."""
    compiled = _compile(node) if node is not None else None
    return query.NullQuery if compiled is None else compiled.normalize()


def _any(parts: list[query.Query]) -> query.Query | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.Or(parts)


def _compile(node: qt.Node) -> query.Query | None:
    """None: the node says nothing (only stop words) and is left out of its group."""
    if isinstance(node, qt.Term):
        out = []
        for fieldname in TEXT_FIELD_MAP[node.field]:
            tokens = _tokens(fieldname, node.text)
            if tokens:
                # A word the analyser splits ("well-known") needs all its parts, like Whoosh's own parser.
                out.append(
                    query.Term(fieldname, tokens[0])
                    if len(tokens) == 1
                    else query.And([query.Term(fieldname, t) for t in tokens])
                )
        return _any(out)
    if isinstance(node, qt.Phrase):
        out = []
        for fieldname in TEXT_FIELD_MAP[node.field]:
            tokens = _tokens(fieldname, " ".join(node.words))
            if tokens:
                out.append(query.Term(fieldname, tokens[0]) if len(tokens) == 1 else query.Phrase(fieldname, tokens))
        return _any(out)
    if isinstance(node, qt.Prefix | qt.Fuzzy):
        # Normally replaced by query.bound(); a tree compiled unbounded still gets the per-term limit.
        kind = "prefix" if isinstance(node, qt.Prefix) else "fuzzy"
        distance = getattr(node, "distance", 0)
        terms = tuple(
            expand_terms(reader_state().searcher.reader(), node.field, kind, node.text, qt.MAX_EXPANSIONS, distance)
        )
        return _compile(qt.Expansion(node.field, kind, node.text, distance, terms))
    if isinstance(node, qt.Expansion):
        if not node.terms:
            return _NOTHING
        return query.Or([query.Term(f, t) for f in TEXT_FIELD_MAP[node.field] for t in node.terms])
    if isinstance(node, qt.Filter):
        return query.Term(node.field, node.value)
    if isinstance(node, qt.DateRange):
        return query.NumericRange("day", node.low, node.high)
    if isinstance(node, qt.Nothing):
        return _NOTHING
    if isinstance(node, qt.Not):
        child = _compile(node.child)
        return None if child is None else query.Not(child)
    if isinstance(node, qt.Or):
        return _any([_compile(c) for c in node.children])
    if isinstance(node, qt.And):
        positive: list[query.Query] = []
        negative: list[query.Query] = []
        for child in node.children:
            if isinstance(child, qt.Not):
                compiled = _compile(child.child)
                if compiled is not None:
                    negative.append(compiled)
            else:
                compiled = _compile(child)
                if compiled is not None:
                    positive.append(compiled)
        if not positive:
            return query.Not(_any(negative)) if negative else None
        pos = positive[0] if len(positive) == 1 else query.And(positive)
        # AndNot, not And([a, Not(b)]): Whoosh then skips b's matches instead of walking every document.
        return query.AndNot(pos, _any(negative)) if negative else pos
    raise TypeError(f"not a query node: {node!r}")


def expand_terms(reader, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
    """Words of the index vocabulary for a prefix or fuzzy term (see SearchBackend.expand)."""
    found: dict[str, int] = {}
    fieldnames = TEXT_FIELD_MAP.get(field, ())
    if kind == "fuzzy" and field == "":
        # The body's vocabulary only: a distance-2 walk costs 0.1-0.2 s per field at 20k articles, and a
        # headline's words are nearly always in its text too. The words are then searched in both fields.
        fieldnames = ("text",)
    for fieldname in reversed(fieldnames):  # text before title: the larger vocabulary
        if fieldname not in reader.schema:
            continue
        if kind == "prefix":
            folded = "".join(t.text for t in NAME_ANALYZER(text))
            if not folded:
                return []
            for term in islice(reader.expand_prefix(fieldname, folded), limit):
                word = term.decode() if isinstance(term, bytes) else term
                found.setdefault(word, 0)
            if len(found) >= limit:
                break
        else:
            tokens = _tokens(fieldname, text)
            if not tokens:
                continue
            for word in reader.terms_within(fieldname, tokens[0], max(1, min(distance, 2)), prefix=1):
                found[word] = max(found.get(word, 0), reader.doc_frequency(fieldname, word))
    words = list(found)
    if kind == "fuzzy":
        words.sort(key=lambda w: (-found[w], w))  # the commonest spellings first
    return words[:limit]
