"""Chromium: the search box stays in step with the results (did you mean, Back, facets during live typing)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.factories import RECORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Our own records: "harvest" is common enough for "did you mean" to offer it for a typo.
HARVEST = [
    {
        "id": f"h-{i}",
        "title": f"{crop} harvest begins in {place}",
        "body": f"Farmers in {place} began the {crop.lower()} harvest on Monday. The harvest was early this year "
        f"after a warm spring, growers said, and the harvest should be larger than last year's.",
        "published": f"202{i}-0{i + 1}-10",
        "source": "Farm Weekly",
    }
    for i, (crop, place) in enumerate([("Wheat", "Kenya"), ("Maize", "Tanzania"), ("Rice", "Kenya")])
]


@pytest.fixture
def archive(make_articles):
    make_articles(*RECORDS, *HARVEST)


def test_did_you_mean_puts_the_corrected_query_in_the_box(page, live_server, archive):
    page.goto(live_server.url + "/?q=harvst")
    link = page.locator("p.suggestion a")
    expect(link).to_contain_text("harvest")
    link.click()
    page.wait_for_url("**q=harvest**")
    expect(page.locator("ol.results > li")).to_have_count(3)
    expect(page.locator("#q")).to_have_value("harvest")


def test_back_after_live_typing_restores_box_and_results(page, live_server, archive):
    page.goto(live_server.url + "/")
    page.fill("#q", "football")
    page.wait_for_url("**q=football**")
    expect(page.locator("ol.results > li")).to_have_count(1)
    page.fill("#q", "harvest")
    page.wait_for_url("**q=harvest**")
    expect(page.locator("ol.results > li")).to_have_count(3)
    page.go_back()
    page.wait_for_url("**q=football**")
    expect(page.locator("ol.results > li")).to_have_count(1)
    expect(page.locator("#q")).to_have_value("football")


def test_back_without_the_history_cache_gets_the_whole_page(page, live_server, archive):
    page.goto(live_server.url + "/")
    page.evaluate("htmx.config.historyCacheSize = 0")  # as when the browser's storage is full or cleared
    page.evaluate("localStorage.clear()")
    page.fill("#q", "football")
    page.wait_for_url("**q=football**")
    page.fill("#q", "harvest")
    page.wait_for_url("**q=harvest**")
    page.go_back()
    page.wait_for_url("**q=football**")
    expect(page.locator("header.site")).to_have_count(1)  # not the results fragment alone
    expect(page.locator("#q")).to_have_value("football")
    expect(page.locator("ol.results > li")).to_have_count(1)


def test_a_facet_clicked_while_a_live_search_is_pending_is_kept(page, live_server, archive):
    page.goto(live_server.url + "/?q=harvest")
    expect(page.locator("ol.results > li")).to_have_count(3)
    page.fill("#q", "harvest farmers")  # the live search waits 350 ms for more keys...
    page.click("#filters >> text=Tanzania")  # ...and the reader clicks a facet meanwhile
    page.wait_for_timeout(1200)  # let the delayed search (if any) run too
    expect(page.locator("#filters li.selected")).to_have_count(1)
    assert "country=TZ" in page.url and "farmers" in page.url
    expect(page.locator("ol.results > li")).to_have_count(1)
    expect(page.locator("#q")).to_have_value("harvest farmers")
    # The filter is part of the form now: typing more keeps it.
    page.fill("#q", "harvest")
    page.wait_for_url(lambda url: "farmers" not in url)
    assert "country=TZ" in page.url
    expect(page.locator("#filters li.selected")).to_have_count(1)


def test_live_search_shows_a_loading_indicator(page, live_server, archive):
    page.goto(live_server.url + "/")
    expect(page.locator("#loading")).to_be_hidden()
    page.route("**/?q=*", lambda route: (page.wait_for_timeout(600), route.continue_()))
    page.fill("#q", "harvest")
    expect(page.locator("#loading")).to_be_visible()
    expect(page.locator("#loading")).to_be_hidden(timeout=5000)
    expect(page.locator("ol.results > li")).to_have_count(3)
