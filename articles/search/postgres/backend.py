"""The PostgreSQL engine behind ``articles.search.backend.SearchBackend``.

One search is one SQL statement per partition that matches and ranks (the GIN index; a one-word search ranks
only the matches with the word in their head, which outrank the rest): it returns each match's id, rank and row
version.
Above 100,000 expected matches, some searches read every match of a sample of the partitions only (_Sample).
Everything the page needs — the total, the collapsed count, the page of ids in its order,
every facet's counts (each against the *other* facets' filters), the histogram and the near-duplicates
under the page's articles — is then counted in this process from columns of the rows it has read, read
again whenever a match's version differs (``articles.search.postgres.columns``). The empty query with no
filter reads the exact aggregates the write path keeps (``articles_search_count``) instead of scanning the
archive. Web processes keep nothing that can go stale: any number of them, on any number of machines,
serve one database.
"""

from __future__ import annotations

import html
import json
import math
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, transaction

from articles.search import languages
from articles.search import query as q
from articles.search.backend import CheckReport, FacetCount, IndexDocument, Results
from articles.search.histogram import bin_days
from articles.search.params import SearchParams
from articles.search.postgres import columns, parallel, schema, vectors
from articles.search.postgres.compiler import (
    SQL,
    analysis_restriction,
    highlight_terms,
    quote,
    rank_query,
    row_config,
    where,
)
from articles.search.postgres.schema import text_config
from articles.search.spelling import edit_distance

START, STOP = "\x02", "\x03"  # ts_headline's marks, replaced by <mark> after the text is escaped
# ts_headline drops what looks like an HTML tag; the page shows an article's text as it is (escaped).
LT, GT = "\x04", "\x05"
TRIGRAM_THRESHOLD = 0.2  # low enough for two edits in a short word; the edit distance then decides
FUZZY_CANDIDATES = 400
MLT_TERMS = 12
SPELL_MIN_FREQ = 2
SPELL_DOMINANCE = 20
# "Did you mean" looks up at most this many words of a query (two trigram searches each); a query of
# thirty made-up words cost seconds and held a web worker while cheap searches queued behind it.
SPELL_MAX_WORDS = 8


