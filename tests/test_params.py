from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict

from articles.search.params import MAX_QUERY_CHARS, SearchParams


def parse(qs: str) -> SearchParams:
    return SearchParams.from_querydict(QueryDict(qs))


@pytest.mark.parametrize(
    ("qs", "check"),
    [
        ("", lambda p: p.q == "" and p.page == 1 and p.size == 20 and p.sort == "relevance"),  # defaults
        ("q=%20kenya%20", lambda p: p.q == "kenya"),  # surrounding space stripped
        ("country=ke&country=TZ", lambda p: p.include("country") == ("KE", "TZ")),  # codes upper-cased, repeatable
        ("country=-KE", lambda p: p.exclude("country") == ("KE",) and not p.include("country")),  # '-' excludes
        ("country=Kenya", lambda p: not p.filters and p.errors),  # not a code: dropped with a message
        ("topic=15000000", lambda p: p.include("topic") == ("medtop:15000000",)),  # bare topic number accepted
        ("topic=medtop:04000000", lambda p: p.include("topic") == ("medtop:04000000",)),  # full code
        ("topic=sport", lambda p: not p.filters and p.errors),  # not a code
        ("page=0", lambda p: p.page == 1 and p.errors),  # clamped
        ("page=abc", lambda p: p.page == 1 and p.errors),  # not a number
        ("page=99999999999999999999", lambda p: p.page == 500),  # huge: clamped, no overflow
        ("size=5", lambda p: p.size == 10),  # below the minimum
        ("size=1000", lambda p: p.size == 100),  # above the maximum
        ("sort=newest", lambda p: p.sort == "newest"),  # valid sort
        ("sort=random", lambda p: p.sort == "relevance" and p.errors),  # unknown sort
        ("from=2020-01-01&to=2019-01-01", lambda p: p.date_from == date(2019, 1, 1)),  # swapped
        ("from=yesterday", lambda p: p.date_from is None and p.errors),  # bad date
        ("q=a%00b%1bc", lambda p: "\x00" not in p.q and "\x1b" not in p.q),  # control characters removed
        ("q=" + "x" * (MAX_QUERY_CHARS + 500), lambda p: len(p.q) == MAX_QUERY_CHARS and p.errors),  # capped
        ("country=KE&country=KE", lambda p: p.include("country") == ("KE",)),  # repeated value kept once
        ("year=undated&year=2021", lambda p: p.include("year") == ("undated", "2021")),  # undated bucket
    ],
)
def test_from_querydict(qs, check):
    assert check(parse(qs))


def test_querystring_round_trip():
    params = parse("q=solar+power&country=KE&country=-DE&topic=15000000&sort=newest&page=3&size=50")
    again = parse(params.querystring())
    assert again == params


def test_toggled_adds_and_removes_and_resets_page():
    params = parse("q=x&country=KE&page=4")
    assert parse(params.toggled("country", "KE")).include("country") == ()
    added = parse(params.toggled("country", "TZ"))
    assert added.include("country") == ("KE", "TZ") and added.page == 1
    assert parse(params.excluded("country", "TZ")).exclude("country") == ("TZ",)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=oil",
        "q=oil+%26+gas&country=KE&country=-TZ&topic=medtop:04000000",
        "country=US&country=GB&source=Wire+One&from=2020-01-01&to=2021-12-31&sort=newest&page=3&size=50",
        "q=%22trade+talks%22&lang=-fr&year=2021&person=Ann+O%27Neil&org=-UN&section=World+%3E+Europe&page=2",
        "topic=medtop:11000000&topic=-medtop:04000000&org=Bank+of+England&person=-J%C3%BCrgen",
    ],
)
def test_facet_links_are_toggled_and_excluded(query):
    """The page's facet links (built in one pass per facet) are exactly ``toggled`` and ``excluded``."""
    from articles.search.facets import FACETS

    params = SearchParams.from_querydict(QueryDict(query))
    for name in FACETS:
        values = [*params.include(name), *params.exclude(name), "KE", "medtop:04000000", "a b&c=d", "-x", "É"]
        expected = [(params.toggled(name, v), params.excluded(name, v)) for v in values]
        assert params.facet_links(name, values) == expected, (query, name)
