"""Date histogram binning, engine-neutral: an engine counts its matches per day, this picks the unit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from articles.search.backend import Histogram

YEARS_SPAN = 3 * 365  # a longer span is shown per year
MONTHS_SPAN = 62  # a longer one per month; else per day


def unit_for(low: int, high: int) -> tuple[str, int]:
    """The bar unit for dates from ``low`` to ``high`` (YYYYMMDD), and what divides a day into its bin."""
    span_days = (high // 10000 - low // 10000) * 365 + (high // 100 % 100 - low // 100 % 100) * 31
    if span_days > YEARS_SPAN:
        return "year", 10000
    if span_days > MONTHS_SPAN:
        return "month", 100
    return "day", 1


def bin_days(day_counts: Iterable[tuple[int, int]], undated: int = 0) -> Histogram:
    """Counts per year, month or day (whichever gives a readable number of bars, ``unit_for``) from
    (YYYYMMDD, count) pairs of the matches (any order, a day may repeat), plus the undated matches.
    An engine with its own arrays may bin them itself with ``unit_for``; the result must be the same."""
    per_day = Counter()
    for day, count in day_counts:
        if day > 0 and count:
            per_day[int(day)] += int(count)
    if not per_day:
        return Histogram("year", [], undated)
    unit, divisor = unit_for(min(per_day), max(per_day))
    bins: Counter = Counter()
    for day, count in per_day.items():
        bins[day // divisor] += count
    return Histogram(unit, sorted(bins.items()), undated)


def histogram_of(days: np.ndarray) -> Histogram:
    """``bin_days`` done in numpy, for an engine that holds its matches' days (YYYYMMDD, 0 when undated) as an
    array (the page asks for it on every search)."""
    dated = days[days > 0]
    undated = int(len(days) - len(dated))
    if not len(dated):
        return Histogram("year", [], undated)
    unit, divisor = unit_for(int(dated.min()), int(dated.max()))
    values, counts = np.unique(dated // divisor, return_counts=True)
    return Histogram(unit, list(zip(values.tolist(), counts.tolist(), strict=True)), undated)
