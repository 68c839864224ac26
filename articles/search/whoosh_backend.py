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
from itertools import islice
from pathlib import Path

import numpy as np
from django.conf import settings
from whoosh import collectors, highlight, index, query
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from articles.search import query as qt
from articles.search.backend import CheckReport, FacetCount, Histogram, IndexDocument, Results
from articles.search.facets import FACETS, name_value
from articles.search.histogram import bin_days
from articles.search.params import SearchParams

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

FACET_FIELDS = FACETS
SPELL_CHARS = 1500
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
    # Searchable twins of the facet fields (person:singh, source:reuters) — the KEYWORD fields keep
    # the exact values for facets and filters.
    people=TEXT(analyzer=NAME_ANALYZER),
    orgs=TEXT(analyzer=NAME_ANALYZER),
    source_t=TEXT(analyzer=NAME_ANALYZER),
    section_t=TEXT(analyzer=NAME_ANALYZER),
    dup=NUMERIC(int, bits=64, sortable=True),  # the original's article id for a near-duplicate, else 0
    # The archive's own vocabulary, unstemmed, for "did you mean" (no positions: it is never searched).
    spell=TEXT(analyzer=NAME_ANALYZER, phrase=False),
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
    return ",".join(name_value(v) for v in values if v and v.strip())


