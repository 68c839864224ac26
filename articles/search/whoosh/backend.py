"""WhooshBackend: the search interface on Whoosh (see ``articles.search.backend.SearchBackend``).

Facets are disjunctive: each facet is counted with every *other* facet's filter applied, on the numpy
columns of ``columns``. See ../shared/NOTES.md for the measurements behind the design.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
from whoosh import query

from articles.search import languages
from articles.search import query as qt
from articles.search.backend import CheckReport, FacetCount, IndexDocument, Results
from articles.search.facets import FACETS
from articles.search.histogram import histogram_of
from articles.search.params import SearchParams
from articles.search.whoosh import spelling
from articles.search.whoosh.columns import (
    ScoreAll,
    close_all,
    facet_column,
    per_searcher,
    per_segment,
    reader_state,
    value_mask,
)
from articles.search.whoosh.compile import HIGHLIGHT_FIELDS, archive_analyses, compile_query, expand_terms
from articles.search.whoosh.execute import SCORE_DECIMALS, execute, warm_postings
from articles.search.whoosh.highlight import highlight_html
from articles.search.whoosh.rebuild import new_index_writer
from articles.search.whoosh.schema import ANALYSIS_OF_FIELD, SCHEMA, TEXT_FIELDS, TITLE_FIELDS, document_fields
from articles.search.whoosh.store import new_dir, open_or_create, prune_old_dirs, swap_link, write_lock

RESULTS_CACHED = 256  # answers kept per process (a few kB each: the page's ids and the facet counts)
_results_lock = threading.Lock()


def spelling_vocabulary(state) -> spelling.Vocabulary:
    """The "did you mean" vocabulary of the current index (per segment, built once per process)."""

    def build(state) -> spelling.Vocabulary:
        parts = per_segment(state, "spelling", spelling.SegmentVocabulary.build)
        return spelling.Vocabulary([part for part, _ in parts])

    return per_searcher(state, "spelling", build)


class WhooshBackend:
    """See ``articles.search.backend.SearchBackend``."""

    # ---- writes (the worker, rebuild, repair: one writer at a time)

    def update(self, docs: Iterable[IndexDocument], deleted: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and delete ``deleted`` in one commit. Returns the number of changes."""
        with write_lock():
            ix = open_or_create()
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
                    writer.update_document(**document_fields(doc))
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

    def warm_up(self) -> None:
        """The searcher, the facet columns and the spelling vocabulary, built now (``search.warm_up``)."""
        state = reader_state()
        for name in FACETS:
            facet_column(state, name)
        spelling_vocabulary(state)
        # The most frequent words' postings, of the titles and texts in the archive's commonest analysis.
        analyses = archive_analyses(state) or (languages.ENGLISH,)
        warm_postings(state, (TITLE_FIELDS[analyses[0]], TEXT_FIELDS[analyses[0]]))

    def close(self) -> None:
        close_all()

    def add(self, docs: Iterable[IndexDocument]) -> int:
        return self.update(docs)

    def delete(self, ids: Iterable[int]) -> int:
        return self.update((), ids)

    def rebuild(self, docs: Iterable[IndexDocument], *, progress=None, procs: int = 1) -> int:
        """Build a fresh index in a new directory, then swap it in atomically. With ``procs`` > 1, Whoosh's
        own writer analyses documents in that many processes and keeps one segment per process: it halved
        the time of Whoosh's one-process writer (NOTES.md), but is slower than the rebuild writer of one
        process (at 19,700 articles: 351 against 446 articles/s)."""
        with write_lock():
            target = new_dir()
            try:
                # One process: the segment Whoosh's own writer would write, in 40% of its time (rebuild.py).
                writer = new_index_writer(target, procs=procs)
                count = 0
                for doc in docs:
                    writer.add_document(**document_fields(doc))
                    count += 1
                    if progress and count % 1000 == 0:
                        progress(count)
                writer.commit()
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            swap_link(target)
            prune_old_dirs(keep=target)
            return count

    def optimize(self) -> None:
        with write_lock():
            open_or_create().writer(timeout=30, compound=False).commit(optimize=True)

    # ---- reads

    def indexed_versions(self) -> dict[int, list[str]]:
        state = reader_state()
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
        report.outdated_schema = set(reader_state().searcher.reader().schema.names()) != set(SCHEMA.names())
        report.missing.sort()
        report.stale.sort()
        return report

    def doc_count(self) -> int:
        return int(reader_state().live.sum())

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
        """See ``SearchBackend.search``. Answers are kept per process for the index as it is (a commit
        replaces the searcher and so forgets them): typing, paging, facet clicks and the back button
        repeat searches."""
        state = reader_state()
        limits = tuple(sorted(facet_limit.items())) if isinstance(facet_limit, dict) else facet_limit
        filters = tuple(sorted((k, f.include, f.exclude) for k, f in params.filters.items() if f))
        key = (repr(parsed.tree), filters, params.date_from, params.date_to, params.effective_sort,
               params.page, params.size, tuple(facets), limits, histogram, collapse)  # fmt: skip
        cache = per_searcher(state, "results", lambda state: OrderedDict())
        with _results_lock:
            cached = cache.get(key)
            if cached is not None:
                cache.move_to_end(key)
                return replace(cached)
        results = self._search(state, parsed, params, facets=facets, facet_limit=facet_limit,
                               histogram=histogram, collapse=collapse)  # fmt: skip
        with _results_lock:
            cache[key] = results
            while len(cache) > RESULTS_CACHED:
                cache.popitem(last=False)
        return replace(results)

    def _search(self, state, parsed, params, *, facets, facet_limit, histogram, collapse) -> Results:
        searcher = state.searcher
        analyses = languages.in_play(archive_analyses(state), params, facets)
        q = None if parsed.tree is None else compile_query(parsed.tree, analyses)
        live = state.live
        if q is None:
            base = live.copy()
        elif q is query.NullQuery:
            base = np.zeros_like(live)
        else:
            base = np.zeros_like(live)
            executed = execute(state, q)  # numpy; None when the query has a part only Whoosh runs
            if executed is not None:
                matched, matched_scores = executed
            elif params.effective_sort == "relevance":
                # One pass scores every match: it gives both the facets' match set and the ranking
                # (docs_for_query and then search() would match everything twice).
                collector = ScoreAll()
                searcher.search_with_collector(q, collector)
                matched = np.asarray(collector.docnums, dtype=np.int64)
                matched_scores = np.round(np.asarray(collector.scores, dtype=np.float64), SCORE_DECIMALS)
            else:
                matched = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
            if params.effective_sort == "relevance":
                scores = np.zeros(len(live), dtype=np.float64)
                scores[matched] = matched_scores
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
            mask = value_mask(state, name, flt.include) if flt.include else np.ones_like(live)
            if flt.exclude:
                mask &= ~value_mask(state, name, flt.exclude)
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
            col = facet_column(state, name)
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
            # Ties by article id, whichever engine path scored them.
            ranked = candidates[np.lexsort((state.aid[candidates], -scores[candidates]))]
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
            # Tagged with their analysis ("de:wahl"): each shown text is marked in its own language.
            terms = frozenset(
                f"{ANALYSIS_OF_FIELD[f]}:{t.decode() if isinstance(t, bytes) else t}"
                for f, t in q.iter_all_terms()
                if f in HIGHLIGHT_FIELDS
            )
        ids = [int(state.aid[d]) for d in page_docs]
        return Results(
            total=total,
            ids=ids,
            facets=facet_counts,
            facet_totals=facet_totals,
            terms=terms,
            shown=shown,
            similar={i: similar[i] for i in ids if i in similar},
            histogram=histogram_of(state.day[final]) if histogram else None,
            generation=per_searcher(state, "generation", lambda state: secrets.token_hex(8)),
        )

    def more_like_this(self, article_id: int, text: str, *, limit: int = 5) -> list[int]:
        """Article ids most like this one (by its distinctive words), best first."""
        state = reader_state()
        found = np.flatnonzero((state.aid == article_id) & state.live)  # the aid column keeps deleted docs
        if not len(found) or not text:
            return []
        docnum = int(found[0])
        # Its own analysis's field: the words of its language, compared with articles of that language.
        lang = facet_column(state, "lang")
        at = np.flatnonzero(lang.docs == docnum)
        analysis = languages.analysis_for(lang.values[lang.vals[at[0]]] if len(at) else "")
        hits = state.searcher.more_like(docnum, TEXT_FIELDS[analysis], text=text[:20000], top=limit + 5, numterms=12)
        # Its own near-duplicates are listed separately on the article page.
        keep = [h.docnum for h in hits if h.docnum != docnum and state.dup[h.docnum] != article_id]
        return [int(state.aid[d]) for d in keep[:limit]]

    def expand(self, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
        """See ``SearchBackend.expand``."""
        return expand_terms(reader_state().searcher.reader(), field, kind, text, limit, distance)

    # ---- "did you mean"

    def suggest(self, text: str) -> str | None:
        """The query with each unknown word replaced by the archive's closest common word, or None."""
        return spelling.suggest(spelling_vocabulary(reader_state()), text)

    # ---- highlighting (of the shown page only, from the database's text)

    def highlight(self, text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, lang: str = "") -> str:
        """HTML with matched words in <mark>; the text is escaped. '' when nothing matched. ``lang``: the
        text's language (its words are analysed, and matched against the terms, in its analysis)."""
        analysis = languages.analysis_for(lang)
        prefix = f"{analysis}:"
        own = frozenset(t[len(prefix) :] for t in terms if t.startswith(prefix))
        return highlight_html(text, own, top=top, whole=whole, analysis=analysis)
