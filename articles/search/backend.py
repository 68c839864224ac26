"""The search interface every engine implements (each engine a subpackage of ``articles.search``), after Wagtail's
django-modelsearch: one small interface, several engines, the app never naming one.

The app reaches an engine only through ``articles.search`` (``get_backend()`` and the functions there);
the engine is chosen by the setting ``NEWSARCHIVE_SEARCH_BACKEND``. Engines receive plain index documents
(``IndexDocument``), never model instances (``articles.search.index.document_for`` makes them), and a
query already parsed and bounded by ``articles.search.query`` (the tree is documented there); facet
names are those of ``articles.search.facets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from articles.search.params import SearchParams
from articles.search.query import ParsedQuery


@dataclass(frozen=True)
class IndexDocument:
    id: int
    version: str  # changes whenever the article changes; check() compares it
    title: str
    text: str  # standfirst + body (what the words search)
    authors: tuple[str, ...]
    country: tuple[str, ...]
    topic: tuple[str, ...]
    source: str
    section: str
    lang: str
    published: int | None  # epoch seconds, UTC
    day: int | None  # YYYYMMDD, the publisher's local date (years, histogram, date ranges)
    person: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    duplicate_of: int | None = None  # a near-duplicate's original (collapsed under it in results)


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Histogram:
    unit: str  # "year" | "month" | "day"
    bins: list[tuple[int, int]]  # (YYYY | YYYYMM | YYYYMMDD, count), in time order, only non-empty bins
    undated: int = 0
    estimated: bool = False  # counted on a sample of a very large match set and scaled up (Results.estimated)


@dataclass
class Results:
    total: int
    ids: list[int]  # article ids of the requested page, in order
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    query_read: str = ""  # how the query was understood, shown on the page
    fallback: bool = False  # the query could not be parsed; its words were searched instead
    terms: frozenset[str] = frozenset()  # analysed terms, for highlighting
    notes: tuple[str, ...] = ()  # what the parser bounded or could not resolve
    shown: int | None = None  # matches listed: total minus near-duplicates collapsed under their original
    similar: dict[int, int] = field(default_factory=dict)  # article id -> near-duplicates collapsed under it
    histogram: Histogram | None = None
    facet_totals: dict[str, int] = field(default_factory=dict)  # how many values each facet has in all
    # Changes whenever the index changes, for what the page derives from results (rendered fragments):
    # set by an engine that keeps per-process state (Whoosh's searcher), None when nothing may be kept.
    generation: str | None = None
    # Facets whose counts are estimates (an engine may count a sample of a very large match set): the
    # page shows them as "about N".
    estimated: frozenset[str] = frozenset()
    # The total (and so ``shown``) is an estimate from such a sample: the page shows "about N".
    total_estimated: bool = False


@dataclass
class CheckReport:
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not in the database
    stale: list[int] = field(default_factory=list)  # in both, but the index holds an old version
    outdated_schema: bool = False  # the index was built by an older version: rebuild it

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.outdated_schema)


class SearchBackend(Protocol):
    """Everything the app asks of a search engine, and nothing more."""

    # ---- reads

    def search(
        self,
        parsed: ParsedQuery,
        params: SearchParams,
        *,
        facets: Iterable[str] = (),
        facet_limit: int | dict[str, int] = 50,
        histogram: bool = False,
        collapse: bool = True,
    ) -> Results:
        """The matches of ``parsed`` (already bounded: see ``articles.search.query``; ``parsed.tree`` None
        lists everything) narrowed by ``params``' filters and dates, sorted by ``params.effective_sort``
        (undated articles last in every date order), the page ``params.page`` of ``params.size``.
        ``facets``: facet names to count, each with every *other* facet's filter applied; ``facet_limit``:
        values per facet (most frequent first, ties by value; selected values with matches always
        included), one int or per facet name; ``facet_totals`` says how many values each facet has.
        ``histogram``: the matches' dates binned by ``articles.search.histogram.bin_days``.
        ``collapse``: near-duplicates whose original also matches are left out of the page and counted
        under it (``shown``, ``similar``); False lists every match (API, exports).
        ``terms``: what ``highlight`` needs to mark the matches. The query fields of Results
        (``query_read``, ``fallback``, ``notes``) are filled by ``articles.search``, not the engine."""
        ...

    def expand(self, field: str, kind: str, text: str, limit: int, distance: int = 0) -> list[str]:
        """Words of the engine's vocabulary for a prefix (``kind`` "prefix": words starting with ``text``)
        or a fuzzy term (``kind`` "fuzzy": within ``distance`` edits of ``text``, first letter kept), in
        ``field`` (a ``query.TEXT_FIELDS`` name), at most ``limit`` of them, the likeliest first when the
        engine can tell. ``query.bound`` calls it within the whole query's budget; the words come back in
        the tree's ``Expansion`` nodes and the engine compiles them as exact terms."""
        ...

    def more_like_this(self, article_id: int, text: str, *, limit: int = 5) -> list[int]:
        """Article ids most like this one (``text`` is its title and body), best first; never its own
        near-duplicates (the article page lists those)."""
        ...

    def suggest(self, text: str) -> str | None:
        """ "Did you mean": the query with each unknown or rare word replaced by the archive's closest
        common word, or None when nothing would change."""
        ...

    def highlight(self, text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, lang: str = "") -> str:
        """HTML of ``text`` (escaped) with the words matching ``terms`` (``Results.terms``) in <mark>:
        the ``top`` best fragments, or the whole text; '' when nothing matched. Only the shown page.
        ``lang``: the article's language; its words are read in that language's analysis
        (``articles.search.languages``), as the article was indexed."""
        ...

    # ---- writes

    def article_changed(self, article_ids: list[int]) -> None:
        """Called inside the write transaction that changed (or deleted) these articles: the engine makes
        sure the index will agree with the database once it commits (a file index queues an index job in the
        same transaction; an in-database engine can write its vectors right there)."""
        ...

    def update(self, docs: Iterable[IndexDocument], deleted: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and delete the articles ``deleted``; the number of changes."""
        ...

    def add(self, docs: Iterable[IndexDocument]) -> int: ...

    def delete(self, ids: Iterable[int]) -> int: ...

    def rebuild(self, docs: Iterable[IndexDocument], *, progress=None, procs: int = 1) -> int:
        """Replace the whole index with ``docs`` (readers keep the old one until it is complete);
        ``progress(count)`` is called every 1,000 documents. Returns the number indexed."""
        ...

    def check(self, versions: dict[int, str]) -> CheckReport:
        """Compare the index with the database's article versions (id -> version)."""
        ...

    def close(self) -> None:
        """Release what this process holds open (searchers, files, connections); the next call reopens."""
        ...
