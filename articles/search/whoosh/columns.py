"""The process's long-lived searcher and its column caches.

Each process keeps one searcher and refreshes it when the index changes; per searcher it caches numpy
columns (article id, date, day, near-duplicate original) and, per facet field, (doc, value) pairs, so
that facet counts and filters are numpy operations instead of Whoosh's per-search ``groupedby``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from whoosh import collectors, index

from articles.search.whoosh.store import index_link, open_or_create


@dataclass
class _Column:
    values: list[str]
    docs: np.ndarray  # docnum of each (doc, value) pair
    vals: np.ndarray  # value number of each pair
    lookup: dict[str, int]


@dataclass
class ReaderState:
    target: str
    ix: index.Index
    searcher: object
    columns: dict[str, _Column] = field(default_factory=dict)
    live: np.ndarray | None = None
    aid: np.ndarray | None = None
    published: np.ndarray | None = None
    day: np.ndarray | None = None
    dup: np.ndarray | None = None
    derived: dict[str, object] = field(default_factory=dict)  # per-searcher structures (see per_searcher)


_state_lock = threading.RLock()
_states: dict[str, ReaderState] = {}


class ScoreAll(collectors.ScoredCollector):
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


def reader_state() -> ReaderState:
    """The process's long-lived searcher for the current index, refreshed when the index changed."""
    with _state_lock:
        ix = None
        link = index_link()
        if not link.exists():
            ix = open_or_create()
        target = str(link.resolve())
        key = str(link)
        state = _states.get(key)
        if state is None or state.target != target:
            if state is not None:
                state.searcher.close()
            ix = ix or index.open_dir(target)
            state = ReaderState(target=target, ix=ix, searcher=ix.searcher())
            _states[key] = state
        elif not state.searcher.up_to_date():
            # A new searcher, not searcher.refresh(): Whoosh 2.7.5's refresh() reuses segment readers
            # that do not see deletions committed since (and fails outright on an EmptyReader).
            state.searcher.close()
            state.searcher = state.ix.searcher()
            state.columns.clear()
            state.derived.clear()
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


def _segment_key(state: ReaderState, segreader) -> tuple[str, str]:
    segment = segreader.segment() if hasattr(segreader, "segment") else None
    return (state.target, segment.segment_id() if segment is not None else f"empty-{id(segreader)}")


# Segments never change once written (only their deletion lists do, and deletions are applied through
# the live mask at query time), so their columns are cached per segment: after the worker commits, a
# process reads only the new segments, not the whole index again.
_segment_cache: dict[tuple[str, str], dict[str, object]] = {}


def _segment_data(state: ReaderState, segreader) -> dict[str, object]:
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


def _load_columns(state: ReaderState) -> None:
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


def _segment_facet(state: ReaderState, segreader, name: str) -> tuple[list[str], np.ndarray, np.ndarray]:
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


def per_segment(state: ReaderState, name: str, build: Callable[[object], object]) -> list[tuple[object, int]]:
    """``(build(segment reader), first docnum)`` for every segment of the state's searcher; each segment's
    result is cached with its columns (a segment never changes, so a commit builds only the new ones)."""
    out = []
    for segreader, offset in _segments(state.searcher.reader()):
        data = _segment_data(state, segreader)
        key = f"derived:{name}"
        if key not in data:
            data[key] = build(segreader)
        out.append((data[key], offset))
    return out


def per_searcher(state: ReaderState, name: str, build: Callable[[ReaderState], object]) -> object:
    """``build(state)``, cached until the index changes (the searcher is replaced)."""
    with _state_lock:
        if name not in state.derived:
            state.derived[name] = build(state)
        return state.derived[name]


def facet_column(state: ReaderState, name: str) -> _Column:
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


def value_mask(state: ReaderState, name: str, values: Iterable[str]) -> np.ndarray:
    col = facet_column(state, name)
    mask = np.zeros(len(state.live), dtype=bool)
    wanted = [col.lookup[v] for v in values if v in col.lookup]
    if wanted:
        mask[col.docs[np.isin(col.vals, wanted)]] = True
    return mask
