"""People and organisations as facets: URL parameters like the others, links that narrow, on the
search page and on every browse page (tests/test_browser.py clicks them in Chromium)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from articles.search import index
from articles.search.facets import FACETS, REGISTRY
from articles.search.params import SearchParams

pytestmark = pytest.mark.django_db

# Our own small newsroom: two mayors, one union, one bank; names the rule-based extractor finds.
PEOPLE_RECORDS = [
    {"id": "p-1", "title": "Harbour strike ends after talks", "published": "2024-05-02", "source": "Coast Herald",
     "body": "Harbour workers met Mayor Lindiwe Dube on Monday. Dube said the Port Authority of Durban would hire "
             "more staff, and the Transport Workers Union agreed to end the strike in Kenya."},
    {"id": "p-2", "title": "New library opens in the old station", "published": "2024-06-11", "source": "Coast Herald",
     "body": "Mayor Lindiwe Dube opened the new library on Saturday. Dube said the Transport Workers Union had "
             "helped to restore the old station building in Kenya."},
    {"id": "p-3", "title": "Rates held as inflation cools", "published": "2024-06-12", "source": "Money Daily",
     "body": "Finance Minister Tomas Varga told reporters that the Central Bank of Hungary will hold rates. "
             "Varga said the European Commission approved the plan."},
]  # fmt: skip
TITLES = {r["id"]: r["title"] for r in PEOPLE_RECORDS}


@pytest.fixture
def newsroom(make_articles):
    make_articles(*PEOPLE_RECORDS)


def titles(params: SearchParams) -> set[str]:
    return {h.article.title for h in index.search(params, facets=()).hits}


def test_person_and_org_are_registered_facets():
    assert {"person", "org"} <= set(FACETS)
    assert REGISTRY["person"].plural == "People" and REGISTRY["org"].plural == "Organisations"
    assert REGISTRY["person"].multi and REGISTRY["org"].multi


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"person": ["Lindiwe Dube"]}, {"p-1", "p-2"}),  # a person, by the name as shown
        ({"person": ["Lindiwe Dube", "Tomas Varga"]}, {"p-1", "p-2", "p-3"}),  # OR within the facet
        ({"person": ["-Lindiwe Dube"]}, {"p-3"}),  # "-" excludes
        ({"org": ["Port Authority of Durban"]}, {"p-1"}),  # an organisation
        ({"org": ["Transport Workers Union"], "person": ["Lindiwe Dube"]}, {"p-1", "p-2"}),  # AND across facets
        ({"org": ["European Commission"], "person": ["Lindiwe Dube"]}, set()),  # AND across: nothing in common
        ({"person": ["  Lindiwe   Dube "]}, {"p-1", "p-2"}),  # spacing as typed does not matter
    ],
)
def test_person_and_org_parameters_filter(newsroom, query, expected):
    params = SearchParams.from_querydict(query)
    assert not params.errors
    assert titles(params) == {TITLES[i] for i in expected}


def test_person_parameter_round_trips_in_the_query_string():
    params = SearchParams.from_querydict({"person": ["Lindiwe Dube", "-Tomas Varga"], "org": ["Central Bank"]})
    assert params.querystring() == "person=Lindiwe+Dube&person=-Tomas+Varga&org=Central+Bank"
    # Toggling a selected person removes it; toggling another adds it (the facet links).
    assert params.toggled("person", "Lindiwe Dube") == "person=-Tomas+Varga&org=Central+Bank"
    assert "person=Priya+Raman" in params.toggled("person", "Priya Raman")


def _facet_links(html: str, facet: str) -> dict[str, str]:
    """The facet's value links on a page: label -> href (the "exclude" links are left out)."""
    section = re.search(rf'<section class="facet facet-{facet}">(.*?)</section>', html, re.S)
    assert section, f"no {facet} facet on the page"
    found = re.findall(r'<a href="([^"]*)"(?: aria-pressed="true")?>([^<]+)</a>', section.group(1))
    return {unescape(label): unescape(href) for href, label in found}


def _result_titles(html: str) -> set[str]:
    listing = re.search(r'<ol class="results"[^>]*>(.*?)</ol>', html, re.S).group(1)
    return {unescape(t) for t in re.findall(r"<h3><a [^>]*>([^<]+)</a>", listing)} & set(TITLES.values())


def test_person_and_org_links_narrow_on_the_search_page(client, newsroom):
    html = client.get("/", {"q": "kenya"}).content.decode()
    assert _result_titles(html) == {TITLES["p-1"], TITLES["p-2"]}
    person = _facet_links(html, "person")["Lindiwe Dube"]
    assert person == "?q=kenya&person=Lindiwe+Dube"
    org = _facet_links(html, "org")["Port Authority of Durban"]
    assert _result_titles(client.get("/" + org).content.decode()) == {TITLES["p-1"]}


@pytest.mark.parametrize(
    ("url", "facet", "value", "expected"),
    [
        ("/countries/KE/", "person", "Lindiwe Dube", {"p-1", "p-2"}),
        ("/countries/KE/", "org", "Port Authority of Durban", {"p-1"}),
        ("/countries/HU/", "person", "Tomas Varga", {"p-3"}),
    ],
)
def test_person_and_org_links_narrow_on_browse_pages(client, newsroom, url, facet, value, expected):
    html = client.get(url).content.decode()
    href = _facet_links(html, facet)[value]
    assert href.startswith("/?") and f"{facet}=" in href  # a search of this page's articles and the value
    assert _result_titles(client.get(href).content.decode()) == {TITLES[i] for i in expected}


def test_api_takes_person_and_org_and_counts_them(client, newsroom):
    body = client.get("/api/search/", {"person": "Lindiwe Dube", "org": "-Port Authority of Durban"}).json()
    assert [r["title"] for r in body["results"]] == [TITLES["p-2"]]
    people = {f["value"]: f for f in body["facets"]["person"]}
    assert people["Lindiwe Dube"]["selected"] and people["Lindiwe Dube"]["count"] == 1
    assert any(f["excluded"] for f in body["facets"]["org"])


def test_feed_of_a_person_search(client, newsroom):
    import feedparser

    feed = feedparser.parse(
        client.get("/feeds/search/", {"person": "Lindiwe Dube", "org": "-Port Authority of Durban"}).content
    )
    assert [e.title for e in feed.entries] == [TITLES["p-2"]]
