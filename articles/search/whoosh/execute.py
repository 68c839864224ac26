"""Matching and scoring with numpy instead of Whoosh's Python matchers (which score every posting of a
broad term one call at a time: 79 ms for a term in 12k articles).

The compiled Whoosh query is executed over arrays: a term's postings (document numbers and weights) are
read once per segment into numpy arrays and kept in a byte-bounded cache (``POSTINGS``; a segment never
changes once written, deletions are applied through the live mask, and a new segment simply adds
entries); And / Or / AndNot are sorted-array set operations that sum the scores as Whoosh's matchers do;
a term is scored with Whoosh's own BM25F formula and statistics (``searcher.idf``,
``avg_field_length``, the segment's stored field lengths, the posting weight, which already carries a
field's boost). A query with a part this module does not execute (phrases, filters on keyword fields,
ranges) returns None and runs on Whoosh, so answers never differ: tests/test_whoosh_execute.py compares
both on the query-language table.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from articles.search.whoosh.columns import ReaderState, _segment_data, _segment_key, _segments

_BM25 = BM25F()
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Scores are rounded so that equal sums computed in another order tie exactly (ties go by article id).
SCORE_DECIMALS = 9


class _PostingsCache:
    """(segment, field, term) -> (document numbers, weights), least recently used first out, bounded in bytes."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        return int(getattr(settings, "NEWSARCHIVE_POSTINGS_CACHE_MB", 64)) * 1024 * 1024

    def get(self, key: tuple):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple[np.ndarray, np.ndarray]) -> None:
        size = value[0].nbytes + value[1].nbytes
        with self._lock:
            if key in self._items or size > self.limit:
                return
            self._items[key] = value
            self._bytes += size
            while self._bytes > self.limit and self._items:
                _, (ids, weights) = self._items.popitem(last=False)
                self._bytes -= ids.nbytes + weights.nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def nbytes(self) -> int:
        return self._bytes


POSTINGS = _PostingsCache()


def _read_postings(segreader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """All postings of a term in one segment, deleted documents included (the live mask removes them)."""
    terms = getattr(segreader, "_terms", None)
    fieldobj = segreader.schema[fieldname]
    if terms is None or (fieldname, btext) not in terms:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    m = terms.matcher(fieldname, btext, fieldobj.format)
    ids: list = []
    weights: list = []
    # Block by block (Whoosh keeps each block's ids and weights as arrays), not posting by posting.
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.append(np.asarray(m._ids, dtype=np.int32))
        weights.append(np.asarray(m._weights, dtype=np.float32))
        if m._lastblock:
            break
        m._next_block()
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _lengths(state: ReaderState, segreader, fieldname: str) -> np.ndarray:
    data = _segment_data(state, segreader)
    key = f"len:{fieldname}"
    if key not in data:
        n = segreader.doc_count_all()
        reader = segreader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        raw = np.fromiter(reader, dtype=np.uint8, count=n) if reader is not None else np.zeros(n, dtype=np.uint8)
        data[key] = _LENGTHS[raw]
    return data[key]


def _term(state: ReaderState, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    searcher = state.searcher
    btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
    idf = avgfl = None  # asked for only when the term has postings (an empty index has no statistics)
    ids_parts, score_parts = [], []
    for segreader, offset in _segments(searcher.reader()):
        key = (*_segment_key(state, segreader), fieldname, btext)
        found = POSTINGS.get(key)
        if found is None:
            found = _read_postings(segreader, fieldname, btext)
            POSTINGS.put(key, found)
        ids, weights = found
        if not len(ids):
            continue
        if idf is None:
            idf = searcher.idf(fieldname, btext)
            avgfl = searcher.avg_field_length(fieldname) or 1
        tf = weights.astype(np.float64)
        fl = _lengths(state, segreader, fieldname)[ids]
        b, k1 = _BM25.B, _BM25.K1
        ids_parts.append(ids.astype(np.int64) + offset)
        score_parts.append(idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl))))
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(ids_parts), np.concatenate(score_parts)


def _and(parts):
    ids, scores = parts[0]
    for other_ids, other_scores in parts[1:]:
        ids, mine, theirs = np.intersect1d(ids, other_ids, assume_unique=True, return_indices=True)
        scores = scores[mine] + other_scores[theirs]
    return ids, scores


def _or(parts):
    ids = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    unique, inverse = np.unique(ids, return_inverse=True)
    return unique, np.bincount(inverse, weights=scores, minlength=len(unique))


def supported(q) -> bool:
    """Whether ``execute`` can run this compiled query (else Whoosh runs it)."""
    if type(q) is query.Term:
        return q.boost == 1 and q.fieldname in state_fields()
    if type(q) in (query.And, query.Or):
        return q.boost == 1 and all(supported(s) for s in q.subqueries) and (type(q) is query.And or not q.minmatch)
    if type(q) is query.AndNot:
        return q.boost == 1 and supported(q.a) and supported(q.b)
    return False


def state_fields() -> frozenset[str]:
    # The scorable word fields (BM25F); keyword fields score by weight in Whoosh and are left to it.
    from articles.search.whoosh.schema import SCHEMA

    return frozenset(name for name in SCHEMA.names() if SCHEMA[name].scorable)


def execute(state: ReaderState, q) -> tuple[np.ndarray, np.ndarray] | None:
    """(matching document numbers, sorted; their scores) of a compiled query, or None when unsupported."""
    if not supported(q):
        return None
    ids, scores = _run(state, q)
    return ids, np.round(scores, SCORE_DECIMALS)


def _run(state: ReaderState, q):
    if type(q) is query.Term:
        return _term(state, q.fieldname, q.text)
    if type(q) is query.And:
        return _and([_run(state, s) for s in q.subqueries])
    if type(q) is query.Or:
        return _or([_run(state, s) for s in q.subqueries])
    pos_ids, pos_scores = _run(state, q.a)
    neg_ids, _ = _run(state, q.b)
    keep = ~np.isin(pos_ids, neg_ids, assume_unique=True)
    return pos_ids[keep], pos_scores[keep]