def fold(word: str) -> str:
    """Lower case without accents, as ``unaccent`` + the ``simple`` dictionary store vocabulary words."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("\x00", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _facet_filter_sql(name: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> SQL:
    parts, params = [], []
    if include:  # OR within a facet
        parts.append("s.facets && %s::text[]")
        params.append([f"{name}:{v}" for v in include])
    if exclude:
        parts.append("NOT (s.facets && %s::text[])")
        params.append([f"{name}:{v}" for v in exclude])
    return SQL("(" + " AND ".join(parts) + ")", params)


def _and(*parts: SQL) -> SQL:
    return SQL(" AND ".join(p.expr for p in parts) or "true", [v for p in parts for v in p.params])


NO_RANK = SQL("0::real")


def _rank_sql(config: str, rank: str, passes: dict[str, SQL], *, heads: bool = False) -> SQL:
    """A match's rank for the words ``rank`` (a tsquery text), read by ``config``: 0 for a match that fails a
    facet filter (``passes``), which cannot be listed and so is not ranked; ``heads`` (one word): 0 too for a
    match without the word in its head (schema.HEAD), which the heads outrank."""
    expr, params = f"ts_rank(s.document, to_tsquery({config}, %s))", [rank]
    conditions = list(passes.values())
    if heads:
        conditions.insert(0, SQL(f"s.head @@ to_tsquery({config}, %s)", [rank]))
    if conditions:
        expr = f"CASE WHEN {' AND '.join(c.expr for c in conditions)} THEN {expr} ELSE 0::real END"
        params = [v for c in conditions for v in c.params] + params
    return SQL(expr, params)


def _match_statement(rank: SQL, condition: SQL) -> tuple[str, list]:
    """A partition's statement (``{table}``): each row meeting ``condition``, packed (columns.MATCH) with its
    rank. The database matches (and ranks); this process counts (articles.search.postgres.columns). Ranked
    while matching: the vector is read once, with the row (no second lookup per match)."""
    statement = (
        f"SELECT string_agg({columns.MATCH_SQL.format(rank=rank.expr)}, ''::bytea)"
        f" FROM {{table}} s WHERE {condition.expr}"
    )
    return statement, [*rank.params, *condition.params]


def _dates_sql(params: SearchParams) -> SQL:
    # Days are the publisher's local days (as IndexDocument.day); undated articles fall outside any range.
    parts, values = [], []
    if params.date_from:
        parts.append("s.day >= %s")
        values.append(params.date_from)
    if params.date_to:
        parts.append("s.day <= %s")
        values.append(params.date_to)
    return SQL(" AND ".join(parts) or "true", values)


# Each web worker reads the search rows into its columns before it serves (``PostgresBackend.warm_up``,
# for at most NEWSARCHIVE_SEARCH_WARM_UP seconds), in chunks of this many rows.
WARM_UP_CHUNK = 20_000

# Facet counts are exact up to this many matches; above, they are counted on a systematic sample of about
# this many (every k-th match by id) and scaled up, and the page shows them as "about N" (issue 9).
FACET_EXACT = 100_000
# Above FACET_EXACT expected matches, a one-word search ranked by relevance, or a search newest first, reads
# every match only in as few partitions as are expected to hold at least this many of them (the sample its
# total, facet counts and histogram are estimated from, shown as "about N"); of the others it reads only
# what the page can show: the heads (schema.HEAD), or the newest matches. At 1M articles, one partition,
# `units`: its 36,879 matches read (unranked) in 56 ms, its 11,120 heads ranked in 23 ms, its 40 newest in
# 2 ms (psql, warm).
FACET_SAMPLE = 25_000
# Newest first, the partitions not read in full give this many more than the page reaches (near-duplicates
# hidden under their originals take places; if too many do, every match is read).
NEWEST_MARGIN = 20

# For the one search statement only (SET LOCAL, in its own transaction): JIT compilation costs more than it
# saves on a statement of tens of milliseconds, and the planner's cost estimate for the whole archive
# switches it on (jit_above_cost).
STATEMENT_SETTINGS = {"jit": "off"}
# A statement with words: the planner reads a common word's matches with a scan of the whole table above
# about a fifth of the rows, which tests every other row's vector too; through the GIN index only the
# matches are read. At 1M articles, one partition, `inc` (24% of its rows): 360 ms scanned, 177 ms through
# the index; `said` (79%): 290 and 260 ms (measured, EXPLAIN ANALYZE).
TEXT_SETTINGS = {"enable_seqscan": "off"}
# The front page's statements (_browse) are a few index lookups: a parallel plan's workers cost more than they
# save (the hidden count at 100k articles: 9.4 ms with two workers, 1.8 ms without, measured).
BROWSE_SETTINGS = {"max_parallel_workers_per_gather": "0"}


def _statement_settings(cursor, *, text: bool = False, browse: bool = False) -> None:
    chosen = {**STATEMENT_SETTINGS, **(TEXT_SETTINGS if text else {}), **(BROWSE_SETTINGS if browse else {})}
    cursor.execute(
        "SELECT set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) AS s(name, value)",
        [list(chosen), list(chosen.values())],
    )


def _aggregates(cursor, limits: dict[str, int], selected: list[str]) -> tuple[dict, dict]:
    """Top values of these facets over the whole archive, from the aggregates (no scan of the archive):
    per facet an index scan of its most frequent values, and how many values it has."""
    if not limits:
        return {}, {}
    cursor.execute(
        """
        SELECT f.name, c.value, c.n, t.nvalues
        FROM unnest(%s::text[], %s::int[]) AS f(name, lim)
        CROSS JOIN LATERAL (SELECT count(*) AS nvalues FROM articles_search_count WHERE facet = f.name) t
        LEFT JOIN LATERAL (
            SELECT value, n FROM articles_search_count WHERE facet = f.name ORDER BY n DESC, value LIMIT f.lim
        ) c ON true
        UNION ALL
        SELECT facet, value, n, NULL FROM articles_search_count WHERE value = ANY(%s)
        """,
        [list(limits), list(limits.values()), selected],
    )
    counts: dict[str, list[FacetCount]] = {name: [] for name in limits}
    totals: dict[str, int] = dict.fromkeys(limits, 0)
    seen: set[str] = set()
    for name, value, n, nvalues in cursor.fetchall():
        if nvalues is not None:
            totals[name] = int(nvalues)
        if value is None or value in seen or name not in counts:
            continue
        seen.add(value)
        counts[name].append(FacetCount(value.partition(":")[2], int(n)))
    return counts, totals


def _limits(facets, facet_limit) -> dict[str, int]:
    if isinstance(facet_limit, dict):
        return {name: int(facet_limit.get(name, 50)) for name in facets}
    return dict.fromkeys(facets, int(facet_limit))


# The per-request time budget: the search statement is cancelled past NEWSARCHIVE_SEARCH_TIMEOUT seconds
# (PostgreSQL's statement_timeout, for this statement only) and the page says so, rather than holding a
# web worker until gunicorn kills it.
_TOO_SLOW = "The search took longer than {seconds:g} s and was stopped: try fewer wildcard or fuzzy words, or a filter."


class _TooSlowError(Exception):
    pass


def _within_time_budget(jobs: list[parallel.Job], cols: columns.Columns, *, text: bool = False):
    """The matches of the partitions' statements, their slots in ``cols`` once the rows it had not read are
    read (in the same transaction, under the same timeout), and for each match the partition it came from.
    ``text``: the statements match words."""
    alone = connection.in_atomic_block  # a caller's transaction: its rows are not the helpers' to see

    def run(cursor):
        parts = dict(parallel.match(cursor, jobs, _prepare(text), alone=alone))
        chunks = [np.frombuffer(b, dtype=columns.MATCH) if isinstance(b, bytes) else b for b in parts.values()]
        matches = np.concatenate(chunks) if chunks else np.zeros(0, columns.MATCH)
        tables = np.array([jobs[i][0] if i >= 0 else "articles_search" for i in parts] or [""])
        part = tables[np.repeat(np.arange(len(chunks)), [len(c) for c in chunks])]
        with cols.lock:  # the statements above ran unlocked: a process's threads search at once
            matches, slots, kept = cols.current(cursor, matches)
        return matches, slots, part if kept is None else part[kept]

    return _budgeted(run, text=text)


def _prepare(text: bool):
    milliseconds = max(1, int(settings.NEWSARCHIVE_SEARCH_TIMEOUT * 1000))

    def prepare(cursor) -> None:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
        _statement_settings(cursor, text=text)

    return prepare


def _budgeted(run, *, text: bool):
    """``run(cursor)`` in its own transaction (a caller's transaction: in a savepoint of it), its statements
    under the search timeout (``_TooSlowError`` past it); the settings are reset after."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            result = run(cursor)
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")  # inside a caller's transaction too
            if text:
                cursor.execute("".join(f"SET LOCAL {name} TO DEFAULT;" for name in TEXT_SETTINGS))
            return result
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled: the timeout
            raise _TooSlowError from exc
        raise
    except parallel.TimedOutError as exc:
        raise _TooSlowError from exc


@dataclass(frozen=True)
class _Sample:
    full: tuple[str, ...]  # the partitions whose every match is read
    rest: tuple[str, ...]  # those of which only what the page can show is read

    @property
    def scale(self) -> float:
        """How many matches one match of the full partitions stands for: the partitions are hash partitions of
        the article id, so each holds about the same share of any search's matches."""
        return (len(self.full) + len(self.rest)) / len(self.full)


def _expected_matches(condition: SQL) -> float:
    """The planner's estimate of the rows matching ``condition`` (the statistics of the vectors and of the facet
    arrays: at 1M articles, `units` 148,176 expected, 147,235 found)."""
    with connection.cursor() as cursor:
        explain = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_search s WHERE {condition.expr}"
        cursor.execute(explain, condition.params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def _archive_size() -> int:
    """How many articles the archive holds (the aggregates: one index lookup)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM articles_search_count WHERE value = %s", [vectors.TOTAL])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _sample_plan(expected: float) -> _Sample | None:
    """Which partitions a search reads in full (FACET_SAMPLE), or None: every one (``expected``: the planner's
    estimate of the matches to sample, which must be more than FACET_EXACT)."""
    if expected <= FACET_EXACT:
        return None
    tables = schema.PARTITION_TABLES
    full = max(1, math.ceil(FACET_SAMPLE / (expected / len(tables))))
    return _Sample(tables[:full], tables[full:]) if full < len(tables) else None


def _final_among(final: SQL, ids: list[int]) -> set[int]:
    """Those of these articles that are final matches (``final``: the words, dates and facet filters); under
    the search timeout, as every statement of a search."""

    def run(cursor):
        _prepare(False)(cursor)
        cursor.execute(
            f"SELECT s.article_id FROM articles_search s WHERE s.article_id = ANY(%s) AND {final.expr}",
            [list(ids), *final.params],
        )
        return {row[0] for row in cursor.fetchall()}

    return _budgeted(run, text=False)


def _duplicates_of(final: SQL, ids: list[int]) -> dict[int, int]:
    """For these originals, how many final matches are their near-duplicates (through the index of ``dup``)."""

    def run(cursor):
        _prepare(False)(cursor)
        cursor.execute(
            f"SELECT s.dup, count(*) FROM articles_search s WHERE s.dup = ANY(%s) AND {final.expr} GROUP BY s.dup",
            [list(ids), *final.params],
        )
        return dict(cursor.fetchall())

    return _budgeted(run, text=False)


# The words for which the first statement ranks the heads only; a query text -> whether it is one word.
_ONE_WORD: dict[tuple[str, str], bool] = {}
_ONE_WORD_RE = re.compile(r"^'(?:[^']|'')+'$")  # one lexeme: no operator, prefix (:*) or weight (:A)


# A word whose heads did not fill a page reaching this far (a word of bodies, not titles, such as "said"):
# from then on, such pages are ranked in one statement. Only a hint of where time goes: the results are the
# same either way.
_HEADS_SHORT: dict[str, int] = {}


def _heads_short(rank: str, reach: int) -> None:
    if len(_HEADS_SHORT) > 10_000:
        _HEADS_SHORT.clear()
    _HEADS_SHORT[rank] = min(reach, _HEADS_SHORT.get(rank, reach))


def _one_word(config: str, rank: str) -> bool:
    """Whether ``rank`` is read by ``config`` as one plain word (schema.HEAD: only then do the heads'
    matches outrank all the others)."""
    key = (config, rank)
    if key not in _ONE_WORD:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT querytree(to_tsquery({config}, %s))", [rank])
            tree = cursor.fetchone()[0] or ""
        if len(_ONE_WORD) > 10_000:
            _ONE_WORD.clear()
        _ONE_WORD[key] = bool(_ONE_WORD_RE.match(tree))
    return _ONE_WORD[key]


class PostgresBackend:
    """See ``articles.search.backend.SearchBackend``."""

    @classmethod
    def check_configuration(cls) -> None:
        """Start-up check: this engine's tables live in the database, so it must be PostgreSQL."""
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise ImproperlyConfigured(
                "NEWSARCHIVE_SEARCH_BACKEND=postgres needs the database on PostgreSQL: set DATABASE_URL="
                f"postgres://user@host:5432/db (the database is now {engine.rsplit('.', 1)[-1]}), or use the "
                "default engine, whoosh."
            )

    # ---- writes: vectors in the caller's transaction

    def article_changed(self, article_ids: list[int]) -> None:
        vectors.write(article_ids)

    def update(self, docs: Iterable[IndexDocument], deleted: Iterable[int] = ()) -> int:
        result = vectors.write([*(d.id for d in docs), *deleted])
        return result["indexed"] + result["deleted"]

    def add(self, docs: Iterable[IndexDocument]) -> int:
        return self.update(docs)

    def delete(self, ids: Iterable[int]) -> int:
        return self.update((), ids)

    def rebuild(self, docs: Iterable[IndexDocument] = (), *, progress=None, procs: int = 1) -> int:
        """Recompute every row in SQL, in chunks (``docs`` is not read: the database computes the
        vectors from the articles themselves, which is what the documents would have been made of)."""
        return vectors.rebuild(progress=progress)

    def check(self, versions: dict[int, str] | None = None) -> CheckReport:
        found = vectors.check()
        # Drifted aggregates are mended by recounting them, which rebuild does ("outdated").
        return CheckReport(
            missing=found.missing, extra=found.extra, stale=found.stale, outdated_schema=bool(found.counts_off)
        )

    def close(self) -> None:
        """Nothing to release: the engine's state is the database."""

    def warm_up(self, seconds: float | None = None) -> int:
        """Read the search rows into this process's columns before it serves, for at most ``seconds``
        (NEWSARCHIVE_SEARCH_WARM_UP; a row not read now is read the first time it matches); returns how
        many were read."""
        cols = columns.columns()
        deadline = time.monotonic() + (settings.NEWSARCHIVE_SEARCH_WARM_UP if seconds is None else seconds)
        after, read = -1, 0
        with cols.lock, connection.cursor() as cursor:
            while time.monotonic() < deadline:
                count, after = cols.read(cursor, after=after, limit=WARM_UP_CHUNK)
                read += count
                if count < WARM_UP_CHUNK:
                    break
        return read

    # ---- reads

    def search(
        self,
        parsed: q.ParsedQuery,
        params: SearchParams,
        *,
        facets: Iterable[str] = (),
        facet_limit: int | dict[str, int] = 50,
        histogram: bool = False,
        collapse: bool = True,
    ) -> Results:
        facets = tuple(facets)
        tree = parsed.tree
        filters = {name: flt for name, flt in params.filters.items() if flt}
        browse = tree is None and not (params.date_from or params.date_to)
        if browse and not filters:
            return self._browse(params, facets, facet_limit, histogram, collapse)

        analyses = languages.in_play(self.archive_analyses(), params, facets)
        text = where(tree, analyses)
        dates = _dates_sql(params)
        names = list(filters)
        passes = {name: _facet_filter_sql(name, f.include, f.exclude) for name, f in filters.items()}
        # A row failing two or more facet filters counts for no facet: leave it out of the match set.
        if len(names) >= 2:
            scopes = [
                SQL(
                    "(" + " AND ".join(passes[o].expr for o in names if o != name) + ")",
                    [v for o in names if o != name for v in passes[o].params],
                )
                for name in names
            ]
            scope = SQL("(" + " OR ".join(s.expr for s in scopes) + ")", [v for s in scopes for v in s.params])
        elif names and browse:
            # The empty query filtered on one facet: that facet's own counts are the aggregates.
            scope = passes[names[0]]
        else:
            scope = SQL("true")
        rank = rank_query(tree)
        sort = params.effective_sort
        ranked = sort == "relevance" and bool(rank)
        config = row_config(analyses)
        # One word, one analysis: first rank only the matches with the word in their head (schema.HEAD).
        reach = params.page * params.size
        tiered = ranked and len(analyses) <= 1 and _one_word(config, rank) and reach < _HEADS_SHORT.get(rank, reach + 1)

        limits = _limits(facets, facet_limit)
        aggregate_facet = names[0] if (browse and len(names) == 1) else None
        counted = [f for f in facets if f != aggregate_facet]
        selected = [f"{name}:{v}" for name, flt in filters.items() for v in (*flt.include, *flt.exclude)]
        cols = columns.columns()
        # The words' matches within the dates that can count for some facet (``scope``: ``reading``), and the final
        # matches (the words, dates and every facet filter): the total, the page and the facets that are not
        # filtered are counted on those, exactly up to FACET_EXACT.
        passing = _and(*passes.values())
        reading, final = _and(text, dates, scope), _and(text, dates, passing)
        ranking = _rank_sql(config, rank, passes) if ranked else NO_RANK
        try:
            # newest first, by words: the newest matches of a partition come from the index of publication times
            newest = sort == "newest" and tree is not None and not tiered
            # (an archive of at most FACET_EXACT articles has no more matches: no estimate is asked for)
            large = bool(tiered or newest or passes) and _archive_size() > FACET_EXACT
            expected = _expected_matches(final) if large else 0.0
            sample = _sample_plan(expected) if (tiered or newest) else None
            # Few final matches of many more that count for a filtered facet (a common word filtered by country):
            # every final match is read, and the filtered facets' own counts are estimated from the partitions of
            # a sample read in full (_Sample), as they count for more than FACET_EXACT matches.
            narrow = None
            if large and sample is None and passes and expected <= FACET_EXACT and reading.expr != final.expr:
                narrow = _sample_plan(_expected_matches(reading))
            # What each partition gives read in full (besides the words and dates): the matches that count for
            # some facet, or, narrowed, outside its sample the final matches only; sampled, only the sample's
            # partitions are read in full.
            parts = dict.fromkeys(schema.PARTITION_TABLES, scope)
            if narrow:
                parts.update(dict.fromkeys(narrow.rest, passing))
            reads = {t: parts[t] for t in sample.full} if sample else parts
            results = None
            for partial in (True, False) if (tiered or (newest and sample)) else (False,):
                if not partial:  # every match of every partition, ranked
                    jobs = [(t, *_match_statement(ranking, _and(text, dates, part))) for t, part in parts.items()]
                elif newest:
                    # every match of the sample's partitions, and the newest of the others
                    jobs = [(t, *_match_statement(NO_RANK, _and(text, dates, part))) for t, part in reads.items()]
                    latest = self._newest_statement(final, reach + NEWEST_MARGIN)
                    jobs += [(t, *latest) for t in sample.rest]
                else:
                    # Every match of the partitions read in full (all of them, or a sample's), only the heads among
                    # them ranked, and the heads alone of the others, ranked: the heads outrank every other match
                    # (schema.HEAD). Only a final match is ranked (it alone can be listed). Ranked while read, the
                    # heads of a partition read in full need no statement of their own, which would read their rows
                    # again (and, filtered, make the filter's bitmap again). At 1M articles, `unit` with country=US:
                    # the four partitions' statements took 270 ms instead of 320 (one connection, warm, measured).
                    jobs = []
                    for t, part in reads.items():
                        heads_ranked = _rank_sql(config, rank, {} if part is passing else passes, heads=True)
                        jobs.append((t, *_match_statement(heads_ranked, _and(text, dates, part))))
                    head = self._head_statement(config, rank, text, _and(dates, passing))
                    jobs += [(t, *head) for t in schema.PARTITION_TABLES if t not in reads]
                matches, slots, part = _within_time_budget(jobs, cols, text=tree is not None)
                estimate = {}
                if partial and sample:
                    estimate = {
                        "sample": np.isin(part, list(sample.full)),
                        "scale": sample.scale,
                        "limited": (part, reach + NEWEST_MARGIN) if newest else None,
                        "originals": lambda ids: _final_among(final, ids),
                        "similar_of": lambda ids: _duplicates_of(final, ids),
                    }
                elif narrow:
                    estimate = {"own_sample": np.isin(part, list(narrow.full)), "own_scale": narrow.scale}
                with cols.lock:  # a slot keeps its article; another thread may since have read a newer row
                    results = columns.count(
                        cols,
                        slots,
                        matches,
                        filters=filters,
                        facets=facets,
                        counted=counted,
                        limits=limits,
                        selected=set(selected),
                        sort=sort,
                        ranked=ranked,
                        partial_rank=partial,
                        start=(params.page - 1) * params.size,
                        size=params.size,
                        collapse=collapse,
                        histogram=histogram,
                        exact=FACET_EXACT,
                        **estimate,
                    )
                if results is not None:  # None: the heads (the newest) did not fill the page: every match is read
                    break
                if tiered:
                    _heads_short(rank, reach)
        except _TooSlowError:
            return Results(total=0, ids=[], notes=(_TOO_SLOW.format(seconds=settings.NEWSARCHIVE_SEARCH_TIMEOUT),))
        if aggregate_facet and aggregate_facet in facets:
            with connection.cursor() as cursor:
                counts, totals = _aggregates(cursor, {aggregate_facet: limits[aggregate_facet]}, selected)
            results.facets.update(counts)
            results.facet_totals.update(totals)
        results.terms = highlight_terms(tree)
        return results

    @staticmethod
    def _head_statement(config: str, rank: str, text: SQL, rest: SQL) -> tuple[str, list]:
        """A one-word search's statement for the heads of a partition whose matches meet ``text`` and ``rest``
        (the final matches: each is ranked)."""
        in_head = SQL(f"s.head @@ to_tsquery({config}, %s)", [rank])
        ranking = _rank_sql(config, rank, {})
        if text.words == rank:  # the word's match is implied by its head's
            return _match_statement(ranking, _and(in_head, rest))
        return _match_statement(ranking, _and(in_head, text, rest))

    @staticmethod
    def _newest_statement(final: SQL, limit: int) -> tuple[str, list]:
        """A search's statement, newest first, on a partition of which only the newest ``limit`` final matches
        are read (_Sample): the index of publication times, in its order, each row tested until enough match."""
        statement = (
            f"SELECT string_agg({columns.MATCH_SQL.format(rank='0::real')}, ''::bytea) FROM ("
            f"SELECT s.article_id, s.xmin AS xmin, s.cmin AS cmin FROM {{table}} s WHERE {final.expr}"
            " ORDER BY s.published DESC NULLS LAST, s.article_id DESC LIMIT %s) s"
        )
        return statement, [*final.params, limit]

    def archive_analyses(self) -> tuple[str, ...]:
        """The analyses of the archive's articles (``articles.search.languages``), from the aggregates."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM articles_search_count WHERE facet = 'analysis' AND n > 0")
            return languages.ordered(row[0].partition(":")[2] for row in cursor.fetchall())

    def _browse(self, params: SearchParams, facets, facet_limit, histogram: bool, collapse: bool) -> Results:
        """The empty query without filters (the front page): counts from the aggregates, the page from the
        date index, without reading the archive."""
        results = Results(total=0, ids=[])
        order = (
            "published ASC NULLS LAST, article_id"
            if params.effective_sort == "oldest"
            else ("published DESC NULLS LAST, article_id DESC")
        )
        hidden_sql = "s.dup IS NOT NULL AND EXISTS (SELECT 1 FROM articles_search o WHERE o.article_id = s.dup)"
        with transaction.atomic(), connection.cursor() as cursor:
            _statement_settings(cursor, browse=True)
            cursor.execute(
                "SELECT value, n FROM articles_search_count WHERE value = %s OR value LIKE %s",
                [vectors.TOTAL, vectors.MONTH + "%"],
            )
            counts = dict(cursor.fetchall())
            total = results.total = counts.get(vectors.TOTAL, 0)
            results.facets, results.facet_totals = _aggregates(cursor, _limits(facets, facet_limit), [])
            if collapse:
                cursor.execute(f"SELECT count(*) FROM articles_search s WHERE {hidden_sql}")
                hidden = cursor.fetchone()[0]
            else:
                hidden = 0
            cursor.execute(
                f"SELECT s.article_id FROM articles_search s WHERE NOT (%s AND coalesce({hidden_sql}, false))"
                f" ORDER BY {order} LIMIT %s OFFSET %s",
                [collapse, params.size, (params.page - 1) * params.size],
            )
            results.ids = [row[0] for row in cursor.fetchall()]
            if collapse and results.ids:
                cursor.execute(
                    "SELECT dup, count(*) FROM articles_search WHERE dup = ANY(%s) GROUP BY dup", [results.ids]
                )
                results.similar = dict(cursor.fetchall())
            if histogram:
                months = [(int(k[len(vectors.MONTH) :]), n) for k, n in counts.items() if k.startswith(vectors.MONTH)]
                dated = sum(n for _, n in months)
                if months and max(m for m, _ in months) - min(m for m, _ in months) <= 2:
                    # A span of a few months is shown per day: those rows are few enough to group.
                    cursor.execute(
                        "SELECT to_char(day, 'YYYYMMDD')::int, count(*)"
                        " FROM articles_search WHERE day IS NOT NULL GROUP BY 1"
                    )
                    day_counts = cursor.fetchall()
                else:
                    day_counts = [(m * 100 + 1, n) for m, n in months]
                results.histogram = bin_days(day_counts, total - dated)
            # inside a caller's transaction too
            cursor.execute("".join(f"SET LOCAL {name} TO DEFAULT;" for name in BROWSE_SETTINGS))
        results.shown = total - hidden
        return results

    def expand(self, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
        """Vocabulary words for a prefix or a fuzzy term, most frequent first. Only the text fields have a
        vocabulary; on the name fields a prefix is searched by the index itself and a fuzzy term as typed."""
        word = fold(text)
        if field not in ("", "title"):
            return [word]
        with connection.cursor() as cursor:
            if kind == "prefix":
                cursor.execute(
                    "SELECT word FROM articles_search_word WHERE word LIKE %s ORDER BY ndoc DESC, word LIMIT %s",
                    [_like_prefix(word), limit],
                )
                return [row[0] for row in cursor.fetchall()]
            found = self._near_words(cursor, word, distance)
        return [w for w, _ in found[:limit]]

    def _near_words(self, cursor, word: str, distance: int) -> list[tuple[str, int]]:
        """Vocabulary words within ``distance`` edits of ``word`` (first letter kept), by trigram
        candidates from the index and then the exact distance; most frequent first."""
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)])
        cursor.execute(
            "SELECT word, ndoc FROM articles_search_word WHERE word %% %s AND left(word, 1) = left(%s, 1)"
            " AND length(word) BETWEEN %s AND %s ORDER BY word <-> %s LIMIT %s",
            [word, word, len(word) - distance, len(word) + distance, word, FUZZY_CANDIDATES],
        )
        found = [(w, n) for w, n in cursor.fetchall() if edit_distance(word, w) <= distance]
        return sorted(found, key=lambda wn: (-wn[1], wn[0]))

    # ---- more like this, did you mean, highlighting

    def more_like_this(self, article_id: int, text: str, *, limit: int = 5) -> list[int]:
        """Articles sharing this one's most distinctive words (frequent here, rare in the archive)."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT w.word FROM (
                    SELECT word, nentry FROM ts_stat(
                        format('SELECT to_tsvector(%%L, %%L)', 'newsarchive_names', left(%s, 20000)))
                ) t JOIN articles_search_word w ON w.word = t.word
                WHERE length(w.word) > 2 AND w.ndoc > 1
                ORDER BY t.nentry * ln((SELECT greatest(n, 2) FROM articles_search_count WHERE value = '*')
                                        / w.ndoc::float) DESC
                LIMIT %s
                """,
                [text, MLT_TERMS],
            )
            words = [row[0] for row in cursor.fetchall()]
            if not words:
                return []
            tsquery = " | ".join(quote(w) for w in words)
            # Compared with the articles of its own analysis (its language), in that analysis.
            cursor.execute(
                "SELECT split_part(f, ':', 2) FROM articles_search, unnest(facets) f"
                " WHERE article_id = %s AND f LIKE 'analysis:%%'",
                [article_id],
            )
            row = cursor.fetchone()
            analysis = row[0] if row and row[0] in languages.ANALYSES else languages.ENGLISH
            cursor.execute(
                f"""
                SELECT s.article_id FROM articles_search s, to_tsquery('{text_config(analysis)}', %s) tq
                WHERE s.document @@ tq AND {analysis_restriction(analysis)}
                    AND s.article_id <> %s AND s.dup IS DISTINCT FROM %s
                ORDER BY ts_rank_cd(s.document, tq) DESC, s.article_id LIMIT %s
                """,
                [tsquery, article_id, article_id, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def suggest(self, text: str) -> str | None:
        """The query with each unknown (or rare, when a far commoner word is one edit away) word replaced
        by the archive's closest common word; None when nothing changes."""
        changed = False
        out = []
        looked_up = 0
        with connection.cursor() as cursor:
            for token in re.split(r"(\W+)", text):
                word = fold(token)
                if len(word) < 3 or not word.isalpha() or token.upper() in q.OPERATORS or looked_up >= SPELL_MAX_WORDS:
                    out.append(token)  # past SPELL_MAX_WORDS words, the rest stay as typed (each costs lookups)
                    continue
                looked_up += 1
                cursor.execute("SELECT ndoc FROM articles_search_word WHERE word = %s", [word])
                row = cursor.fetchone()
                freq = row[0] if row else 0
                floor = max(SPELL_MIN_FREQ, freq * SPELL_DOMINANCE) if freq else SPELL_MIN_FREQ
                best = None
                for distance in (1, 2):
                    if freq and distance == 2:
                        break  # a known word is only replaced by one a single edit away
                    found = [(w, n) for w, n in self._near_words(cursor, word, distance) if w != word and n >= floor]
                    if found:
                        letters = sorted(word)
                        # Fewest edits, then the same letters (a transposition), then the most frequent.
                        best = min(
                            found,
                            key=lambda wn: (edit_distance(word, wn[0]), sorted(wn[0]) != letters, -wn[1], wn[0]),
                        )[0]
                        break
                if best:
                    out.append(best)
                    changed = True
                else:
                    out.append(token)
        return "".join(out) if changed else None

    def highlight(self, text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, lang: str = "") -> str:
        return self.highlight_many([text], terms, top=top, whole=whole, langs=[lang])[0]

    def highlight_many(
        self,
        texts: list[str],
        terms: frozenset[str],
        *,
        top: int = 2,
        whole: bool = False,
        langs: list[str] | None = None,
    ) -> list[str]:
        """ts_headline over the shown page's texts, in one statement, each read (and the terms with it)
        by its language's configuration (``langs``, default English); marks are placed first and the
        text escaped after, so nothing in an article's text reaches the page as HTML."""
        if not terms or not texts:
            return [""] * len(texts)
        tsquery = " | ".join(quote(t[:-1]) + ":*" if t.endswith("*") else quote(t) for t in sorted(terms))
        options = (
            f'StartSel="{START}", StopSel="{STOP}", HighlightAll=true'
            if whole
            else f'StartSel="{START}", StopSel="{STOP}", MaxFragments={top}, MaxWords=28, MinWords=12, '
            'FragmentDelimiter=" … "'
        )
        configs = [text_config(languages.analysis_for(lang)) for lang in (langs or [""] * len(texts))]
        texts = [(text or "").replace("<", LT).replace(">", GT) for text in texts]

        def headlines(cursor, chosen: list[int], of: list[str]) -> list[str]:
            cursor.execute(
                "SELECT ts_headline(c::regconfig, t, to_tsquery(c::regconfig, %s), %s)"
                " FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(t, c, i) ORDER BY i",
                [tsquery, options, [of[i] for i in chosen], [configs[i] for i in chosen]],
            )
            return [row[0] or "" for row in cursor.fetchall()]

        everything = list(range(len(texts)))
        with connection.cursor() as cursor:
            if whole:
                marked = headlines(cursor, everything, texts)
            else:
                # ts_headline reads the whole text it is given: a snippet is taken from a long text's first
                # HEADLINE_CHARS when the words are there (the whole text otherwise).
                heads = [_head(text) for text in texts]
                marked = headlines(cursor, everything, heads)
                again = [i for i in everything if START not in marked[i] and len(heads[i]) < len(texts[i])]
                for i, m in zip(again, headlines(cursor, again, texts) if again else (), strict=True):
                    marked[i] = m
        return [_marked_html(m) for m in marked]


# A snippet is looked for in a long text's first this many characters first (highlight_many): ts_headline
# parses all it is given, and the page's texts are often the longest (measured at 100k: 17 ms of a page
# whose 20 texts had 93,000 characters).
HEADLINE_CHARS = 4000


def _head(text: str) -> str:
    """The start of a long text, cut at a space."""
    if len(text) <= HEADLINE_CHARS:
        return text
    cut = text.rfind(" ", HEADLINE_CHARS // 2, HEADLINE_CHARS)
    return text[: cut if cut > 0 else HEADLINE_CHARS]


def _marked_html(marked: str) -> str:
    if START not in marked:
        return ""
    marked = html.escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return marked.replace(LT, "&lt;").replace(GT, "&gt;")


def _like_prefix(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