def _fields(doc: IndexDocument) -> dict:
    year = str(doc.day // 10000) if doc.day else UNDATED
    return {
        "id": str(doc.id),
        "aid": doc.id,
        "version": doc.version,
        "title": doc.title,
        "text": doc.text,
        "author": " ; ".join(doc.authors),
        "people": " ; ".join(doc.person),
        "orgs": " ; ".join(doc.org),
        "source_t": doc.source,
        "section_t": doc.section,
        "dup": doc.duplicate_of or 0,
        # Title and lead are enough to learn the archive's common words, at a fraction of the cost.
        "spell": f"{doc.title}\n{doc.text[:SPELL_CHARS]}",
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
def _file_lock(suffix: str, timeout: float) -> Iterator[None]:
    """An exclusive fcntl lock on ``<data>/index<suffix>``, across processes; TimeoutError after ``timeout``."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    path = _data_dir() / f"{_link().name}{suffix}"
    with open(path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another process holds the lock {path}") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_lock(timeout: float = 600.0):
    """The one-writer lock shared by the worker, rebuild and repair."""
    return _file_lock(".lock", timeout)


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
        # A lock of its own: a reader may create the empty index while a writer holds the write lock.
        with _file_lock(".create.lock", timeout=60):
            if not link.exists():
                target = _new_dir()
                index.create_in(str(target), SCHEMA)
                _swap_link(target)
    return index.open_dir(str(link.resolve()))


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
    dup: np.ndarray | None = None


_state_lock = threading.RLock()
_states: dict[str, _ReaderState] = {}


class _ScoreAll(collectors.ScoredCollector):
    """Records every match with its score (numpy ranks them afterwards, among the filtered matches)."""

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self.docnums: list[int] = []
        self.scores: list[float] = []

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docnums.append(global_docnum)
        self.scores.append(score)
        return 0 - score

    def results(self) -> None:
        return None


def close_all() -> None:
    """Close every open searcher of this process (tests switch index directories; shutdown hooks)."""
    with _state_lock:
        for state in _states.values():
            state.searcher.close()
        _states.clear()
        _segment_cache.clear()


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
            state.live = state.aid = state.published = state.day = state.dup = None
        if state.live is None:
            _load_columns(state)
        return state


def _segments(reader) -> list[tuple[object, int]]:
    """(segment reader, first docnum) pairs of a searcher's reader (one reader when there is one segment)."""
    subs = getattr(reader, "readers", None)
    if subs is None:
        return [(reader, 0)]
    return list(zip(subs, reader.doc_offsets, strict=True))


def _segment_key(state: _ReaderState, segreader) -> tuple[str, str]:
    segment = segreader.segment() if hasattr(segreader, "segment") else None
    return (state.target, segment.segment_id() if segment is not None else f"empty-{id(segreader)}")


# Segments never change once written (only their deletion lists do, and deletions are applied through
# the live mask at query time), so their columns are cached per segment: after the worker commits, a
# process reads only the new segments, not the whole index again.
_segment_cache: dict[tuple[str, str], dict[str, object]] = {}


def _segment_data(state: _ReaderState, segreader) -> dict[str, object]:
    key = _segment_key(state, segreader)
    data = _segment_cache.get(key)
    if data is None:
        n = segreader.doc_count_all()

        def column(name: str) -> np.ndarray:
            if n == 0 or name not in segreader.schema:
                # An index built before a field existed has no column for it: rebuild_index adds it.
                return np.zeros(n, dtype=np.int64)
            return np.fromiter(segreader.column_reader(name), dtype=np.int64, count=n)

        data = {name: column(name) for name in ("aid", "published", "day", "dup")}
        _segment_cache[key] = data
    return data


def _load_columns(state: _ReaderState) -> None:
    reader = state.searcher.reader()
    n = reader.doc_count_all()
    live = np.zeros(n, dtype=bool)
    live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    state.live = live
    parts = [_segment_data(state, seg) for seg, _ in _segments(reader)]
    for name in ("aid", "published", "day", "dup"):
        arrays = [part[name] for part in parts]
        setattr(state, name, np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64))
    # Forget segments merged away since (they are no longer part of any open reader).
    current = {_segment_key(state, seg) for seg, _ in _segments(reader)}
    for key in [k for k in _segment_cache if k[0] == state.target and k not in current]:
        del _segment_cache[key]


def _segment_facet(state: _ReaderState, segreader, name: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    data = _segment_data(state, segreader)
    cached = data.get(f"facet:{name}")
    if cached is None:
        values: list[str] = []
        docs: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        if name in segreader.schema:
            # Postings with deleted documents too: the segment's deletions change, the cache does not.
            fieldobj = segreader.schema[name]
            terms = getattr(segreader, "_terms", None)
            for term in segreader.lexicon(name):
                btext = term if isinstance(term, bytes) else fieldobj.to_bytes(term)
                if terms is not None:
                    ids = np.fromiter(terms.matcher(name, btext, fieldobj.format).all_ids(), dtype=np.int64)
                else:
                    ids = np.fromiter(segreader.postings(name, btext).all_ids(), dtype=np.int64)
                if len(ids):
                    docs.append(ids)
                    vals.append(np.full(len(ids), len(values), dtype=np.int64))
                    values.append(btext.decode("utf-8"))
        cached = (
            values,
            np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
            np.concatenate(vals) if vals else np.zeros(0, dtype=np.int64),
        )
        data[f"facet:{name}"] = cached
    return cached


def _facet_column(state: _ReaderState, name: str) -> _Column:
    """(doc, value) pairs of a facet field over the whole index, merged from the per-segment caches."""
    col = state.columns.get(name)
    if col is None:
        values: list[str] = []
        lookup: dict[str, int] = {}
        docs: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        for segreader, offset in _segments(state.searcher.reader()):
            seg_values, seg_docs, seg_vals = _segment_facet(state, segreader, name)
            if not seg_values:
                continue
            mapping = np.empty(len(seg_values), dtype=np.int64)
            for i, value in enumerate(seg_values):
                if value not in lookup:
                    lookup[value] = len(values)
                    values.append(value)
                mapping[i] = lookup[value]
            docs.append(seg_docs + offset)
            vals.append(mapping[seg_vals])
        col = _Column(
            values=values,
            docs=np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
            vals=np.concatenate(vals) if vals else np.zeros(0, dtype=np.int64),
            lookup=lookup,
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


# ----------------------------------------------------------------------------- spelling

SPELL_MIN_FREQ = 2
SPELL_DOMINANCE = 20
_OPERATORS = {"and", "or", "not"}


def _closest(reader, word: str, at_least: int = 0) -> str | None:
    """The best word at the smallest Damerau-Levenshtein distance (1, then 2) that appears in at least
    ``at_least`` documents: fewest edits, then same letters (a transposition), then most frequent."""
    floor = max(at_least, SPELL_MIN_FREQ)
    # Whoosh's automaton counts a transposition as two edits, so distance 2 is asked for in both cases;
    # a known word is only replaced by one a single true edit away.
    for maxdist in (1, 2):
        # Misspellings rarely touch the first letter; the shared prefix keeps the DFA walk short.
        found = [
            (reader.doc_frequency("spell", w), w)
            for w in reader.terms_within("spell", word, maxdist, prefix=1)
            if w != word
        ]
        found = [(freq, w) for freq, w in found if freq >= floor and (not at_least or _damerau(word, w) <= 1)]
        if found:
            letters = sorted(word)
            return min(found, key=lambda fw: (_damerau(word, fw[1]), sorted(fw[1]) != letters, -fw[0], fw[1]))[1]
    return None


def _damerau(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _histogram(days: np.ndarray) -> Histogram:
    values, counts = np.unique(days, return_counts=True)
    undated = int(counts[values == 0].sum()) if len(values) else 0
    return bin_days(zip(values.tolist(), counts.tolist(), strict=True), undated)


# ----------------------------------------------------------------------------- the backend


class WhooshBackend:
    """See ``articles.search.backend.SearchBackend``."""

    # ---- writes (the worker, rebuild, repair: one writer at a time)

    def update(self, docs: Iterable[IndexDocument], deleted: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and delete ``deleted`` in one commit. Returns the number of changes."""
        with write_lock():
            ix = _open_or_create()
            # compound=False: Whoosh reads a compound segment file into each process's memory (BytesIO);
            # separate files are memory-mapped and shared (measured: +53 MB vs +1 MB per process at 20k).
            writer = ix.writer(timeout=30, limitmb=128, compound=False)
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

    def article_changed(self, article_ids: list[int]) -> None:
        """Queue the index job in the caller's transaction: the article and its job commit or vanish
        together, and the index worker (the only writer) applies it."""
        from articles.tasks import index_articles

        index_articles.enqueue(sorted({int(i) for i in article_ids}))

    def close(self) -> None:
        close_all()

    def add(self, docs: Iterable[IndexDocument]) -> int:
        return self.update(docs)

    def delete(self, ids: Iterable[int]) -> int:
        return self.update((), ids)

    def rebuild(self, docs: Iterable[IndexDocument], *, progress=None, procs: int = 1) -> int:
        """Build a fresh index in a new directory, then swap it in atomically. With ``procs`` > 1, Whoosh
        analyses documents in that many processes and keeps one segment per process (measured in
        NOTES.md: half the time of one process at 20k articles on 2 cores)."""
        with write_lock():
            target = _new_dir()
            try:
                ix = index.create_in(str(target), SCHEMA)
                if procs > 1:
                    writer = ix.writer(procs=procs, limitmb=256, multisegment=True, compound=False)
                else:
                    writer = ix.writer(limitmb=256, compound=False)
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
            _open_or_create().writer(timeout=30, compound=False).commit(optimize=True)

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
        report.outdated_schema = set(_reader_state().searcher.reader().schema.names()) != set(SCHEMA.names())
        report.missing.sort()
        report.stale.sort()
        return report

    def doc_count(self) -> int:
        return int(_reader_state().live.sum())

    def search(
        self,
        parsed: qt.ParsedQuery,
        params: SearchParams,
        *,
        facets: Iterable[str] = (),
        facet_limit: int | dict[str, int] = 50,
        histogram: bool = False,
        collapse: bool = True,
    ) -> Results:
        """See ``SearchBackend.search``."""
        state = _reader_state()
        searcher = state.searcher
        q = None if parsed.tree is None else compile_query(parsed.tree)
        live = state.live
        if q is None:
            base = live.copy()
        elif q is query.NullQuery:
            base = np.zeros_like(live)
        else:
            base = np.zeros_like(live)
            if params.effective_sort == "relevance":
                # One pass scores every match: it gives both the facets' match set and the ranking
                # (docs_for_query and then search() would match everything twice).
                collector = _ScoreAll()
                searcher.search_with_collector(q, collector)
                matched = np.asarray(collector.docnums, dtype=np.int64)
                scores = np.zeros(len(live), dtype=np.float64)
                scores[matched] = collector.scores
            else:
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
        facet_totals: dict[str, int] = {}
        for name in facets:
            scope = base.copy()
            for other, mask in masks.items():
                if other != name:
                    scope &= mask
            col = _facet_column(state, name)
            hit = scope[col.docs] if len(col.docs) else np.zeros(0, dtype=bool)
            counts = np.bincount(col.vals[hit], minlength=len(col.values))
            limit = facet_limit.get(name, 50) if isinstance(facet_limit, dict) else facet_limit
            nonzero = np.flatnonzero(counts)
            # Only the top values become Python objects (people and organisations have tens of thousands).
            if len(nonzero) > limit:
                top = nonzero[np.argpartition(-counts[nonzero], limit - 1)[:limit]]
            else:
                top = nonzero
            top = top[np.lexsort((top, -counts[top]))]
            chosen = [FacetCount(col.values[i], int(counts[i])) for i in top]
            listed = {c.value for c in chosen}
            flt = params.filters.get(name)
            for value in (*flt.include, *flt.exclude) if flt else ():
                if value not in listed and value in col.lookup and counts[col.lookup[value]] > 0:
                    chosen.append(FacetCount(value, int(counts[col.lookup[value]])))
            facet_counts[name] = chosen
            facet_totals[name] = len(nonzero)

        # Near-duplicates whose original also matches are collapsed under it ("3 similar").
        visible = final
        similar: dict[int, int] = {}
        copies = np.flatnonzero(final & (state.dup != 0)) if collapse else np.zeros(0, dtype=np.int64)
        if len(copies):
            hidden = copies[np.isin(state.dup[copies], state.aid[final])]
            if len(hidden):
                visible = final.copy()
                visible[hidden] = False
                originals, counts = np.unique(state.dup[hidden], return_counts=True)
                similar = dict(zip(originals.tolist(), counts.tolist(), strict=True))

        total = int(final.sum())
        shown = int(visible.sum())
        start = (params.page - 1) * params.size
        end = start + params.size
        sort = params.effective_sort
        if start >= shown:
            page_docs: list[int] = []
        elif sort == "relevance" and q is not None:
            candidates = np.flatnonzero(visible)
            ranked = candidates[np.lexsort((candidates, -scores[candidates]))]
            page_docs = ranked[start:end].tolist()
        else:
            candidates = np.flatnonzero(visible)
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
            terms = frozenset(t for f, t in q.iter_all_terms() if f in HIGHLIGHT_FIELDS)
        ids = [int(state.aid[d]) for d in page_docs]
        return Results(
            total=total,
            ids=ids,
            facets=facet_counts,
            facet_totals=facet_totals,
            terms=frozenset(t.decode() if isinstance(t, bytes) else t for t in terms),
            shown=shown,
            similar={i: similar[i] for i in ids if i in similar},
            histogram=_histogram(state.day[final]) if histogram else None,
        )

    def more_like_this(self, article_id: int, text: str, *, limit: int = 5) -> list[int]:
        """Article ids most like this one (by its distinctive words), best first."""
        state = _reader_state()
        found = np.flatnonzero((state.aid == article_id) & state.live)  # the aid column keeps deleted docs
        if not len(found) or not text:
            return []
        docnum = int(found[0])
        hits = state.searcher.more_like(docnum, "text", text=text[:20000], top=limit + 5, numterms=12)
        # Its own near-duplicates are listed separately on the article page.
        keep = [h.docnum for h in hits if h.docnum != docnum and state.dup[h.docnum] != article_id]
        return [int(state.aid[d]) for d in keep[:limit]]

    def expand(self, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
        """See ``SearchBackend.expand``."""
        return expand_terms(_reader_state().searcher.reader(), field, kind, text, limit, distance)

    # ---- "did you mean"

    def suggest(self, text: str) -> str | None:
        """The query with each unknown word replaced by the archive's closest common word, or None."""
        reader = _reader_state().searcher.reader()
        if "spell" not in reader.schema:
            return None
        changed = False
        out = []
        for token in re.split(r"(\W+)", text):
            word = token.lower()
            if len(word) < 3 or not word.isalpha() or word in _OPERATORS:
                out.append(token)
                continue
            folded = "".join(t.text for t in NAME_ANALYZER(word))
            freq = reader.doc_frequency("spell", folded)
            # A word the archive knows is kept, unless it is a rare spelling of a far commoner word
            # (wire copy has its own typos: "goverment" appears, "government" appears much more).
            best = _closest(reader, folded, at_least=max(SPELL_MIN_FREQ, freq * SPELL_DOMINANCE) if freq else 0)
            if freq >= SPELL_MIN_FREQ and best is None:
                out.append(token)
                continue
            if best and best != folded:
                out.append(best)
                changed = True
            else:
                out.append(token)
        return "".join(out) if changed else None

    # ---- highlighting (of the shown page only, from the database's text)

    def highlight(self, text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False) -> str:
        """HTML with matched words in <mark>; the text is escaped. '' when nothing matched."""
        if not terms or not text:
            return ""
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=160, surround=50)
        return highlight.highlight(text, terms, ANALYZER, fragmenter, formatter, top=top)


# ----------------------------------------------------------------------------- compiling the query tree

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
            expand_terms(_reader_state().searcher.reader(), node.field, kind, node.text, qt.MAX_EXPANSIONS, distance)
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
    for fieldname in reversed(TEXT_FIELD_MAP.get(field, ())):  # text before title: the larger vocabulary
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
