"""Server-rendered pictures: the date histogram of a search as SVG geometry for the template."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.backend import Histogram
from articles.search.params import SearchParams

WIDTH, HEIGHT, PAD = 720, 120, 18
MAX_BARS = 400
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    count: int
    qs: str  # the search narrowed to this bar's period


def _period(unit: str, key: int) -> tuple[date, date, str]:
    if unit == "year":
        return date(key, 1, 1), date(key, 12, 31), str(key)
    if unit == "month":
        year, month = divmod(key, 100)
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), f"{MONTHS[month - 1]} {year}"
    day = date(key // 10000, key // 100 % 100, key % 100)
    return day, day, day.isoformat()


def _fill(unit: str, bins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add the empty bins between the first and the last, so that time runs evenly along the axis; when
    that would make more than MAX_BARS bars (a stray date centuries away), only the bins with matches."""
    if not bins:
        return []
    counts = dict(bins)
    first, last = bins[0][0], bins[-1][0]
    keys: list[int] = []
    if unit == "year":
        keys = list(range(first, last + 1))
    elif unit == "month":
        y, m = divmod(first, 100)
        while y * 100 + m <= last and len(keys) <= MAX_BARS:
            keys.append(y * 100 + m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        d = date(first // 10000, first // 100 % 100, first % 100)
        end = date(last // 10000, last // 100 % 100, last % 100)
        while len(keys) <= MAX_BARS:
            keys.append(d.year * 10000 + d.month * 100 + d.day)
            if d >= end:  # not one day further: the day after 9999-12-31 does not exist
                break
            d = date.fromordinal(d.toordinal() + 1)
    if len(keys) > MAX_BARS:
        return list(bins)
    return [(k, counts.get(k, 0)) for k in keys]


def histogram(hist: Histogram | None, params: SearchParams, *, base: str = "") -> dict | None:
    """Bars for the template; each links to ``base`` + the search narrowed to its period."""
    if hist is None or not hist.bins:
        return None
    bins = _fill(hist.unit, hist.bins)
    top = max(count for _, count in bins) or 1
    step = (WIDTH - 2 * PAD) / len(bins)
    bars = []
    for i, (key, count) in enumerate(bins):
        start, end, label = _period(hist.unit, key)
        h = (HEIGHT - 2 * PAD) * count / top
        bars.append(
            Bar(
                x=round(PAD + i * step + step * 0.1, 2),
                y=round(HEIGHT - PAD - h, 2),
                w=round(max(step * 0.8, 1), 2),
                h=round(h, 2),
                label=label,
                count=count,
                qs=params.with_dates(start, end),
            )
        )
    return {
        "unit": hist.unit,
        "base": base,
        "bars": bars,
        "bars_html": _bars_html(bars, base, HEIGHT - PAD),
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD,
        "first": bars[0].label,
        "last": bars[-1].label,
        "max": top,
        "undated": hist.undated,
        "estimated": hist.estimated,
        "undated_qs": params.toggled("year", "undated"),
    }


def _bars_html(bars: list[Bar], base: str, baseline: int) -> SafeString:
    """The histogram's bars as SVG, built here rather than by the template (up to MAX_BARS of them, eight
    values each: template rendering was the larger part of a search page's time)."""
    base = escape(base)
    out = []
    for bar in bars:
        label = f"{escape(bar.label)}: {bar.count}"
        out.append(
            f'<a href="{base}?{escape(bar.qs)}" aria-label="{label} articles"><rect x="{bar.x}" y="{bar.y}" '
            f'width="{bar.w}" height="{bar.h}"><title>{label}</title></rect><rect class="hit" x="{bar.x}" y="0" '
            f'width="{bar.w}" height="{baseline}"></rect></a>'
        )
    return mark_safe("".join(out))  # every value in it is escaped or a number


def world_map(counts: list, names: dict[str, str]) -> dict | None:
    """Classes that colour the static world map by country counts (5 levels on a log scale), each country's
    name and count (for titles; map.js builds the click's link from the page's query), and a legend."""
    counted = [c for c in counts if c.count > 0 and len(c.value) == 2]
    if not counted:
        return None
    top = max(c.count for c in counted)
    classes = []
    ranges: dict[int, list[int]] = {}
    for c in counted:
        # When every country has the same count, show them all clearly rather than in the palest shade.
        level = min(4 if top == 1 else 1 + round(4 * math.log1p(c.count - 1) / math.log1p(top - 1)), 5)
        classes.append(f"map-{c.value.lower()}-{level}")
        low, high = ranges.setdefault(level, [c.count, c.count])
        ranges[level] = [min(low, c.count), max(high, c.count)]
    legend = [
        {"level": level, "label": f"{low}" if low == high else f"{low}–{high}"}
        for level, (low, high) in sorted(ranges.items())
    ]
    return {
        "classes": " ".join(classes),
        "links": {c.value: [names.get(c.value, c.value), c.count] for c in counted},
        "legend": legend,
        "top": top,
        "countries": len(counted),
    }
