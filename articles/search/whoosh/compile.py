"""Our query tree (``articles.search.query``) compiled to Whoosh queries, and prefix / fuzzy expansion
over the index vocabulary (``SearchBackend.expand``).

Languages (``articles.search.languages``): an article's title and text are indexed in the fields of its
language's analysis, so a tree with words in it is compiled once per analysis in play, each copy
analysing the words in that language and searching that analysis's fields; the copies are ORed. A copy
can only match its own articles when it requires one of its words; one that does not (``-wahlen``
alone) is restricted to them explicitly (``Require`` on the ``analysis`` field)."""

from __future__ import annotations

from itertools import islice

from whoosh import query

from articles.search import languages
from articles.search import query as qt
from articles.search.whoosh.columns import per_searcher, reader_state
from articles.search.whoosh.schema import ANALYSIS_OF_FIELD, NAME_ANALYZER, SCHEMA, TEXT_FIELDS, TITLE_FIELDS

# Our query fields (articles.search.query.TEXT_FIELDS) -> the Whoosh fields that search them (the text
# fields of English; see fields() for the other analyses).
TEXT_FIELD_MAP = {
    "": ("title", "text"),
    "title": ("title",),
    "author": ("author",),
    "section": ("section_t",),
    "source": ("source_t",),
    "person": ("people",),
    "org": ("orgs",),
}
HIGHLIGHT_FIELDS = tuple(ANALYSIS_OF_FIELD)
# A term no document has: "matches nothing" must stay so inside an And (Whoosh drops a NullQuery there).
_NOTHING = query.Term("id", "\x00nothing")


def fields(field: str, analysis: str = languages.ENGLISH) -> tuple[str, ...]:
    """The Whoosh fields searching a query field for the articles of one analysis."""
    if field == "":
        return (TITLE_FIELDS[analysis], TEXT_FIELDS[analysis])
    if field == "title":
        return (TITLE_FIELDS[analysis],)
    return TEXT_FIELD_MAP[field]


def _tokens(fieldname: str, text: str) -> list[str]:
    return [t.text for t in SCHEMA[fieldname].analyzer(text)]


def archive_analyses(state=None) -> tuple[str, ...]:
    """The analyses of the articles in the index (deleted ones may count until their segment is merged)."""

    def build(state) -> tuple[str, ...]:
        reader = state.searcher.reader()
        if "analysis" not in reader.schema:
            return (languages.ENGLISH,)
        held = [term.decode() if isinstance(term, bytes) else term for term in reader.lexicon("analysis")]
        return languages.ordered(held) or (languages.ENGLISH,)

    return per_searcher(state or reader_state(), "analyses", build)


def _has_text(node: qt.Node) -> bool:
    return any(getattr(leaf, "field", None) in ("", "title") for leaf, _ in qt.leaves(node))


def _anchored(q: query.Query, analysis: str) -> bool:
    """Whether every match of ``q`` has a word in one of this analysis's fields (so is one of its articles)."""
    if isinstance(q, query.Term | query.Phrase):
        return ANALYSIS_OF_FIELD.get(q.fieldname) == analysis
    if isinstance(q, query.And | query.Require):
        return any(_anchored(s, analysis) for s in q.children())
    if isinstance(q, query.Or):
        return all(_anchored(s, analysis) for s in q.subqueries)
    if isinstance(q, query.AndNot):
        return _anchored(q.a, analysis)
    return False


def compile_query(node: qt.Node | None, analyses: tuple[str, ...] | None = None) -> query.Query:
    """Our query tree (see articles.search.query) as a Whoosh query; NullQuery when nothing can match.
    ``analyses``: the analyses in play (``languages.in_play``; default every one the index holds)."""
    if node is None:
        return query.NullQuery
    if not _has_text(node):
        compiled = _compile(node, languages.ENGLISH)  # no words of the text: the same in every language
    else:
        branches = []
        for analysis in analyses or archive_analyses():
            branch = _compile(node, analysis)
            if branch is None:
                continue
            if not _anchored(branch, analysis):
                branch = query.Require(branch, query.Term("analysis", analysis))
            branches.append(branch)
        compiled = _any(branches)
    return query.NullQuery if compiled is None else compiled.normalize()


def _any(parts: list[query.Query]) -> query.Query | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.Or(parts)


def _compile(node: qt.Node, analysis: str) -> query.Query | None:
    """None: the node says nothing (only stop words) and is left out of its group."""
    if isinstance(node, qt.Term):
        out = []
        for fieldname in fields(node.field, analysis):
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
        for fieldname in fields(node.field, analysis):
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
        return _compile(qt.Expansion(node.field, kind, node.text, distance, terms), analysis)
    if isinstance(node, qt.Expansion):
        if not node.terms:
            return _NOTHING
        names = fields(node.field, analysis)
        if node.field in ("", "title"):
            # The words come from every analysis's vocabulary: each field searches those it has.
            reader = reader_state().searcher.reader()
            found = [query.Term(f, t) for f in names for t in node.terms if (f, t) in reader]
            return query.Or(found) if found else _NOTHING
        return query.Or([query.Term(f, t) for f in names for t in node.terms])
    if isinstance(node, qt.Filter):
        return query.Term(node.field, node.value)
    if isinstance(node, qt.DateRange):
        return query.NumericRange("day", node.low, node.high)
    if isinstance(node, qt.Nothing):
        return _NOTHING
    if isinstance(node, qt.Not):
        child = _compile(node.child, analysis)
        return None if child is None else query.Not(child)
    if isinstance(node, qt.Or):
        return _any([_compile(c, analysis) for c in node.children])
    if isinstance(node, qt.And):
        positive: list[query.Query] = []
        negative: list[query.Query] = []
        for child in node.children:
            if isinstance(child, qt.Not):
                compiled = _compile(child.child, analysis)
                if compiled is not None:
                    negative.append(compiled)
            else:
                compiled = _compile(child, analysis)
                if compiled is not None:
                    positive.append(compiled)
        if not positive:
            return query.Not(_any(negative)) if negative else None
        pos = positive[0] if len(positive) == 1 else query.And(positive)
        # AndNot, not And([a, Not(b)]): Whoosh then skips b's matches instead of walking every document.
        return query.AndNot(pos, _any(negative)) if negative else pos
    raise TypeError(f"not a query node: {node!r}")


def expand_terms(reader, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
    """Words of the index vocabulary for a prefix or fuzzy term (see SearchBackend.expand); on the text
    fields, of every analysis the index holds."""
    found: dict[str, int] = {}
    if field in ("", "title"):
        held = archive_analyses()
        # Text before title (the larger vocabulary), English first.
        fieldnames = tuple(TEXT_FIELDS[a] for a in held if field == "") + tuple(TITLE_FIELDS[a] for a in held)
    else:
        fieldnames = TEXT_FIELD_MAP.get(field, ())
    if kind == "fuzzy" and field == "":
        # The body's vocabulary only: a distance-2 walk costs 0.1-0.2 s per field at 20k articles, and a
        # headline's words are nearly always in its text too. The words are then searched in both fields.
        fieldnames = tuple(f for f in fieldnames if f in TEXT_FIELDS.values())
    for fieldname in fieldnames:
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
