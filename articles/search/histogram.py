"""Date histogram binning, engine-neutral: an engine counts its matches per day, this picks the unit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from articles.search.backend import Histogram

YEARS_SPAN = 3 * 365  # a longer span is shown per year
MONTHS_SPAN = 62  # a longer one per month; else per day


def bin_days(day_counts: Iterable[tuple[int, int]], undated: int = 0) -> Histogram:
    """Counts per year, month or day (whichever gives a readable number of bars) from (YYYYMMDD, count)
    pairs of the matches (any order, a day may repeat), plus the undated matches."""
    per_day = Counter()
    for day, count in day_counts:
        if day > 0 and count:
            per_day[int(day)] += int(count)
    if not per_day:
        return Histogram("year", [], undated)
    low, high = min(per_day), max(per_day)
    span_days = (high // 10000 - low // 10000) * 365 + (high // 100 % 100 - low // 100 % 100) * 31
    if span_days > YEARS_SPAN:
        unit, divisor = "year", 10000
    elif span_days > MONTHS_SPAN:
        unit, divisor = "month", 100
    else:
        unit, divisor = "day", 1
    bins: Counter = Counter()
    for day, count in per_day.items():
        bins[day // divisor] += count
    return Histogram(unit, sorted(bins.items()), undated)
