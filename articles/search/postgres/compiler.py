"""The query tree (``articles.search.query``) compiled to SQL over ``articles_search`` (alias ``s``).

Leaves on one vector column are merged into one ``tsquery`` (``a & b``, ``a | b``, ``!a``, phrases with
``<->``, title words restricted to weight A), so that the GIN index sees one search per column; leaves
on different columns, tag filters and date ranges are combined in SQL. Words go to ``to_tsquery`` as
quoted lexemes in a bound parameter: the engine's parser then stems, folds accents and drops stop words,
exactly as it did for the vectors (a stop word inside an ``&`` simply drops out).

Languages (``articles.search.languages``): each row's document was analysed by its language's
configuration, so a tree with words in it is compiled once per analysis in play (the same tsquery
text, read by that analysis's configuration), each copy restricted to that analysis's rows, and the
copies ORed — the same matches as the Whoosh engine's per-language fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from articles.search import languages
from articles.search import query as q
from articles.search.postgres.schema import CONFIGS, NAMES, text_config

# Query field -> (column, configuration, weight restriction)
COLUMNS = {
    "": ("document", None, ""),
    "title": ("document", None, "A"),
    "author": ("authors", NAMES, ""),
    "section": ("section", NAMES, ""),
    "source": ("source", NAMES, ""),
    "person": ("people", NAMES, ""),
    "org": ("orgs", NAMES, ""),
}
MAX_PREFIX_TERMS = q.MAX_EXPANSIONS  # an expansion this long may have been cut: search its words only


def quote(word: str) -> str:
    """A word (or several: a phrase) as one quoted tsquery operand; the parser splits and stems it."""
    # PostgreSQL text cannot hold NUL, and a query may (the parser keeps what it cannot read as words).
    word = word.replace("\x00", "")
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass
class TS:
    """A tsquery over one column."""

    column: str
    text: str


@dataclass
class SQL:
    expr: str
    params: list = field(default_factory=list)
    # The tsquery text when the condition is exactly one match of the document column (``s.document @@
    # to_tsquery(config, words)``), else None.
    words: str | None = None


def _config(column: str, config: str | None = None) -> str:
    return next(cfg or config or text_config() for col, cfg, _ in COLUMNS.values() if col == column)


def _ts_sql(node: TS, config: str | None = None) -> SQL:
    words = node.text if node.column == "document" else None
    return SQL(f"s.{node.column} @@ to_tsquery('{_config(node.column, config)}', %s)", [node.text], words)


def as_sql(node: TS | SQL, config: str | None = None) -> SQL:
    """``config``: the configuration reading the document column's words (default English)."""
    return _ts_sql(node, config) if isinstance(node, TS) else node


def _day(value: int) -> datetime:
    """The start of a YYYYMMDD day in UTC; days past a month's end roll over (20230231 is March 3rd),
    years are kept within what a datetime holds."""
    year, month, day = value // 10000, value // 100 % 100, value % 100
    start = datetime(min(max(year, 1), 9999), min(max(month, 1), 12), 1, tzinfo=UTC)
    return start + timedelta(days=max(day, 1) - 1)


def _leaf(node) -> TS | SQL:
    if isinstance(node, q.Term | q.Phrase | q.Expansion):
        column, _, weight = COLUMNS[node.field]
        suffix = f":{weight}" if weight else ""
        if isinstance(node, q.Term):
            return TS(column, quote(node.text) + suffix)
        if isinstance(node, q.Phrase):
            # One quoted operand of several words is a phrase (<->, stop words kept as gaps: <2>).
            return TS(column, quote(" ".join(node.words)) + suffix)
        if not node.terms:
            return SQL("false")
        if node.kind == "prefix" and len(node.terms) < MAX_PREFIX_TERMS:
            # Every word with this prefix: the index's own prefix search (":*") finds them all at once.
            return TS(column, quote(node.text) + f":*{weight}")
        return TS(column, "(" + " | ".join(quote(t) + suffix for t in node.terms) + ")")
    if isinstance(node, q.Prefix):  # not bounded (the caller skipped query.bound): the index's prefix search
        column, _, weight = COLUMNS[node.field]
        return TS(column, quote(node.text) + f":*{weight}")
    if isinstance(node, q.Fuzzy):  # not bounded: the word itself
        column, _, weight = COLUMNS[node.field]
        return TS(column, quote(node.text) + (f":{weight}" if weight else ""))
    if isinstance(node, q.Filter):
        return SQL("s.facets @> ARRAY[%s]::text[]", [f"{node.field}:{node.value}"])
    if isinstance(node, q.DateRange):
        # s.day: the publisher's local date (as IndexDocument.day)
        return SQL("(s.day >= %s AND s.day <= %s)", [_day(node.low).date(), _day(node.high).date()])
    if isinstance(node, q.Nothing):
        return SQL("false")
    raise TypeError(f"not a query node: {node!r}")


