"""Search parameters parsed and validated from a QueryDict, and written back to a query string.

These names are a public contract (README, feeds, API): q, the facets of ``articles.search.facets``
(country, topic, source, section, lang, year, person, org: each repeatable; a leading "-" excludes the
value), from, to, sort, page, size.
Bad values never raise: they are dropped and reported in ``errors`` so the page can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import quote_plus, urlencode

from articles.search.facets import FACETS, REGISTRY, clean_text

__all__ = ["FACETS", "FacetFilter", "SearchParams", "clean_text"]

MAX_QUERY_CHARS = 1000
MAX_VALUES_PER_FACET = 50
MAX_PAGE = 500
SIZES = (10, 100)  # inclusive bounds
DEFAULT_SIZE = 20
SORTS = ("relevance", "newest", "oldest")


def _normalise_facet_value(name: str, raw: str) -> str | None:
    return REGISTRY[name].read(raw)


@dataclass(frozen=True)
class FacetFilter:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, FacetFilter] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    errors: tuple[str, ...] = ()

    @classmethod
    def from_querydict(cls, qd) -> SearchParams:
        errors: list[str] = []
        getlist = qd.getlist if hasattr(qd, "getlist") else (lambda k: list(qd.get(k, [])))

        def first(name: str) -> str:
            values = getlist(name)
            return values[-1] if values else ""

        q = first("q")
        if len(q) > MAX_QUERY_CHARS:
            errors.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
        q = clean_text(q, MAX_QUERY_CHARS)

        filters: dict[str, FacetFilter] = {}
        for name in FACETS:
            param = REGISTRY[name].param
            include: list[str] = []
            exclude: list[str] = []
            for raw in getlist(param)[: MAX_VALUES_PER_FACET * 2]:
                negative = raw.startswith("-")
                value = _normalise_facet_value(name, raw[1:] if negative else raw)
                if value is None:
                    if raw.strip():
                        errors.append(f"Ignored the {name} filter {clean_text(raw, 40)!r}: not a valid value.")
                    continue
                target = exclude if negative else include
                if value not in target:
                    target.append(value)
            if include or exclude:
                filters[name] = FacetFilter(
                    tuple(include[:MAX_VALUES_PER_FACET]), tuple(exclude[:MAX_VALUES_PER_FACET])
                )

        def parse_date(name: str) -> date | None:
            raw = clean_text(first(name), 20)
            if not raw:
                return None
            try:
                return date.fromisoformat(raw)
            except ValueError:
                errors.append(f"Ignored {name}={raw!r}: dates are written YYYY-MM-DD.")
                return None

        date_from, date_to = parse_date("from"), parse_date("to")
        if date_from and date_to and date_from > date_to:
            errors.append("The 'from' date was after the 'to' date; they were swapped.")
            date_from, date_to = date_to, date_from

        sort = clean_text(first("sort"), 20).lower() or "relevance"
        if sort not in SORTS:
            errors.append(f"Unknown sort {sort!r}; sorted by relevance.")
            sort = "relevance"

        page = _parse_int(first("page"), 1, 1, MAX_PAGE, "page", errors)
        size = _parse_int(first("size"), DEFAULT_SIZE, SIZES[0], SIZES[1], "size", errors)
        return cls(q, filters, date_from, date_to, sort, page, size, tuple(errors))

    def include(self, facet: str) -> tuple[str, ...]:
        f = self.filters.get(facet)
        return f.include if f else ()

    def exclude(self, facet: str) -> tuple[str, ...]:
        f = self.filters.get(facet)
        return f.exclude if f else ()

    @property
    def effective_sort(self) -> str:
        # Relevance needs words to rank by; an empty query lists the newest articles.
        return "newest" if self.sort == "relevance" and not self.q else self.sort

    def with_page(self, page: int) -> SearchParams:
        return replace(self, page=page)

    def to_pairs(self, *, page: bool = True) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for name in FACETS:
            f = self.filters.get(name)
            if not f:
                continue
            param = REGISTRY[name].param
            pairs += [(param, v) for v in f.include]
            pairs += [(param, "-" + v) for v in f.exclude]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.size != DEFAULT_SIZE:
            pairs.append(("size", str(self.size)))
        if page and self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, *, page: bool = True) -> str:
        return urlencode(self.to_pairs(page=page))

    def toggled(self, facet: str, value: str) -> str:
        """The query string with ``value`` added to or removed from a facet (page reset to 1)."""
        f = self.filters.get(facet, FacetFilter())
        if value in f.include:
            new = FacetFilter(tuple(v for v in f.include if v != value), f.exclude)
        elif value in f.exclude:
            new = FacetFilter(f.include, tuple(v for v in f.exclude if v != value))
        else:
            new = FacetFilter((*f.include, value), f.exclude)
        filters = {**self.filters, facet: new}
        return replace(self, filters=filters, page=1).querystring()

    def with_dates(self, date_from: date | None, date_to: date | None) -> str:
        """The query string narrowed (or widened) to a period (page reset to 1)."""
        return replace(self, date_from=date_from, date_to=date_to, page=1).querystring()

    def excluded(self, facet: str, value: str) -> str:
        """The query string with ``value`` excluded from a facet."""
        f = self.filters.get(facet, FacetFilter())
        new = FacetFilter(tuple(v for v in f.include if v != value), (*f.exclude, value))
        return replace(self, filters={**self.filters, facet: new}, page=1).querystring()

    def facet_links(self, facet: str, values: list[str]) -> list[tuple[str, str]]:
        """``(toggled(facet, v), excluded(facet, v))`` for each value, the same strings built faster: a
        result page links every value of every facet twice. The parts of the query string before and after
        the facet's own pairs do not change from one value to the next, so they are encoded once."""
        param = REGISTRY[facet].param
        base = replace(self, filters={**self.filters, facet: FacetFilter()}, page=1)
        pairs = base.to_pairs()
        # to_pairs writes q, then the facets in FACETS order, then the rest: the facet's pairs go where
        # its turn comes, after q and the facets before it.
        before_names = FACETS[: FACETS.index(facet)]
        before_params = {REGISTRY[n].param for n in before_names}
        cut = 1 if self.q else 0
        while cut < len(pairs) and pairs[cut][0] in before_params:
            cut += 1
        head, tail = urlencode(pairs[:cut]), urlencode(pairs[cut:])
        key = quote_plus(param)
        f = self.filters.get(facet, FacetFilter())

        def encoded(include: tuple[str, ...], exclude: tuple[str, ...]) -> str:
            own = "&".join(
                [*(f"{key}={quote_plus(v)}" for v in include), *(f"{key}={quote_plus('-' + v)}" for v in exclude)]
            )
            return "&".join(part for part in (head, own, tail) if part)

        out = []
        for value in values:
            if value in f.include:
                toggled = encoded(tuple(v for v in f.include if v != value), f.exclude)
            elif value in f.exclude:
                toggled = encoded(f.include, tuple(v for v in f.exclude if v != value))
            else:
                toggled = encoded((*f.include, value), f.exclude)
            out.append((toggled, encoded(tuple(v for v in f.include if v != value), (*f.exclude, value))))
        return out


def _parse_int(raw: str, default: int, low: int, high: int, name: str, errors: list[str]) -> int:
    raw = raw.strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors.append(f"Ignored {name}={clean_text(raw, 20)!r}: not a number.")
        return default
    if value < low or value > high:
        clamped = min(max(value, low), high)
        errors.append(f"{name} must be between {low} and {high}; used {clamped}.")
        return clamped
    return value
