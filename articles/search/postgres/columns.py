"""A search's matches counted in numpy, from what each process has read of the search rows (issue 9).

The search statement matches in the database (the GIN index, ranked there) and returns, for every match,
its id, rank and the version of its row: the PostgreSQL system columns ``xmin`` and ``cmin``, which are
new whenever the write path writes the row (it deletes and inserts). Facet values, dates and the
near-duplicate link of each row are kept here, per process, as numpy columns; a match whose row this
process has not read at that version is read again (one statement for all of them) before anything is
counted. So the database stays the truth: any number of processes on any number of machines count from
the same rows, a process only remembers rows it has already read, and a row rewritten by another node is
read again the first time it matches. What the statement did before in SQL — facet counts (each against
the other facets' filters), the near-duplicates collapsed under their originals, the page in its order,
the histogram — is done here on arrays: measured at 100k, a term with 11,540 matches spent 45 ms of its
72 ms statement after the scan, in PostgreSQL's executor (unnest, grouping, sorting, hashing per row).
"""

from __future__ import annotations

import threading

import numpy as np
from django.db import connection

from articles.search.backend import FacetCount, Histogram, Results
from articles.search.histogram import histogram_of
from articles.search.params import FacetFilter

# One record per match, as the statement writes it (int8send / float4send: big-endian).
# xidsend / cidsend: the versions' own binary form (a cast through text cost 0.4 µs a match, measured).
MATCH = np.dtype([("id", ">i8"), ("rank", ">f4"), ("xmin", ">u4"), ("cmin", ">u4")])
MATCH_SQL = "int8send(s.article_id) || float4send({rank}) || xidsend(s.xmin) || cidsend(s.cmin)"
ROW_SQL = (
    "SELECT article_id, xmin::text::bigint, cmin::text::bigint, facets,"
    " (extract(epoch FROM published) * 1000000)::bigint, coalesce(to_char(day, 'YYYYMMDD')::int, 0),"
    " coalesce(dup, -1) FROM articles_search"
)
ROW_SQL_FROM = ROW_SQL + " WHERE article_id > %s ORDER BY article_id LIMIT %s"
ROW_SQL += " WHERE article_id = ANY(%s)"
NO_TIME = np.iinfo(np.int64).max  # an undated article sorts last both ways
DENSE_IDS = 1 << 25  # ids below this are found through an array indexed by id, larger ones through a dict
MASKS = 32  # facet filters' per-slot masks kept (the oldest is dropped)
COMPACT_AFTER = 1 << 20  # values of rows read again since, before they are dropped (and half of all values)


