"""Date histogram: engine-neutral binning, and far dates that must not break a page."""

from __future__ import annotations

import pytest

from articles.search.histogram import bin_days


@pytest.mark.parametrize(
    ("pairs", "unit", "bins"),
    [
        ([], "year", []),  # nothing dated
        ([(20240301, 2), (20240303, 1)], "day", [(20240301, 2), (20240303, 1)]),  # a few days
        ([(20240101, 1), (20240615, 3), (20240620, 1)], "month", [(202401, 1), (202406, 4)]),  # half a year
        ([(19990101, 1), (20240615, 2)], "year", [(1999, 1), (2024, 2)]),  # decades
        ([(20240301, 1), (20240301, 4), (0, 9)], "day", [(20240301, 5)]),  # a day twice; undated apart
        ([(99991231, 1)], "day", [(99991231, 1)]),  # the last representable day
    ],
)
def test_bin_days(pairs, unit, bins):
    hist = bin_days(pairs, undated=7)
    assert (hist.unit, hist.bins, hist.undated) == (unit, bins, 7)


@pytest.mark.parametrize(
    "dates",
    [
        ["2024-03-01", "2024-03-03", "2024-03-03"],  # days
        ["2024-01-01", "2024-06-15", None, None],  # months, and undated
        ["1999-01-01", "2024-06-15", "9998-12-31"],  # years, up to the last real year
    ],
)
def test_the_engine_bins_as_bin_days_does(make_articles, dates):
    # An engine may bin its own arrays; it must agree with the engine-neutral rule.
    from articles.models import Article
    from articles.search import find
    from articles.search.params import SearchParams

    make_articles(
        *[
            {"id": f"h{i}", "title": f"Tide table {i}", "body": f"High water at {i} o'clock.", "published": d}
            for i, d in enumerate(dates)
        ]
    )
    days = [
        int(p.strftime("%Y%m%d"))
        for p in Article.objects.exclude(published_date=None).values_list("published_date", flat=True)
    ]
    expected = bin_days([(d, 1) for d in days], undated=dates.count(None))
    assert find(SearchParams(), histogram=True).histogram == expected


# Years 1 and 9999 are placeholders that the date rule leaves undated; the last and first real years
# still reach the histogram's edges (a day bin after 9998-12-31 is the year 9999, a month after it too).
FAR = [
    {"id": "far-1", "title": "A record dated at the end of time", "body": "Time capsule opened by the council.",
     "published": "9998-12-31"},
    {"id": "far-2", "title": "A record from the first year", "body": "Time capsule buried by the council.",
     "published": "0002-01-01"},
]  # fmt: skip


@pytest.mark.parametrize(
    ("records", "bar"), [(FAR[:1], "9998-12-31"), (FAR, "9998")], ids=["only 9998-12-31", "0002 to 9998"]
)
def test_far_dates_do_not_break_the_pages(client, make_articles, records, bar):
    # "year 10000 is out of range" came from the histogram's last day bin; the page must render.
    make_articles(*records)
    for url, params in [("/", {}), ("/", {"q": "capsule"}), ("/", {"year": "9998"}), ("/feeds/latest/", {})]:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
    html = client.get("/", {"q": "capsule"}).content.decode()
    assert "end of time" in html and 'class="histogram"' in html
    assert f'aria-label="{bar}: 1 articles"' in html  # its bar is drawn, not cut off after the first 400 years
