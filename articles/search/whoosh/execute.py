"""Matching and scoring with numpy instead of Whoosh's Python matchers (which score every posting of a
broad term one call at a time: 79 ms for a term in 12k articles).

The compiled Whoosh query is executed over arrays: a term's postings (document numbers and weights) are
read once per segment into numpy arrays and kept in a byte-bounded cache (``POSTINGS``; a segment never
changes once written, deletions are applied through the live mask, and a new segment simply adds
entries); And / Or / AndNot are sorted-array set operations that sum the scores as Whoosh's matchers do;
a term is scored with Whoosh's own BM25F formula and statistics (``searcher.idf``,
``avg_field_length``, the segment's stored field lengths, the posting weight, which already carries a
field's boost). Keyword fields (country, topic, lang: not scorable) score their posting weight, as
Whoosh's ``WeightScorer`` does; a day range is a mask on the day column and ``Not`` the live documents
outside its child, both scoring 1 (Whoosh's ``ConstantScoreQuery`` and ``InverseMatcher``). A phrase is
the And of its words (Whoosh's phrase matcher scores the intersection of its terms), kept where the words
stand at consecutive positions; positions are read only for the documents that contain every word, from
only the posting blocks that hold them. A query with a part this module does not execute returns None and
runs on Whoosh, so answers never differ: tests/test_whoosh_execute.py compares both on the query-language
table.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import OrderedDict

import numpy as np
from django.conf import settings
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from articles.search.whoosh.columns import ReaderState, _segment_data, _segment_key, _segments
from articles.search.whoosh.schema import SCHEMA

_BM25 = BM25F()
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Scores are rounded so that equal sums computed in another order tie exactly (ties go by article id).
SCORE_DECIMALS = 9


def _nbytes(value) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, tuple | list):
        return sum(_nbytes(v) for v in value) + 8 * len(value)
    if isinstance(value, bytes):
        return len(value) + 33
    return 64


class _PostingsCache:
    """(segment, field, term) -> (document numbers, weights, block starts, block offsets), and (segment,
    field, term, block) -> that block's encoded positions; least recently used first out, bounded in bytes."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, tuple[tuple, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        return int(getattr(settings, "NEWSARCHIVE_POSTINGS_CACHE_MB", 64)) * 1024 * 1024

    def get(self, key: tuple):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: tuple, value: tuple, size: int | None = None) -> None:
        size = _nbytes(value) if size is None else size
        with self._lock:
            if key in self._items or size > self.limit:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.limit and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def nbytes(self) -> int:
        return self._bytes


POSTINGS = _PostingsCache()
_EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32), np.zeros(1, dtype=np.int64), ())


def _read_postings(segreader, fieldname: str, btext: bytes) -> tuple:
    """All postings of a term in one segment, deleted documents included (the live mask removes them):
    (document numbers, weights, where each block starts in them (and the total), each block's file offset)."""
    terms = getattr(segreader, "_terms", None)
    fieldobj = segreader.schema[fieldname]
    if terms is None or (fieldname, btext) not in terms:
        return _EMPTY
    m = terms.matcher(fieldname, btext, fieldobj.format)
    if not hasattr(m, "_baseoffset"):  # an inlined posting list (a rare term of a small segment)
        found = list(m.items_as("weight"))
        if not found:
            return _EMPTY
        ids = np.array([i for i, _ in found], dtype=np.int32)
        return ids, np.array([w for _, w in found], dtype=np.float32), np.array([0, len(ids)]), ()
    ids: list = []
    weights: list = []
    offsets: list[int] = []
    starts = [0]
    position = m._baseoffset
    # Block by block (Whoosh keeps each block's ids and weights as arrays), not posting by posting.
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.append(np.asarray(m._ids, dtype=np.int32))
        weights.append(np.asarray(m._weights, dtype=np.float32))
        offsets.append(position)
        starts.append(starts[-1] + len(ids[-1]))
        if m._lastblock:
            break
        position = m._nextoffset
        m._next_block()
    if not ids:
        return _EMPTY
    return np.concatenate(ids), np.concatenate(weights), np.array(starts, dtype=np.int64), tuple(offsets)


def _postings(state: ReaderState, segreader, fieldname: str, btext: bytes) -> tuple:
    key = (*_segment_key(state, segreader), fieldname, btext)
    found = POSTINGS.get(key)
    if found is None:
        found = _read_postings(segreader, fieldname, btext)
        POSTINGS.put(key, found)
    return found


