"""The rebuild's writer: Whoosh's ``SegmentWriter`` with a cheaper posting pool and posting loop.

It writes the same segment, file for file and byte for byte, as ``ix.writer()`` does for the same
documents (tests/test_rebuild_writer.py compares the files); only the way there is cheaper. Profiled at
20k articles (issue 11), Whoosh's writer spent about half of a rebuild outside analysis:

- its posting pool keeps one (field, term, doc, weight, value) tuple per posting (4.7 million at 20k),
  sorts them, pickles runs of ``limitmb`` to temporary files one tuple at a time and merges the runs
  back with ``heapq`` — the term bytes are stored again with every posting;
- writing the postings asks the per-document reader for each posting's field length, which for a field
  without lengths (the keyword fields) is a ``stat()`` of a missing column file, per posting.

Here the postings are grouped by term as they are added (a term's postings arrive in document order, so
a term's list needs no sorting), a run is a file of whole terms in term order (``marshal``), the runs are
merged by term, the field lengths are read once per field, and each term's posting blocks are filled a
block at a time rather than by one ``add_posting`` call per posting. Only for a fresh index in one
process: it neither merges other segments nor keeps spelling words (the schema has none).
"""

from __future__ import annotations

import heapq
import marshal
from collections.abc import Callable, Iterator

from whoosh import index
from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import _lenfield
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from articles.search.whoosh.schema import SCHEMA

# Bytes a posting costs in the pool (three list slots, its weight, its value bytes) and a new term (its
# bytes, a dict slot, a list), as estimates against ``limitmb``. At 20k articles (4.7 million postings)
# limitmb=256 makes one run file; peak RSS 391 MB, against 450 MB with Whoosh's own pool.
POSTING_BYTES = 100
TERM_BYTES = 200


def new_index_writer(path, *, procs: int = 1, limitmb: int = 256, whooshs_own: bool = False):
    """A writer of a new index created in ``path``: with ``procs`` > 1 Whoosh's multiprocessing writer
    (one segment per process), else ``RebuildWriter`` — or, with ``whooshs_own``, the writer it stands
    in for (the tests compare their segments)."""
    ix = index.create_in(str(path), SCHEMA)
    if procs > 1:
        return ix.writer(procs=procs, limitmb=limitmb, multisegment=True, compound=False)
    if whooshs_own:
        return ix.writer(limitmb=limitmb, compound=False)
    return RebuildWriter(ix, limitmb=limitmb, compound=False)