def _combine(children: list[TS | SQL], op: str, config: str | None) -> TS | SQL:
    ts_op, sql_op = ("&", "AND") if op == "and" else ("|", "OR")
    by_column: dict[str, list[str]] = {}
    rest: list[SQL] = []
    for child in children:
        if isinstance(child, TS):
            by_column.setdefault(child.column, []).append(child.text)
        else:
            rest.append(child)
    merged = [TS(col, "(" + f" {ts_op} ".join(texts) + ")") for col, texts in by_column.items()]
    if not rest and len(merged) == 1:
        return merged[0]
    parts = [as_sql(m, config) for m in merged] + rest
    return SQL("(" + f" {sql_op} ".join(p.expr for p in parts) + ")", [v for p in parts for v in p.params])


def compile_node(node, config: str | None = None) -> TS | SQL:
    if isinstance(node, q.And):
        return _combine([compile_node(c, config) for c in node.children], "and", config)
    if isinstance(node, q.Or):
        return _combine([compile_node(c, config) for c in node.children], "or", config)
    if isinstance(node, q.Not):
        child = compile_node(node.child, config)
        if isinstance(child, TS):
            return TS(child.column, f"!({child.text})")
        return SQL(f"NOT coalesce({child.expr}, false)", child.params)
    return _leaf(node)


def _has_text(tree) -> bool:
    return any(getattr(leaf, "field", None) in ("", "title") for leaf, _ in q.leaves(tree))


def analysis_restriction(analysis: str) -> str:
    return f"s.facets @> ARRAY['analysis:{analysis}']"


def where(tree, analyses: tuple[str, ...] = (languages.ENGLISH,)) -> SQL:
    """The tree as a WHERE condition over ``articles_search s`` (None: every article). ``analyses``: those
    in play (``languages.in_play``); with one, its configuration reads every row (the caller's filters
    keep only its rows, or the archive has no other)."""
    if tree is None:
        return SQL("true")
    if not _has_text(tree) or len(analyses) <= 1:
        config = CONFIGS[analyses[0]] if analyses else None
        return as_sql(compile_node(tree, config), config)
    node = compile_node(tree)
    if isinstance(node, TS) and node.column == "document":
        # Words on the text only (the usual query): its tsquery text is the same in every analysis. One
        # index search for any reading, then each row checked against its own analysis's reading.
        readings = " || ".join(f"to_tsquery('{CONFIGS[a]}', %s)" for a in analyses)
        return SQL(
            f"(s.document @@ ({readings}) AND s.document @@ to_tsquery({row_config(analyses)}, %s))",
            [node.text] * (len(analyses) + 1),
        )
    branches = []
    for analysis in analyses:
        config = CONFIGS[analysis]
        branch = as_sql(compile_node(tree, config), config)
        branches.append(SQL(f"({analysis_restriction(analysis)} AND {branch.expr})", branch.params))
    return SQL("(" + " OR ".join(b.expr for b in branches) + ")", [v for b in branches for v in b.params])


def row_config(analyses: tuple[str, ...]) -> str:
    """SQL of the configuration of a row's analysis, among those in play (a literal when one)."""
    if len(analyses) <= 1:
        return f"'{text_config(analyses[0] if analyses else None)}'::regconfig"
    cases = " ".join(f"WHEN {analysis_restriction(a)} THEN '{CONFIGS[a]}'::regconfig" for a in analyses[1:])
    return f"(CASE {cases} ELSE '{CONFIGS[analyses[0]]}'::regconfig END)"


def rank_query(tree) -> str | None:
    """A tsquery of the words the ranking rewards (every positive leaf on the document), or None."""
    texts = []
    for leaf, negated in q.leaves(tree):
        if negated or not isinstance(leaf, q.Term | q.Phrase | q.Expansion):
            continue
        node = _leaf(leaf)
        if isinstance(node, TS) and node.column == "document":
            texts.append(node.text)
    return " | ".join(texts) if texts else None


def highlight_terms(tree) -> frozenset[str]:
    """The words to mark in titles and snippets: the positive words and phrases on the text fields."""
    terms: set[str] = set()
    for leaf, negated in q.leaves(tree):
        if negated or getattr(leaf, "field", None) not in ("", "title"):
            continue
        if isinstance(leaf, q.Term):
            terms.add(leaf.text)
        elif isinstance(leaf, q.Phrase):
            terms.update(leaf.words)
        elif isinstance(leaf, q.Expansion):
            terms.update(leaf.terms if leaf.kind == "fuzzy" else (f"{leaf.text}*",))
    return frozenset(terms)