def warm_postings(
    state: ReaderState, fieldnames, *, share: float = 0.5, seconds: float = 1.5, terms_per_field: int = 400
) -> int:
    """Read the postings of the fields' most frequent terms (``terms_per_field`` of each) into the cache,
    most frequent first, until ``share`` of the cache's bytes are used or ``seconds`` have passed (a worker
    does this before it serves:
    nearly every query has one of these words, and a fresh worker would read each from disk). Returns the
    number of terms read. A rarer word is read on first use, as before."""
    started = time.perf_counter()
    budget = POSTINGS.limit * share
    done = 0
    for segreader, _ in _segments(state.searcher.reader()):
        terms = getattr(segreader, "_terms", None)
        if terms is None:
            continue
        frequent = []
        for fieldname in fieldnames:
            if fieldname not in segreader.schema:
                continue
            # (documents, field, term) of the field's terms; the terms index holds each term's frequency
            for (field, btext), info in terms.items_from(fieldname, b""):
                if field != fieldname:
                    break  # the next field's terms
                frequent.append((info.doc_frequency(), fieldname, btext))
        frequent = heapq.nlargest(terms_per_field * len(fieldnames), frequent)
        for _, fieldname, btext in frequent:
            if POSTINGS.nbytes >= budget or time.perf_counter() - started > seconds:
                return done
            _postings(state, segreader, fieldname, btext)
            done += 1
    return done


def _lengths(state: ReaderState, segreader, fieldname: str) -> np.ndarray:
    data = _segment_data(state, segreader)
    key = f"len:{fieldname}"
    if key not in data:
        n = segreader.doc_count_all()
        reader = segreader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        raw = np.fromiter(reader, dtype=np.uint8, count=n) if reader is not None else np.zeros(n, dtype=np.uint8)
        data[key] = _LENGTHS[raw]
    return data[key]


def _btext(searcher, fieldname: str, text) -> bytes:
    return text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)


def _segment_term(state: ReaderState, segreader, fieldname: str, btext: bytes, stats: dict):
    """(segment document numbers, scores) of one term in one segment; ``stats`` keeps the term's
    index-wide statistics once asked for (an empty index has none)."""
    ids, weights = _postings(state, segreader, fieldname, btext)[:2]
    if not len(ids):
        return ids.astype(np.int64), np.zeros(0, dtype=np.float64)
    searcher = state.searcher
    if not searcher.schema[fieldname].scorable:
        return ids.astype(np.int64), weights.astype(np.float64)  # Whoosh's WeightScorer: the weight
    if "idf" not in stats:
        stats["idf"] = searcher.idf(fieldname, btext)
        stats["avgfl"] = searcher.avg_field_length(fieldname) or 1
    idf, avgfl = stats["idf"], stats["avgfl"]
    tf = weights.astype(np.float64)
    fl = _lengths(state, segreader, fieldname)[ids]
    b, k1 = _BM25.B, _BM25.K1
    return ids.astype(np.int64), idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))


def _per_segment(state: ReaderState, one) -> tuple[np.ndarray, np.ndarray]:
    ids_parts, score_parts = [], []
    for segreader, offset in _segments(state.searcher.reader()):
        ids, scores = one(segreader)
        if len(ids):
            ids_parts.append(ids + offset)
            score_parts.append(scores)
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(ids_parts), np.concatenate(score_parts)


