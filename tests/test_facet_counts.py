"""Facet counts and totals, on whichever engine the suite runs, against counts computed from the database
itself (the articles and their tags): OR within a facet, AND across facets, excludes, each facet counted
with the *other* facets' filters, and the empty query's counts."""

from __future__ import annotations

import random

import pytest
from django.http import QueryDict

from articles import search
from articles.search.params import SearchParams

FACETS = ("country", "topic", "source", "section", "lang", "year", "person", "org")
PLACES = ["Kenya", "Peru", "Norway", "Vietnam", "Chile"]
SECTIONS = ["Business", "Sport", "Science"]
SOURCES = ["Harbour Gazette", "Inland Courier", "Morning Ledger"]
MARKERS = ["zorblat", "quendix"]  # words only some articles contain


def _records(n: int = 36) -> list[dict]:
    rng = random.Random(9)
    out = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        other = PLACES[(i * 3 + 1) % len(PLACES)]
        marker = MARKERS[i % 3] if i % 3 < 2 else ""
        year = 2018 + i % 4
        body = (
            f"Officials in {place} met delegates from {other} on Tuesday to discuss fishing quotas and port fees. "
            f"Minister Amara Okafor said the talks with the Coastal Fisheries Authority went well. {marker} "
            f"Traders expect prices to {rng.choice(['rise', 'fall', 'hold'])} before the season opens."
        )
        record = {
            "id": f"fc-{i}",
            "title": f"{place} and {other} talk about fishing, round {i}",
            "body": body,
            "source": SOURCES[i % len(SOURCES)],
            "section": SECTIONS[i % len(SECTIONS)],
        }
        if i % 7:  # every seventh article is undated
            record["published"] = f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z"
        if i % 11 == 5:
            record["language"] = "fr"
        out.append(record)
    return out


def _values(article) -> dict[str, set[str]]:
    """Every facet value of an article, read from the database (not from any index)."""
    return {
        "country": {c.country_id for c in article.live_countries()},
        "topic": {t.topic_id for t in article.live_topics()},
        "source": {article.source.name} if article.source else set(),
        "section": {article.section} if article.section else set(),
        "lang": {article.language} if article.language else set(),
        "year": {str(article.published_date.year)} if article.published_date else {"undated"},
        "person": {p.entity.name for p in article.people},
        "org": {o.entity.name for o in article.organizations},
    }


def _expected(params: SearchParams, word: str | None):
    from articles.models import Article

    rows = []
    for article in Article.objects.for_index():
        if word and word not in f"{article.title} {article.body}".lower():
            continue
        rows.append(_values(article))

    def passes(row: dict[str, set[str]], skip: str | None = None) -> bool:
        for name, flt in params.filters.items():
            if name == skip or not flt:
                continue
            if flt.include and not row[name] & set(flt.include):
                return False
            if row[name] & set(flt.exclude):
                return False
        return True

    total = sum(1 for r in rows if passes(r))
    facets = {}
    for name in FACETS:
        counts: dict[str, int] = {}
        for r in rows:
            if passes(r, skip=name):
                for v in r[name]:
                    counts[v] = counts.get(v, 0) + 1
        facets[name] = counts
    return total, facets


CASES = [
    "",  # the empty query: the whole archive
    "country=KE",
    "country=KE&country=PE",  # OR within a facet
    "country=KE&section=Sport",  # AND across facets
    "country=-NO&year=2019&year=undated",  # an exclude, and the undated
    "source=Harbour+Gazette&lang=-fr&section=-Science",
    "q=zorblat",
    "q=zorblat&country=CL&source=-Inland+Courier",
    "q=quendix&year=2020",
]


@pytest.mark.parametrize("qs", CASES)
def test_facet_counts_agree_with_the_database(make_articles, qs):
    make_articles(*_records())
    params = SearchParams.from_querydict(QueryDict(qs))
    total, expected = _expected(params, params.q or None)
    results = search.find(params, facets=FACETS, facet_limit=1000, collapse=False)
    assert results.total == total
    for name in FACETS:
        got = {c.value: c.count for c in results.facets[name]}
        assert got == expected[name], name
        assert results.facet_totals[name] == len(expected[name]), name