class RebuildWriter(SegmentWriter):
    """``SegmentWriter`` for a fresh index (``rebuild``): ``add_document`` and ``commit`` only."""

    def __init__(self, ix, limitmb: int = 256, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        spelling = [name for name, field in self.schema.items() if field.separate_spelling()]
        if self.segments or spelling:
            self.cancel()  # releases the index's lock
            raise ValueError(f"RebuildWriter writes a fresh index only, without spelling words ({spelling})")
        self.pool = _TermPool(self._tempstorage, limitmb * 1024 * 1024)

        self._fused = {name: fused_index(field) for name, field in self.schema.items() if field.indexed}

    def add_reader(self, reader):
        raise NotImplementedError("RebuildWriter writes a fresh index only")

    def add_document(self, **fields):
        """``SegmentWriter.add_document`` with the pool's ``add`` inlined (one call per posting fewer)."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        terms_of = pool.terms
        added = 0

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]

                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    scorable = field.scorable
                    terms = terms_of.get(fieldname)
                    if terms is None:
                        terms = terms_of[fieldname] = {}
                    fused = self._fused.get(fieldname)
                    items = fused(value) if fused is not None and type(value) is str else field.index(value)
                    for tbytes, freq, weight, vbytes in items:
                        weight *= fieldboost
                        if scorable:
                            length += freq
                        postings = terms.get(tbytes)
                        if postings is None:
                            terms[tbytes] = [docnum, weight, vbytes]
                            pool.size += TERM_BYTES + len(tbytes)
                        else:
                            postings += (docnum, weight, vbytes)
                        added += 1

                vformat = field.vector
                if vformat:
                    vitems = vformat.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)

                customval = fields.get(f"_stored_{fieldname}", value)
                sv = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)

                column = field.column_type
                if column and customval is not None:
                    cv = field.to_column_value(customval)
                    perdocwriter.add_column_value(fieldname, column, cv)
        except Exception:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        pool.size += added * POSTING_BYTES
        if pool.size > pool.limit:
            pool.save()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        """``SegmentWriter._flush_segment`` and ``FieldWriter.add_postings`` in one loop over terms."""
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        doccount = self.docnum
        fw = self.fieldwriter
        schema = self.schema
        lastfn = None
        lengths: list | None = None
        for fieldname, btext, postings in self.pool.terms_in_order():
            if fieldname != lastfn:
                if lastfn is not None:
                    fw.finish_field()
                fw.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
                # FieldWriter.add_postings asks doc_field_length(docnum, fieldname) per posting: the same
                # answers (0 for a field without lengths), read once per document.
                if pdr is not None and pdr.has_column(_lenfield(fieldname)):
                    lengths = [pdr.doc_field_length(d, fieldname) for d in range(doccount)]
                else:
                    lengths = None
            fw.start_term(btext)
            _add_postings(fw._postwriter, postings, lengths)
            fw.finish_term()
        if lastfn is not None:
            fw.finish_field()
        fw.close()
        if pdr:
            pdr.close()


def _add_postings(pw, postings: list, lengths: list | None) -> None:
    """What ``W3PostingsWriter.add_posting`` does for each of a term's postings (doc, weight, value, ...),
    a block at a time: the block's lists extended, its statistics from max()/min(), a full block written
    before the next posting — the same blocks (pinned Whoosh-Reloaded 2.7.5's private attributes)."""
    assert not pw._byteids
    ids, weights, values = postings[0::3], postings[1::3], postings[2::3]
    limit = pw._blocklimit
    for start in range(0, len(ids), limit):
        if start:
            pw._write_block()
        block_ids = ids[start : start + limit]
        block_weights = weights[start : start + limit]
        pw._ids.extend(block_ids)
        pw._weights.extend(block_weights)
        heaviest = max(block_weights)
        if heaviest > pw._maxweight:
            pw._maxweight = heaviest
        pw._values.extend(v for v in values[start : start + limit] if v)
        if lengths is not None:
            known = [n for n in (lengths[d] for d in block_ids) if n]
            if known:
                shortest, longest = min(known), max(known)
                if pw._minlength is None or shortest < pw._minlength:
                    pw._minlength = shortest
                if longest > pw._maxlength:
                    pw._maxlength = longest


STEM_CACHE = 500_000  # words whose stems are kept per analyser (cleared when full)


def fused_index(field) -> Callable[[str], list[tuple[bytes, int, float, bytes]]] | None:
    """``field.index`` for a string value, in one loop, when the field's analyser is a RegexTokenizer
    followed by LowercaseFilter, CharsetFilter and optionally StopFilter and StemFilter (in that order)
    and its format is Positions or Frequency; else None. The same terms, frequencies, weights, positions
    (stop words renumbered as StopFilter renumbers them) and encoded values."""
    analyzer, fmt = field.analyzer, field.format
    if type(analyzer) is not CompositeAnalyzer or type(fmt) not in (Positions, Frequency):
        return None
    items = list(analyzer.items)
    if len(items) < 3 or [type(i) for i in items[:3]] != [RegexTokenizer, LowercaseFilter, CharsetFilter]:
        return None
    tokenizer, _, charset = items[:3]
    if tokenizer.gaps:
        return None
    rest = items[3:]
    stop = rest.pop(0) if rest and type(rest[0]) is StopFilter else None
    stem = rest.pop(0) if rest and type(rest[0]) is StemFilter else None
    if rest:
        return None
    finditer = tokenizer.expression.finditer
    charmap = charset.charmap
    positions = type(fmt) is Positions
    encode = fmt.encode if positions else None
    boost = fmt.field_boost
    stops = stop.stops if stop else frozenset()
    minsize = stop.min if stop else 0
    maxsize = stop.max if stop else None
    renumber = bool(stop and stop.renumber and positions)
    stemfn = stem._stem if stem else None
    ignore = stem.ignore if stem else frozenset()
    stems: dict[str, str] = {}

    def index(value: str) -> list[tuple[bytes, int, float, bytes]]:
        found: dict[str, list[int]] = {}
        pos = None
        for i, match in enumerate(finditer(value)):
            text = match.group(0).lower().translate(charmap)
            if stop is not None:
                size = len(text)
                if size < minsize or (maxsize is not None and size > maxsize) or text in stops:
                    continue
            pos = (i if pos is None else pos + 1) if renumber else i
            if stemfn is not None and text not in ignore:
                stemmed = stems.get(text)
                if stemmed is None:
                    if len(stems) >= STEM_CACHE:
                        stems.clear()
                    stemmed = stems[text] = stemfn(text)
                text = stemmed
            at = found.get(text)
            if at is None:
                found[text] = [pos]
            else:
                at.append(pos)
        if positions:
            return [(w.encode("utf-8"), len(p), float(len(p)) * boost, encode(p)) for w, p in found.items()]
        return [(w.encode("utf-8"), len(p), float(len(p)) * boost, pack_uint(len(p))) for w, p in found.items()]

    return index


class _TermPool:
    """Postings grouped by field and term: ``terms[field][term]`` is a flat list (doc, weight, value, ...)
    in document order. Over ``limit`` (estimated bytes) the terms are written to a run file in term order;
    ``terms_in_order`` merges the runs and what is left in memory, run after run for each term (runs hold
    ascending document ranges, so concatenating them keeps each term's postings in document order)."""

    def __init__(self, tempstore, limit: int):
        self.tempstore = tempstore
        self.limit = limit
        self.size = 0
        self.terms: dict[str, dict[bytes, list]] = {}
        self.runs: list[str] = []

    def _in_memory(self) -> Iterator[tuple[str, bytes, list]]:
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            for btext in sorted(terms):
                yield fieldname, btext, terms[btext]

    def save(self) -> None:
        name = f"rebuild{len(self.runs)}.run"
        with self.tempstore.create_file(name).raw_file() as fh:
            dump = marshal.dump
            for item in self._in_memory():
                dump(item, fh)
        self.runs.append(name)
        self.terms = {}
        self.size = 0

    def _read_run(self, name: str, number: int) -> Iterator[tuple[str, bytes, int, list]]:
        with self.tempstore.open_file(name).raw_file() as fh:
            load = marshal.load
            while True:
                try:
                    fieldname, btext, postings = load(fh)
                except EOFError:
                    return
                yield fieldname, btext, number, postings

    def terms_in_order(self) -> Iterator[tuple[str, bytes, list]]:
        if not self.runs:
            yield from self._in_memory()
            return
        last = len(self.runs)
        memory = ((f, t, last, p) for f, t, p in self._in_memory())
        sources = [self._read_run(name, i) for i, name in enumerate(self.runs)] + [memory]
        key = None
        merged: list = []
        for fieldname, btext, _, postings in heapq.merge(*sources):
            if (fieldname, btext) != key:
                if key is not None:
                    yield key[0], key[1], merged
                key = (fieldname, btext)
                merged = postings
            else:
                merged.extend(postings)
        if key is not None:
            yield key[0], key[1], merged

    def cleanup(self) -> None:
        for name in self.runs:
            if self.tempstore.file_exists(name):
                self.tempstore.delete_file(name)
        self.runs = []