def _term(state: ReaderState, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    btext = _btext(state.searcher, fieldname, text)
    stats: dict = {}
    return _per_segment(state, lambda seg: _segment_term(state, seg, fieldname, btext, stats))


def _positions(state: ReaderState, segreader, fieldname: str, btext: bytes, docs: np.ndarray):
    """(document, position) pairs of a term in the given documents of one segment (sorted, all present),
    decoded from only the posting blocks that hold them."""
    ids, _, starts, offsets = _postings(state, segreader, fieldname, btext)
    index = np.searchsorted(ids, docs)  # where each wanted document's posting is
    blocks = np.searchsorted(starts, index, side="right") - 1
    fieldobj = segreader.schema[fieldname]
    decode = fieldobj.format.decode_positions
    out_docs: list[int] = []
    out_pos: list[int] = []
    matcher = None
    segkey = _segment_key(state, segreader)
    for block in np.unique(blocks).tolist():
        if offsets:
            key = (*segkey, fieldname, btext, block)
            values = POSTINGS.get(key)
            if values is None:
                if matcher is None:
                    matcher = segreader._terms.matcher(fieldname, btext, fieldobj.format)
                matcher._goto(offsets[block])
                matcher._read_values()
                values = tuple(matcher._values)
                POSTINGS.put(key, values, sum(map(len, values)) + 41 * len(values))  # bytes objects and slots
        else:  # inlined postings: one block
            values = tuple(v for _, v in segreader._terms.matcher(fieldname, btext, fieldobj.format).all_items())
        first = int(starts[block])
        for i in index[blocks == block].tolist():
            poses = decode(values[i - first])
            out_docs.extend([int(ids[i])] * len(poses))
            out_pos.extend(poses)
    return np.asarray(out_docs, dtype=np.int64), np.asarray(out_pos, dtype=np.int64)


def _phrase(state: ReaderState, q) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh's ``Phrase`` (slop 1, ordered): every word at consecutive positions; scored as the And of
    its words (its matcher scores the intersection of its term matchers)."""
    fieldname = q.fieldname
    btexts = [_btext(state.searcher, fieldname, w) for w in q.words]
    stats = [{} for _ in btexts]

    def one(segreader):
        ids, scores = _and(
            [_segment_term(state, segreader, fieldname, bt, st) for bt, st in zip(btexts, stats, strict=True)]
        )
        if not len(ids):
            return ids, scores
        # (document, position of the phrase's first word) where each word stands in its place.
        keys = None
        for bt in dict.fromkeys(btexts):
            docs, poses = _positions(state, segreader, fieldname, bt, ids)
            for j in [j for j, other in enumerate(btexts) if other == bt]:
                found = np.unique((docs << 32) + (poses - j + (1 << 31)))
                keys = found if keys is None else np.intersect1d(keys, found, assume_unique=True)
        keep = np.isin(ids, np.unique(keys >> 32), assume_unique=True)
        return ids[keep], scores[keep]

    return _per_segment(state, one)


def _range(state: ReaderState, q) -> tuple[np.ndarray, np.ndarray]:
    """A day range (``NumericRange`` on the day column): a constant score of 1, as Whoosh's."""
    day = state.day
    low = q.start if q.start is not None else np.iinfo(np.int64).min
    high = q.end if q.end is not None else np.iinfo(np.int64).max
    mask = (day > low) if q.startexcl else (day >= low)
    mask &= (day < high) if q.endexcl else (day <= high)
    ids = np.flatnonzero(mask)
    return ids, np.ones(len(ids), dtype=np.float64)


def _not(state: ReaderState, q) -> tuple[np.ndarray, np.ndarray]:
    """The live documents outside the child, scoring 1 (Whoosh's ``InverseMatcher``)."""
    mask = state.live.copy()
    mask[_run(state, q.query)[0]] = False
    ids = np.flatnonzero(mask)
    return ids, np.ones(len(ids), dtype=np.float64)


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
    kind = type(q)
    if q.boost != 1:
        return False
    if kind is query.Term:
        return q.fieldname in SCHEMA.names()
    if kind is query.Phrase:
        fieldobj = SCHEMA[q.fieldname] if q.fieldname in SCHEMA.names() else None
        return (
            q.slop == 1
            and len(q.words) > 1
            and fieldobj is not None
            and fieldobj.format is not None
            and fieldobj.format.supports("positions")
        )
    if kind is query.NumericRange:
        return q.fieldname == "day" and q.constantscore
    if kind is query.Not:
        return supported(q.query)
    if kind in (query.And, query.Or):
        return all(supported(s) for s in q.subqueries) and (kind is query.And or not q.minmatch)
    if kind in (query.AndNot, query.Require):
        return supported(q.a) and supported(q.b)
    return False


def execute(state: ReaderState, q) -> tuple[np.ndarray, np.ndarray] | None:
    """(matching document numbers, sorted; their scores) of a compiled query, or None when unsupported."""
    if not supported(q):
        return None
    ids, scores = _run(state, q)
    return ids, np.round(scores, SCORE_DECIMALS)


def _run(state: ReaderState, q):
    kind = type(q)
    if kind is query.Term:
        return _term(state, q.fieldname, q.text)
    if kind is query.Phrase:
        return _phrase(state, q)
    if kind is query.NumericRange:
        return _range(state, q)
    if kind is query.Not:
        return _not(state, q)
    if kind is query.And:
        return _and([_run(state, s) for s in q.subqueries])
    if kind is query.Or:
        return _or([_run(state, s) for s in q.subqueries])
    if kind is query.Require:  # the documents of both, scored by the first alone (Whoosh's RequireMatcher)
        ids, scores = _run(state, q.a)
        keep = np.isin(ids, _run(state, q.b)[0], assume_unique=True)
        return ids[keep], scores[keep]
    pos_ids, pos_scores = _run(state, q.a)
    neg_ids, _ = _run(state, q.b)
    keep = ~np.isin(pos_ids, neg_ids, assume_unique=True)
    return pos_ids[keep], pos_scores[keep]
