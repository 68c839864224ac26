"""The search interface every backend implements (Whoosh today; PostgreSQL full-text later).

Five verbs, after Wagtail's django-modelsearch: add, delete, search, rebuild, check.
Backends receive plain index documents (``IndexDocument``), never model instances, so that
only ``articles.search.documents`` knows how an Article becomes a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from articles.search.params import SearchParams


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
    day: int | None  # YYYYMMDD, for date ranges
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
    def add(self, docs: Iterable[IndexDocument]) -> int: ...

    def delete(self, ids: Iterable[int]) -> int: ...

    def search(self, params: SearchParams, *, facets: Iterable[str] = ()) -> Results: ...

    def rebuild(self, docs: Iterable[IndexDocument]) -> int: ...

    def check(self, versions: dict[int, str]) -> CheckReport: ...
