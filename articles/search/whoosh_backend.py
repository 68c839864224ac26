"""Whoosh implementation of the search interface. The only module that imports Whoosh.

Design (see ../shared/NOTES.md for the measurements behind it):
- One writer at a time: every write (the index worker, rebuild, repair) holds an fcntl lock on
  ``<data>/index.lock`` *and* passes a timeout to Whoosh's own lock (its default of 0 fails at once).
- ``<data>/index`` is a symlink to ``index-<stamp>/``; ``rebuild`` fills a fresh directory and swaps
  the link atomically, so readers never see a half-built index.
- Each process keeps one long-lived searcher and refreshes it when the index changes; per searcher
  it caches numpy columns (article id, date, day) and, per facet field, (doc, value) pairs so that
  facet counts and filters are numpy operations instead of Whoosh's per-search ``groupedby``.
- Facets are disjunctive: each facet is counted with every *other* facet's filter applied.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from whoosh import highlight, index, query
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, WildcardPlugin
from whoosh.support.charset import accent_map

from articles.search.backend import CheckReport, FacetCount, IndexDocument, Results
from articles.search.params import FACETS, SearchParams

logger = logging.getLogger(__name__)

# Accents folded so that "Sao Paulo" finds "São Paulo"; stemmed English.
ANALYZER = (
    RegexTokenizer(r"\w+(?:[.']\w+)*")
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter(cachesize=100_000)
)
NAME_ANALYZER = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)

FACET_FIELDS = (*FACETS, "person", "org")
UNDATED = "undated"


def _keyword() -> KEYWORD:
    return KEYWORD(commas=True, scorable=False, lowercase=False)


SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    aid=NUMERIC(int, bits=64, sortable=True),
    version=STORED(),
    title=TEXT(analyzer=ANALYZER, field_boost=2.0),
    text=TEXT(analyzer=ANALYZER),
    author=TEXT(analyzer=NAME_ANALYZER),
    country=_keyword(),
    topic=_keyword(),
    source=_keyword(),
    section=_keyword(),
    lang=_keyword(),
    year=_keyword(),
    person=_keyword(),
    org=_keyword(),
    # epoch seconds; 0 when undated (a separate mask keeps undated articles last in every order)
    published=NUMERIC(int, bits=64, sortable=True, signed=True),
    day=NUMERIC(int, bits=32, sortable=True),  # YYYYMMDD, 0 when undated
)


def _keyword_value(values: Iterable[str]) -> str:
    # Commas separate keywords; a value may not contain one.
    return ",".join(v.replace(",", " ").strip() for v in values if v and v.strip())


def _fields(doc: IndexDocument) -> dict:
    year = str(doc.day // 10000) if doc.day else UNDATED
    return {
        "id": str(doc.id),
        "aid": doc.id,
        "version": doc.version,
        "title": doc.title,
        "text": doc.text,
        "author": " ; ".join(doc.authors),
        "country": _keyword_value(doc.country),
        "topic": _keyword_value(doc.topic),
        "source": _keyword_value([doc.source]),
        "section": _keyword_value([doc.section]),
        "lang": _keyword_value([doc.lang]),
        "year": year,
        "person": _keyword_value(doc.person),
        "org": _keyword_value(doc.org),
        "published": doc.published or 0,
        "day": doc.day or 0,
    }


# ----------------------------------------------------------------------------- directories and locks


def _data_dir() -> Path:
    return Path(settings.INDEX_DIR).parent


def _link() -> Path:
    return Path(settings.INDEX_DIR)


@contextmanager
def write_lock(timeout: float = 600.0) -> Iterator[None]:
    """The one-writer lock shared by the worker, rebuild and repair (across processes)."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    path = _data_dir() / f"{_link().name}.lock"
    with open(path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another process holds the index write lock {path}") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _new_dir() -> Path:
    path = _data_dir() / f"{_link().name}-{time.time_ns()}"
    path.mkdir(parents=True)
    os.chmod(path, 0o700)  # the schema is pickled: whoever can write here can run code in our processes
    return path


def _swap_link(target: Path) -> None:
    tmp = _data_dir() / f".{_link().name}.{time.time_ns()}.tmp"
    os.symlink(target.name, tmp)
    os.replace(tmp, _link())  # atomic on POSIX


def _prune_old_dirs(keep: Path) -> None:
    """Remove index directories other than the current one and the newest previous one
    (a reader that opened the previous one just before the swap can finish its request)."""
    prefix = f"{_link().name}-"
    dirs = sorted(
        (p for p in _data_dir().iterdir() if p.is_dir() and p.name.startswith(prefix) and p != keep),
        key=lambda p: p.name,
    )
    for old in dirs[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def _open_or_create() -> index.Index:
    link = _link()
    if not link.exists():
        with _create_lock():
            if not link.exists():
                target = _new_dir()
                index.create_in(str(target), SCHEMA)
                _swap_link(target)
    return index.open_dir(str(link.resolve()))


@contextmanager
def _create_lock() -> Iterator[None]:
    _data_dir().mkdir(parents=True, exist_ok=True)
    with open(_data_dir() / f"{_link().name}.create.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ----------------------------------------------------------------------------- reader state


@dataclass
class _Column:
    values: list[str]
    docs: np.ndarray  # docnum of each (doc, value) pair
    vals: np.ndarray  # value number of each pair
    lookup: dict[str, int]


@dataclass
class _ReaderState:
    target: str
    ix: index.Index
    searcher: object
    columns: dict[str, _Column] = field(default_factory=dict)
    live: np.ndarray | None = None
    aid: np.ndarray | None = None
    published: np.ndarray | None = None
    day: np.ndarray | None = None


_state_lock = threading.RLock()
_states: dict[str, _ReaderState] = {}


def _reader_state() -> _ReaderState:
    """The process's long-lived searcher for the current index, refreshed when the index changed."""
    with _state_lock:
        ix = None
        link = _link()
        if not link.exists():
            ix = _open_or_create()
        target = str(link.resolve())
        key = str(link)
        state = _states.get(key)
        if state is None or state.target != target:
            if state is not None:
                state.searcher.close()
            ix = ix or index.open_dir(target)
            state = _ReaderState(target=target, ix=ix, searcher=ix.searcher())
            _states[key] = state
        elif not state.searcher.up_to_date():
            # A new searcher, not searcher.refresh(): Whoosh 2.7.5's refresh() reuses segment readers
            # that do not see deletions committed since (and fails outright on an EmptyReader).
            state.searcher.close()
            state.searcher = state.ix.searcher()
            state.columns.clear()
            state.live = state.aid = state.published = state.day = None
        if state.live is None:
            _load_columns(state)
        return state


def _load_columns(state: _ReaderState) -> None:
    reader = state.searcher.reader()
    n = reader.doc_count_all()
    live = np.zeros(n, dtype=bool)
    live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    state.live = live

    def column(name: str) -> np.ndarray:
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        return np.fromiter(reader.column_reader(name), dtype=np.int64, count=n)

    state.aid = column("aid")
    state.published = column("published")
    state.day = column("day")


def _facet_column(state: _ReaderState, name: str) -> _Column:
    col = state.columns.get(name)
    if col is None:
        reader = state.searcher.reader()
        values: list[str] = []
        docs: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        for term in reader.lexicon(name):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = np.fromiter(reader.postings(name, value).all_ids(), dtype=np.int64)
            if len(ids) == 0:
                continue
            docs.append(ids)
            vals.append(np.full(len(ids), len(values), dtype=np.int64))
            values.append(value)
        col = _Column(
            values=values,
            docs=np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
            vals=np.concatenate(vals) if vals else np.zeros(0, dtype=np.int64),
            lookup={v: i for i, v in enumerate(values)},
        )
        state.columns[name] = col
    return col


def _value_mask(state: _ReaderState, name: str, values: Iterable[str]) -> np.ndarray:
    col = _facet_column(state, name)
    mask = np.zeros(len(state.live), dtype=bool)
    wanted = [col.lookup[v] for v in values if v in col.lookup]
    if wanted:
        mask[col.docs[np.isin(col.vals, wanted)]] = True
    return mask


# ----------------------------------------------------------------------------- query parsing

_WORD_RE = re.compile(r"\w+")


def _parser(fallback: bool = False) -> MultifieldParser:
    parser = MultifieldParser(["title", "text"], SCHEMA, group=AndGroup)
    # Unbounded wildcard expansion is a denial-of-service vector on a public page.
    parser.remove_plugin_class(WildcardPlugin)
    if fallback:
        from whoosh.qparser import plugins

        for cls in (
            plugins.FieldsPlugin,
            plugins.PhrasePlugin,
            plugins.RangePlugin,
            plugins.GroupPlugin,
            plugins.OperatorsPlugin,
            plugins.BoostPlugin,
            plugins.EveryPlugin,
            plugins.SingleQuotePlugin,
        ):
            parser.remove_plugin_class(cls)
    return parser


def parse_query(text: str) -> tuple[query.Query | None, bool]:
    """Return (query, fallback). None means "no words": list everything."""
    if not _WORD_RE.search(text):
        return None, False
    try:
        q = _parser().parse(text)
        if q is not query.NullQuery:
            return q, False
    except Exception:  # noqa: BLE001 - any parser failure falls back to plain words
        logger.info("query %r could not be parsed; searching its words", text)
    words = " ".join(_WORD_RE.findall(text))
    q = _parser(fallback=True).parse(words)
    if q is query.NullQuery:
        # Only stop words: nothing can match, which is the honest answer.
        return query.NullQuery, True
    return q, True


def describe_query(q: query.Query | None) -> str:
    """A readable rendering of how the query was understood."""
    if q is None:
        return ""
    if isinstance(q, query.Or) and len(q.subqueries) == 2:
        a, b = q.subqueries
        if _same_text(a, b):
            return _describe_leaf(b)
    if isinstance(q, query.And):
        return " AND ".join(_wrap(describe_query(s), s) for s in q.subqueries)
    if isinstance(q, query.Or):
        return " OR ".join(_wrap(describe_query(s), s) for s in q.subqueries)
    if isinstance(q, query.Not):
        return "NOT " + _wrap(describe_query(q.query), q.query)
    if isinstance(q, query.AndNot):
        return f"{describe_query(q.a)} AND NOT {_wrap(describe_query(q.b), q.b)}"
    return _describe_leaf(q)


def _wrap(text: str, q: query.Query) -> str:
    return f"({text})" if isinstance(q, query.Or | query.And | query.AndNot) and " " in text else text


def _same_text(a: query.Query, b: query.Query) -> bool:
    return (
        type(a) is type(b)
        and getattr(a, "fieldname", None) == "title"
        and getattr(b, "fieldname", None) == "text"
        and getattr(a, "text", getattr(a, "words", None)) == getattr(b, "text", getattr(b, "words", None))
    )


def _describe_leaf(q: query.Query) -> str:
    field_name = getattr(q, "fieldname", "")
    prefix = "" if field_name in ("title", "text", "") else f"{field_name}:"
    if isinstance(q, query.Phrase):
        return f'{prefix}"{" ".join(q.words)}"'
    if isinstance(q, query.Prefix):
        return f"{prefix}{q.text}*"
    if hasattr(q, "text"):
        return f"{prefix}{q.text}"
    return str(q)


# ----------------------------------------------------------------------------- the backend


class WhooshBackend:
    """See ``articles.search.backend.SearchBackend``."""

    # ---- writes (the worker, rebuild, repair: one writer at a time)

    def update(self, docs: Iterable[IndexDocument], deleted: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and delete ``deleted`` in one commit. Returns the number of changes."""
        with write_lock():
            ix = _open_or_create()
            writer = ix.writer(timeout=30, limitmb=128)
            changed = 0
            try:
                seen: set[int] = set()
                for doc in docs:
                    # update_document twice for one id in one writer leaves duplicates (NOTES.md).
                    if doc.id in seen:
                        continue
                    seen.add(doc.id)
                    writer.update_document(**_fields(doc))
                    changed += 1
                for article_id in deleted:
                    if article_id not in seen:
                        changed += writer.delete_by_term("id", str(article_id))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            return changed

    def add(self, docs: Iterable[IndexDocument]) -> int:
        return self.update(docs)

    def delete(self, ids: Iterable[int]) -> int:
        return self.update((), ids)

    def rebuild(self, docs: Iterable[IndexDocument], *, progress=None) -> int:
        """Build a fresh index in a new directory, then swap it in atomically."""
        with write_lock():
            target = _new_dir()
            try:
                ix = index.create_in(str(target), SCHEMA)
                writer = ix.writer(limitmb=256)
                count = 0
                for doc in docs:
                    writer.add_document(**_fields(doc))
                    count += 1
                    if progress and count % 1000 == 0:
                        progress(count)
                writer.commit()
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            _swap_link(target)
            _prune_old_dirs(keep=target)
            return count

    def optimize(self) -> None:
        with write_lock():
            _open_or_create().optimize()

    # ---- reads

    def indexed_versions(self) -> dict[int, list[str]]:
        state = _reader_state()
        found: dict[int, list[str]] = {}
        reader = state.searcher.reader()
        # Not reader.iter_docs(): a SegmentReader's iter_docs() also yields deleted documents.
        for docnum in reader.all_doc_ids():
            stored = reader.stored_fields(docnum)
            found.setdefault(int(stored["id"]), []).append(stored.get("version", ""))
        return found

    def check(self, versions: dict[int, str]) -> CheckReport:
        indexed = self.indexed_versions()
        report = CheckReport()
        for article_id, version in versions.items():
            got = indexed.get(article_id)
            if not got:
                report.missing.append(article_id)
            elif len(got) > 1 or got[0] != version:
                report.stale.append(article_id)
        report.extra = sorted(set(indexed) - set(versions))
        report.missing.sort()
        report.stale.sort()
        return report

    def doc_count(self) -> int:
        return int(_reader_state().live.sum())

    def search(self, params: SearchParams, *, facets: Iterable[str] = ()) -> Results:
        state = _reader_state()
        searcher = state.searcher
        q, fallback = parse_query(params.q)
        live = state.live
        if q is None:
            base = live.copy()
        elif q is query.NullQuery:
            base = np.zeros_like(live)
        else:
            base = np.zeros_like(live)
            matched = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
            base[matched] = True
            base &= live
        if params.date_from or params.date_to:
            low = int(params.date_from.strftime("%Y%m%d")) if params.date_from else 1
            high = int(params.date_to.strftime("%Y%m%d")) if params.date_to else 99991231
            base &= (state.day >= low) & (state.day <= high)

        masks: dict[str, np.ndarray] = {}
        for name, flt in params.filters.items():
            if not flt:
                continue
            mask = _value_mask(state, name, flt.include) if flt.include else np.ones_like(live)
            if flt.exclude:
                mask &= ~_value_mask(state, name, flt.exclude)
            masks[name] = mask

        final = base.copy()
        for mask in masks.values():
            final &= mask

        facet_counts: dict[str, list[FacetCount]] = {}
        for name in facets:
            scope = base.copy()
            for other, mask in masks.items():
                if other != name:
                    scope &= mask
            col = _facet_column(state, name)
            hit = scope[col.docs] if len(col.docs) else np.zeros(0, dtype=bool)
            counts = np.bincount(col.vals[hit], minlength=len(col.values))
            order = np.lexsort((np.arange(len(counts)), -counts))
            facet_counts[name] = [FacetCount(col.values[i], int(counts[i])) for i in order if counts[i] > 0]

        total = int(final.sum())
        start = (params.page - 1) * params.size
        end = start + params.size
        sort = params.effective_sort
        if start >= total:
            page_docs: list[int] = []
        elif sort == "relevance" and q is not None:
            restrict = None if np.array_equal(final, base) else set(np.flatnonzero(final).tolist())
            hits = searcher.search(q, limit=end, filter=restrict)
            page_docs = [hit.docnum for hit in hits[start:end]]
        else:
            candidates = np.flatnonzero(final)
            pub = state.published[candidates]
            undated = (state.day[candidates] == 0).astype(np.int8)
            aid = state.aid[candidates]
            if sort == "oldest":
                order = np.lexsort((aid, pub, undated))
            else:
                order = np.lexsort((-aid, -pub, undated))
            page_docs = candidates[order[start:end]].tolist()

        terms = frozenset()
        if q is not None and q is not query.NullQuery:
            terms = frozenset(t for f, t in q.iter_all_terms() if f in ("title", "text"))
        return Results(
            total=total,
            ids=[int(state.aid[d]) for d in page_docs],
            facets=facet_counts,
            query_read=describe_query(q),
            fallback=fallback,
            terms=frozenset(t.decode() if isinstance(t, bytes) else t for t in terms),
        )

    # ---- highlighting (of the shown page only, from the database's text)

    def highlight(self, text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False) -> str:
        """HTML with matched words in <mark>; the text is escaped. '' when nothing matched."""
        if not terms or not text:
            return ""
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=160, surround=50)
        return highlight.highlight(text, terms, ANALYZER, fragmenter, formatter, top=top)