class Columns:
    """The search rows this process has read: per slot its row version, publication time, day,
    near-duplicate original and facet values (ids into one growing array)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.masks: dict[tuple[int, ...], np.ndarray] = {}  # see mask()
        self.dense = np.full(0, -1, np.int32)  # article id -> slot
        self.sparse: dict[int, int] = {}
        self.size = 0
        self._grow_slots(1024)
        self.values = np.zeros(1 << 14, np.int32)
        self.used = 0  # of self.values
        self.garbage = 0  # values of rows read again since (compacted when they dominate)
        self.value_id: dict[str, int] = {}
        self.value_text: list[str] = []
        self.value_facet = np.zeros(1024, np.int16)
        self.facet_id: dict[str, int] = {}
        self.scratch = _Scratch()

    def _grow_slots(self, capacity: int) -> None:
        def grown(old, fill, dtype):
            new = np.full(capacity, fill, dtype)
            if old is not None:
                new[: len(old)] = old
            return new

        get = self.__dict__.get
        for key, mask in get("masks", {}).items():
            self.masks[key] = grown(mask, False, bool)
        self.xmin = grown(get("xmin"), -1, np.int64)
        self.cmin = grown(get("cmin"), -1, np.int64)
        self.published = grown(get("published"), NO_TIME, np.int64)
        self.day = grown(get("day"), 0, np.int32)
        self.dup = grown(get("dup"), -1, np.int64)
        self.start = grown(get("start"), 0, np.int64)
        self.length = grown(get("length"), 0, np.int32)

    # ---- slots

    def slots(self, ids: np.ndarray) -> np.ndarray:
        if len(ids) and not self.sparse and 0 <= ids.min() and ids.max() < len(self.dense):
            return self.dense[ids]  # every id in the dense range: one lookup
        out = np.full(len(ids), -1, np.int32)
        small = (ids >= 0) & (ids < len(self.dense))
        out[small] = self.dense[ids[small]]
        if self.sparse:
            for i in np.flatnonzero(ids >= DENSE_IDS):
                out[i] = self.sparse.get(int(ids[i]), -1)
        return out

    def _value(self, text: str) -> int:
        vid = self.value_id.get(text)
        if vid is None:
            vid = self.value_id[text] = len(self.value_text)
            self.value_text.append(text)
            if vid >= len(self.value_facet):
                grown = np.zeros(2 * len(self.value_facet), np.int16)
                grown[: len(self.value_facet)] = self.value_facet
                self.value_facet = grown
            name = text.partition(":")[0]
            self.value_facet[vid] = self.facet_id.setdefault(name, len(self.facet_id))
        return vid

    def read(self, cursor, article_ids: list[int] | None = None, *, after: int = -1, limit: int = 0) -> tuple[int, int]:
        """Read these rows as they are now (or, without ids, up to ``limit`` rows of ids above ``after``,
        in id order: the warm-up); returns how many were read and the last id."""
        if article_ids is None:
            cursor.execute(ROW_SQL_FROM, [after, limit])
        else:
            cursor.execute(ROW_SQL, [article_ids])
        rows = cursor.fetchall()
        if not rows:
            return 0, -1
        ids, xmins, cmins, facets, published, days, dups = zip(*rows, strict=True)
        ids = np.array(ids, np.int64)
        slots = self.slots(ids)
        new = np.flatnonzero(slots < 0)
        if len(new):
            slots[new] = np.arange(self.size, self.size + len(new))
            self.size += len(new)
            if self.size > len(self.xmin):
                self._grow_slots(max(2 * len(self.xmin), self.size))
            dense = ids[new] < DENSE_IDS
            if dense.any():
                top = int(ids[new][dense].max())
                if top >= len(self.dense):
                    grown = np.full(max(top + 1, 2 * len(self.dense), 1024), -1, np.int32)
                    grown[: len(self.dense)] = self.dense
                    self.dense = grown
                self.dense[ids[new][dense]] = slots[new][dense]
            for i in new[~dense]:
                self.sparse[int(ids[i])] = int(slots[i])
        self.garbage += int(self.length[slots].sum())
        get, add = self.value_id.get, self._value
        flat = [v if (v := get(text)) is not None else add(text) for values in facets for text in values]
        lengths = np.fromiter((len(values) for values in facets), np.int32, len(facets))
        if self.used + len(flat) > len(self.values):
            grown = np.zeros(max(2 * len(self.values), self.used + len(flat)), np.int32)
            grown[: self.used] = self.values[: self.used]
            self.values = grown
        self.values[self.used : self.used + len(flat)] = flat
        self.start[slots] = self.used + np.cumsum(lengths) - lengths
        self.length[slots] = lengths
        self.used += len(flat)
        if self.masks:  # kept up to date for the rows just read
            row_of = np.repeat(np.arange(len(slots)), lengths)
            flat_ids = np.array(flat, np.int32)
            for key, mask in self.masks.items():
                has = np.zeros(len(slots), bool)
                has[row_of[np.isin(flat_ids, key)]] = True
                mask[slots] = has
        self.xmin[slots], self.cmin[slots] = xmins, cmins
        self.published[slots] = [NO_TIME if p is None else p for p in published]
        self.day[slots], self.dup[slots] = days, dups
        if self.garbage > max(COMPACT_AFTER, self.used // 2):
            self._compact()
        return len(ids), int(ids[-1])

    def mask(self, value_ids) -> np.ndarray:
        """Per slot, whether its row has any of these values: made once from every row read (a facet
        filter's rows, where a search would otherwise gather every match's values), then kept by ``read``."""
        key = tuple(sorted(set(value_ids)))
        mask = self.masks.get(key)
        if mask is None:
            values, rows = _gather(self.values, self.start[: self.size], self.length[: self.size])
            mask = np.zeros(len(self.xmin), bool)
            mask[rows[np.isin(values, key)]] = True
            if len(self.masks) >= MASKS:
                del self.masks[next(iter(self.masks))]
            self.masks[key] = mask
        return mask

    def _compact(self) -> None:
        live = np.arange(self.size)
        lens = self.length[live]
        values, _ = _gather(self.values, self.start[live], lens)
        self.values = np.zeros(max(len(values) * 2, 1 << 14), np.int32)
        self.values[: len(values)] = values
        self.start[live] = np.cumsum(lens) - lens
        self.used, self.garbage = len(values), 0

    def current(self, cursor, matches: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """The matches and their slots, after reading again every row this process has not seen at the
        version the statement found, and which matches were kept (None: all). A row deleted in between (by
        another transaction) is left out."""
        ids = matches["id"].astype(np.int64)
        slots = self.slots(ids)
        # A slot of -1 (a row not read yet) looks at the last slot, and ``slots >= 0`` discards what it finds.
        fresh = (
            (slots >= 0)
            & (self.xmin[slots] == matches["xmin"].astype(np.int64))
            & (self.cmin[slots] == matches["cmin"].astype(np.int64))
        )
        if not fresh.all():
            stale = ids[~fresh]
            for chunk in range(0, len(stale), 50_000):
                self.read(cursor, stale[chunk : chunk + 50_000].tolist())
            slots = self.slots(ids)
            kept = slots >= 0
            if not kept.all():
                return matches[kept], slots[kept], kept
        return matches, slots, None


class _Scratch:
    """Arrays reused by every count of a process (under the columns' lock): a fresh array of tens of MB per
    search paid for its pages each time (0.1-0.3 s at 777k matches, measured)."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, n: int, dtype) -> np.ndarray:
        array = self._arrays.get(name)
        if array is None or len(array) < n or array.dtype != dtype:
            array = np.empty(max(n, int(len(array) * 1.5) if array is not None else 0), dtype)
            self._arrays[name] = array
        return array[:n]


def _gather(
    values: np.ndarray, starts: np.ndarray, lens: np.ndarray, scratch: _Scratch | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The values of these rows, concatenated, and for each value the position of its row (into ``scratch``'s
    arrays when given: valid until its next use)."""
    lens = np.asarray(lens, np.int64)
    nonempty = np.flatnonzero(lens)
    if not len(nonempty):
        return values[:0].copy(), np.zeros(0, np.int32)
    starts, lens = np.asarray(starts, np.int64)[nonempty], lens[nonempty]
    ends = np.cumsum(lens)
    first = ends - lens
    total = int(ends[-1])

    def array(name, dtype):
        return scratch.get(name, total, dtype) if scratch is not None else np.empty(total, dtype)

    # Offsets into ``values``: one more than the last within a row, a jump to the next row's start between.
    offsets = array("offsets", np.int64)
    offsets.fill(1)
    offsets[0] = starts[0]
    offsets[first[1:]] = starts[1:] - (starts[:-1] + lens[:-1] - 1)
    np.cumsum(offsets, out=offsets)
    out = array("values", values.dtype)
    np.take(values, offsets, out=out)
    rows = array("rows", np.int32)  # the same way: the row's position, stepping where a row starts
    rows.fill(0)
    rows[0] = nonempty[0]
    rows[first[1:]] = np.diff(nonempty)
    np.cumsum(rows, out=rows)
    return out, rows


_COLUMNS: dict[tuple, Columns] = {}
_COLUMNS_LOCK = threading.Lock()


def columns() -> Columns:
    """This process's columns for the database it is connected to."""
    s = connection.settings_dict
    key = (s.get("HOST"), s.get("PORT"), s.get("NAME"))
    with _COLUMNS_LOCK:
        return _COLUMNS.setdefault(key, Columns())


def _top(primary: np.ndarray, secondary: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` smallest (primary, secondary) pairs, in that order."""
    if count <= 0 or not len(primary):
        return np.zeros(0, np.int64)
    if len(primary) > 4 * count:
        cut = np.partition(primary, count - 1)[count - 1]
        candidates = np.flatnonzero(primary < cut)
        ties = np.flatnonzero(primary == cut)
        # Ranks tie often (a word once in the body of most matches): of those at the cut, only the ones
        # with the smallest secondary keys can be on the page; sorting them all cost 0.3 s at 777k matches.
        need = count - len(candidates)
        if len(ties) > need:
            keys = secondary[ties]
            ties = ties[keys <= np.partition(keys, need - 1)[need - 1]]
        candidates = np.concatenate([candidates, ties])
    else:
        candidates = np.arange(len(primary))
    order = np.lexsort((secondary[candidates], primary[candidates]))
    return candidates[order[:count]]


def count(
    cols: Columns,
    slots: np.ndarray,
    matches: np.ndarray,
    *,
    filters: dict[str, FacetFilter],
    facets: tuple[str, ...],
    counted: list[str],
    limits: dict[str, int],
    selected: set[str],
    sort: str,
    ranked: bool,
    partial_rank: bool = False,
    start: int,
    size: int,
    collapse: bool,
    histogram: bool,
    exact: int,
    sample: np.ndarray | None = None,
    scale: float = 1.0,
    originals=None,
    similar_of=None,
    limited: tuple[np.ndarray, int] | None = None,
    own_sample: np.ndarray | None = None,
    own_scale: float = 1.0,
) -> Results | None:
    """Everything the page needs from the matches (see the module's docstring), for ``facets`` (those of
    them not ``counted`` are left empty for the caller); the same meaning as the Whoosh engine's counting,
    and as this engine's SQL did before. None when ``partial_rank`` and the ranked matches do not fill the page.

    ``sample``: the matches are every match of some partitions (these, True) and, of the others, only what the
    page can show (backend._Sample); ``scale``: how many matches each of the first stands for (the total, facet
    counts and histogram are then estimates); ``originals(ids)``: which of these articles, not among the matches
    read, are final matches; ``similar_of(ids)``: for each of these originals, how many final matches are its
    near-duplicates; ``limited``: (each match's partition, n): each partition outside the sample gave only its
    first n final matches in the page's order (None when, near-duplicates hidden, they may not reach it).

    ``own_sample``: the matches are every final match and, of some partitions (these, True), every match that
    counts for some facet: a filtered facet's own counts (against the other filters only) are counted on those
    and scaled by ``own_scale`` (estimates); the total, the page and every other facet stay exact."""
    ids = matches["id"].astype(np.int64)
    n = len(ids)
    full = sample
    if sample is None:
        sample, scale = np.ones(n, bool), 1.0
    # Above ``exact`` matches (read), facets are counted on every k-th match (by id) and scaled up: only those
    # matches' values are gathered (a facet filter's rows come from its mask).
    in_sample = int(np.count_nonzero(sample))
    # (``own_sample``: the final matches are expected to be at most ``exact``, and are all counted)
    k = 1 if in_sample <= exact or own_sample is not None else -(-in_sample // exact)
    if k > 1:
        sample = sample & (ids % k == 0)
    weight = scale * k  # the matches one counted match stands for
    flags = []
    for name, flt in filters.items():
        flag = np.ones(n, bool)
        if flt.include:
            wanted = [cols.value_id[v] for v in (f"{name}:{x}" for x in flt.include) if v in cols.value_id]
            flag &= cols.mask(wanted)[slots]
        if flt.exclude:
            unwanted = [cols.value_id[v] for v in (f"{name}:{x}" for x in flt.exclude) if v in cols.value_id]
            flag &= ~cols.mask(unwanted)[slots]
        flags.append(flag)
    final = np.logical_and.reduce(flags) if flags else np.ones(n, bool)
    if full is None:
        total = int(np.count_nonzero(final))
    else:
        total = round(np.count_nonzero(final & full) * scale)

    dup = cols.dup[slots]
    hidden = np.zeros(n, bool)
    if collapse:
        linked = final & (dup >= 0)
        if linked.any():
            # whether each original is a final match, through the slots (np.isin over every match cost
            # ~6 ms at 200k matches, measured): a slot is one article
            in_final = cols.scratch.get("in_final", cols.size + 1, bool)
            in_final.fill(False)
            in_final[slots[final]] = True
            origin_slots = cols.slots(dup[linked])  # -1 (an original not read here) lands on the spare last item
            hidden[linked] = in_final[origin_slots]
    checked: set[int] = set()
    while True:
        visible = np.flatnonzero(final & ~hidden)
        if sort == "relevance" and ranked:
            primary = -matches["rank"][visible].astype(np.float32)
            # ``partial_rank``: only the matches with the word in their head were ranked (rank 0: not ranked).
            # They outrank every other match (schema.HEAD), so the page is theirs if they fill it.
            # (A page past the last match is empty either way.)
            if partial_rank and int(np.count_nonzero(primary)) < min(start + size, len(visible)) > start:
                return None
            secondary = ids[visible]
        else:
            published = cols.published[slots][visible]
            if sort == "oldest":
                primary, secondary = published, ids[visible]
            else:  # newest first, undated last
                primary = np.where(published == NO_TIME, NO_TIME, -published)
                secondary = -ids[visible]
        listed = visible[_top(primary, secondary, start + size)]  # this page and the ones before it
        page = listed[start:]
        if not collapse or originals is None:
            break
        # Some matches were not read: an original that is not among those read may still be a final match,
        # which hides its near-duplicates here and on the pages before.
        read = cols.scratch.get("read", cols.size + 1, bool)
        read.fill(False)
        read[slots] = True
        linked = listed[dup[listed] >= 0]
        unread = {o for o in dup[linked][~read[cols.slots(dup[linked])]].tolist() if o not in checked}
        if not unread:
            break
        checked |= unread
        found = originals(sorted(unread))
        if not found:
            break
        hidden |= final & np.isin(dup, list(found))
    if limited is not None:
        part, limit = limited
        for table in np.unique(part[~full]):
            given = part == table
            if np.count_nonzero(given) >= limit and np.count_nonzero(given & final & ~hidden) < start + size:
                return None
    page_ids = ids[page].tolist()
    # Gathered once the page is known: a partial rank that does not fill it returns before.
    if k == 1 and full is None:
        values, rows = _gather(cols.values, cols.start[slots], cols.length[slots], cols.scratch)
    else:  # only the sample's values are counted
        sampled = np.flatnonzero(sample)
        values, rows = _gather(cols.values, cols.start[slots[sampled]], cols.length[slots[sampled]], cols.scratch)
        rows = sampled[rows]

    by_scope: dict[int, tuple] = {}
    estimated: set[str] = set(counted) if weight != 1 else set()
    out: dict[str, list[FacetCount]] = {name: [] for name in facets}
    totals: dict[str, int] = dict.fromkeys(facets, 0)
    names = list(filters)
    for name in counted:
        fid = cols.facet_id.get(name)
        if fid is None:
            continue
        own = names.index(name) if name in names else -1
        # counted for more matches than were read (own_sample): a sample's, but for the values it includes,
        # whose matches that count are final matches, every one of them read
        sampled_own = own >= 0 and own_sample is not None
        facet_weight = own_scale if sampled_own else weight
        exact_of: dict[int, int] = {}
        if sampled_own:
            estimated.add(name)
            final_values = values[final[rows]]
            for v in (cols.value_id.get(f"{name}:{x}") for x in filters[name].include):
                if v is not None:
                    exact_of[v] = int(np.count_nonzero(final_values == v))
        if own not in by_scope:
            scope = sample & own_sample if sampled_own else sample.copy()
            for i, flag in enumerate(flags):
                if i != own:
                    scope &= flag
            counts = np.bincount(values[scope[rows]], minlength=len(cols.value_text))
            present = np.flatnonzero(counts)
            by_scope[own] = (counts, present, cols.value_facet[present])
        counts, present, facet_of = by_scope[own]
        vids = present[facet_of == fid]
        ns = np.rint(counts[vids] * facet_weight).astype(np.int64) if facet_weight != 1 else counts[vids]
        for v, c in exact_of.items():
            ns[vids == v] = c
        totals[name] = len(vids)
        limit = limits.get(name, 0)
        if len(vids) > limit > 0:
            cut = np.partition(ns, len(ns) - limit)[len(ns) - limit]
            keep = ns >= cut
        else:
            keep = np.ones(len(vids), bool) if limit > 0 else np.zeros(len(vids), bool)
        texts = cols.value_text
        best = sorted(zip(ns[keep].tolist(), vids[keep].tolist(), strict=True), key=lambda p: (-p[0], texts[p[1]]))
        chosen = best[:limit]
        taken = {v for _, v in chosen}
        extra = [
            (exact_of[v] if v in exact_of else round(counts[v] * facet_weight), v)
            for v in (cols.value_id.get(s) for s in selected if s.startswith(name + ":"))
            if v is not None and v not in taken and (exact_of.get(v) or (v < len(counts) and counts[v] > 0))
        ]
        extra.sort(key=lambda p: (-p[0], texts[p[1]]))
        out[name] = [FacetCount(texts[v].partition(":")[2], int(c)) for c, v in chosen + extra]

    similar: dict[int, int] = {}
    if collapse and page_ids and similar_of is not None:
        similar = {o: c for o, c in similar_of(page_ids).items() if c}
    elif collapse and page_ids:
        under = final & (dup >= 0)
        under[under] = np.isin(dup[under], page_ids)
        if under.any():
            shown_originals, numbers = np.unique(dup[under], return_counts=True)
            similar = dict(zip(shown_originals.tolist(), numbers.tolist(), strict=True))

    hist = None
    if histogram:
        hist = histogram_of(cols.day[slots][final if full is None else final & full])
        if full is not None:
            hist = Histogram(
                hist.unit,
                [(b, max(1, round(c * scale))) for b, c in hist.bins],
                round(hist.undated * scale),
                estimated=True,
            )
    hidden_count = int(hidden.sum()) if full is None else round(np.count_nonzero(hidden & full) * scale)
    return Results(
        total=total,
        ids=page_ids,
        facets=out,
        shown=max(0, total - hidden_count),
        similar=similar,
        histogram=hist,
        facet_totals=totals,
        estimated=frozenset(estimated),
        total_estimated=full is not None,
    )
